#!/usr/bin/env bash
# Fault isolation under load (figures in docs/performance.md): an operation that uses no data source, healthy and while the
# loan-information source hangs, the time to isolation, and isolated applications. Runs the platform in the
# benchmark's JVM (embedded PostgreSQL, sandbox). Usage: bench/isolation.sh [requests] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/.."
# The crypto module and the parent POM come from the reactor (-am): a clean local Maven repository works, nothing is
# installed. Every module of the reactor writes the classpath file; verticles, built last, writes it last.
mvn -q -B -pl verticles -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/verticles/target/bench.classpath" \
  -Dmdep.includeScope=test -Dhpf.lint.skip=true
exec java -cp "verticles/target/test-classes:verticles/target/classes:$(cat verticles/target/bench.classpath)" \
  hpf.bench.IsolationBench "$@"
