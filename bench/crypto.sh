#!/usr/bin/env bash
# JMH figures for caller security and field encryption (crypto module, one thread).
# Usage: bench/crypto.sh [class or class.method regex] [jmh options], e.g. bench/crypto.sh -f 1 -wi 2 -i 3
#   (everything), or bench/crypto.sh SessionToken -wi 2 -i 3 (a session token: generic vs dedicated curve, cached)
set -euo pipefail
cd "$(dirname "$0")/.."
benchmarks=hpf.crypto.bench
if [[ $# -gt 0 && $1 != -* ]]; then
  benchmarks="hpf\\.crypto\\.bench\\.$1"
  shift
fi
mvn -q -B -pl crypto test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/crypto/target/bench.classpath" \
  -Dmdep.includeScope=test
exec java -cp "crypto/target/test-classes:crypto/target/classes:$(cat crypto/target/bench.classpath)" \
  org.openjdk.jmh.Main "$benchmarks" "$@"
