#!/usr/bin/env bash
# Settlement dispatch throughput (figures in docs/performance.md): same-bank payouts to the sandbox banks cleared in batch files
# (BDC103/107/108) by one dispatcher. Runs the platform, the sandbox banks and the dispatchers in the
# benchmark's JVM (embedded PostgreSQL). Usage: bench/settlement-batch.sh [payouts, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
# The crypto module and the parent POM come from the reactor (-am): a clean local Maven repository works, nothing is
# installed. Every module of the reactor writes the classpath file; verticles, built last, writes it last.
mvn -q -B -pl verticles -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/verticles/target/bench.classpath" \
  -Dmdep.includeScope=test -Dhpf.lint.skip=true
exec java -cp "verticles/target/test-classes:verticles/target/classes:$(cat verticles/target/bench.classpath)" \
  hpf.settlement.dispatch.SettlementBatchBench "$@"
