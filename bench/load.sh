#!/usr/bin/env bash
# Runs one Gatling simulation of load-tests/ against the platform and leaves its HTML report.
# Usage: bench/load.sh [Simulation]   (default MixedChannelsSimulation; class names in load-tests/src/test/java/hpf/load)
# Without HPF_TARGET_URL it builds the jar if missing, starts the platform on a new data directory (the first start
# generates the demo data set), waits until ready, runs the simulation and stops the platform. With HPF_TARGET_URL
# (and HPF_SANDBOX_URL, default http://127.0.0.1:8090) it targets a running sandbox platform instead.
# Knobs: HPF_LOAD_USERS (100), HPF_LOAD_SECONDS (60); MVN_FLAGS (e.g. -o) go to every mvn call.
set -euo pipefail
cd "$(dirname "$0")/.."
simulation=${1:-MixedChannelsSimulation}
mvn_flags=${MVN_FLAGS:-}
pid=""
work=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT

# The simulations sign with the crypto module: make sure the current one is in the local repository.
mvn -q -B $mvn_flags install -DskipTests -Dhpf.lint.skip=true -pl crypto

if [ -z "${HPF_TARGET_URL:-}" ]; then
  jar=verticles/target/hpf.jar
  [ -f "$jar" ] || mvn -q -B $mvn_flags package -DskipTests -Dhpf.lint.skip=true -pl crypto,verticles
  work=$(mktemp -d)
  export HPF_DATA_DIR="$work/data" HPF_BIND_HOST=127.0.0.1 HPF_CLUSTER_NAME="hpf-load-$$" HPF_SANDBOX_BANK_PORT=0
  for p in PUBLIC:28080 BANK:28081 INTEROP:28082 ADMIN:28083 MANAGEMENT:29090 SANDBOX:28090; do
    export "HPF_${p%%:*}_PORT=${p##*:}"
  done
  echo "starting the platform (data directory $HPF_DATA_DIR, log $work/platform.log)"
  java -jar "$jar" >"$work/platform.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:29090/health/ready; do
    kill -0 "$pid" 2>/dev/null || { echo "platform exited; see log:" >&2; tail -20 "$work/platform.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "platform ready"
  export HPF_TARGET_URL=http://127.0.0.1:28080 HPF_SANDBOX_URL=http://127.0.0.1:28090
fi

status=0
mvn -B $mvn_flags -pl load-tests gatling:test -Dgatling.simulationClass="hpf.load.$simulation" \
  -DHPF_TARGET_URL="$HPF_TARGET_URL" -DHPF_SANDBOX_URL="${HPF_SANDBOX_URL:-http://127.0.0.1:8090}" \
  -DHPF_LOAD_USERS="${HPF_LOAD_USERS:-100}" -DHPF_LOAD_SECONDS="${HPF_LOAD_SECONDS:-60}" || status=$?
report=$(ls -td load-tests/target/gatling/*/ 2>/dev/null | head -1)
echo "HTML report: ${report}index.html"
[ "$status" -eq 0 ] && echo "all SLO assertions held" || echo "some SLO assertions failed (exit $status)"
exit "$status"
