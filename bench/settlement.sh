#!/usr/bin/env bash
# Settlement dispatch throughput (figures in docs/performance.md): single payouts to the sandbox banks cleared by one and by
# two dispatcher instances. Runs the platform, the sandbox banks and the dispatchers in the
# benchmark's JVM (embedded PostgreSQL). Usage: bench/settlement.sh [payouts]
set -euo pipefail
cd "$(dirname "$0")/.."
# The crypto module and the parent POM come from the reactor (-am): a clean local Maven repository works, nothing is
# installed. Every module of the reactor writes the classpath file; verticles, built last, writes it last.
mvn -q -B -pl verticles -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/verticles/target/bench.classpath" \
  -Dmdep.includeScope=test -Dhpf.lint.skip=true
exec java -cp "verticles/target/test-classes:verticles/target/classes:$(cat verticles/target/bench.classpath)" \
  hpf.settlement.dispatch.SettlementBench "$@"
