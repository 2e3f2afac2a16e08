#!/usr/bin/env bash
# Traffic control figures (docs/performance.md): the cost of a local rate check (ns/op), and the throughput and overshoot of quota
# checks from two Hazelcast members sharing one quota (half the attempts fit). Usage: bench/traffic.sh [attempts] [inFlight]
set -euo pipefail
cd "$(dirname "$0")/.."
# The crypto module and the parent POM come from the reactor (-am): a clean local Maven repository works, nothing is
# installed. Every module of the reactor writes the classpath file; verticles, built last, writes it last.
mvn -q -B -pl verticles -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/verticles/target/bench.classpath" \
  -Dmdep.includeScope=test -Dhpf.lint.skip=true
exec java -Dhpf.log.level=WARN -cp "verticles/target/test-classes:verticles/target/classes:$(cat verticles/target/bench.classpath)" \
  hpf.traffic.TrafficBench "$@"
