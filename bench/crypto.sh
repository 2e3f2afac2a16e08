#!/usr/bin/env bash
# JMH figures for caller security and field encryption (crypto module, one thread).
# Usage: bench/crypto.sh [jmh options], e.g. bench/crypto.sh -f 1 -wi 2 -i 3
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl crypto test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/crypto/target/bench.classpath" \
  -Dmdep.includeScope=test
exec java -cp "crypto/target/test-classes:crypto/target/classes:$(cat crypto/target/bench.classpath)" \
  org.openjdk.jmh.Main hpf.crypto.bench "$@"
