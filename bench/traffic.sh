#!/usr/bin/env bash
# Traffic control figures (docs/performance.md): the cost of a local rate check (ns/op), and the throughput and overshoot of quota
# checks from two Hazelcast members sharing one quota (half the attempts fit). Usage: bench/traffic.sh [attempts] [inFlight]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl crypto install -DskipTests -Dhpf.lint.skip=true
mvn -q -B -pl verticles test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/verticles/target/bench.classpath" \
  -Dmdep.includeScope=test -Dhpf.lint.skip=true
exec java -Dhpf.log.level=WARN -cp "verticles/target/test-classes:verticles/target/classes:$(cat verticles/target/bench.classpath)" \
  hpf.traffic.TrafficBench "$@"
