#!/usr/bin/env bash
# Request validation figures: the public contract's getMemberAccount, listServiceItems and applyWithdrawal requests
# validated by vertx-openapi's RequestValidator (a schema validator built per parameter per request, on a worker thread)
# and by the edge's prepared validators (hpf.channel.RequestValidation), µs and bytes allocated per request.
# Usage: bench/validation.sh [iterations per round] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
# The crypto module and the parent POM come from the reactor (-am): nothing is installed.
mvn -q -B -pl verticles -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/verticles/target/bench.classpath" \
  -Dmdep.includeScope=test -Dhpf.lint.skip=true
echo "load: $(cat /proc/loadavg)"
exec java -Dhpf.log.level=WARN -cp "verticles/target/test-classes:verticles/target/classes:$(cat verticles/target/bench.classpath)" \
  hpf.channel.ValidationBench "$@"
