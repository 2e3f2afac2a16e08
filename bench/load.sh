#!/usr/bin/env bash
# Runs Gatling simulations of load-tests/ against the platform, prints each report's figures and leaves its HTML report.
# Usage: bench/load.sh [Simulation ...]   (default MixedChannelsSimulation; several names run one after another)
#   MixedChannelsSimulation  DataSourceOutageSimulation  QuotaExhaustionSimulation  OpenRampSimulation
#   BankOutageSimulation     (class names in load-tests/src/test/java/hpf/load; docs/load-tests.md)
# Without HPF_TARGET_URL each simulation gets a platform of its own: the jar is built if missing and started on a new
# data directory (the first start generates the demo data set) on ports 28080-28083/29090 (sandbox 28090), then
# stopped; BankOutageSimulation's platform pays singles all day (HPF_SETTLEMENT_BATCH_WINDOW=off). With HPF_TARGET_URL
# (and HPF_SANDBOX_URL, HPF_ADMIN_URL, HPF_MANAGEMENT_URL: defaults 127.0.0.1:8090, :8083, :9090) it targets a running
# sandbox platform instead. Knobs of the simulations (HPF_LOAD_USERS, HPF_RAMP_RATES, ...) are read from the
# environment; MVN_FLAGS (e.g. -o) go to every mvn call. Exit status: the first failing simulation's (Gatling's,
# non-zero when an SLO assertion fails; 3 when DataSourceOutageSimulation's reads slowed down against the healthy phase).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- MixedChannelsSimulation
mvn_flags=${MVN_FLAGS:-}
pid=""
work=""
sampler=""
stop_platform() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi
  if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=""; fi
  [ -z "$work" ] || rm -rf "$work"
  work=""
}
trap stop_platform EXIT

# The simulations sign with the crypto module: it and the parent POM come from the reactor (-am), so nothing needs to
# be installed in the local Maven repository first (a clean one works) and the current crypto code is the one used.
own_platform=""
if [ -z "${HPF_TARGET_URL:-}" ]; then
  own_platform=yes
  [ -f verticles/target/hpf.jar ] || mvn -q -B $mvn_flags package -DskipTests -Dhpf.lint.skip=true -pl verticles -am
fi

start_platform() {
  work=$(mktemp -d)
  (
    export HPF_DATA_DIR="$work/data" HPF_BIND_HOST=127.0.0.1 HPF_CLUSTER_NAME="hpf-load-$$" HPF_SANDBOX_BANK_PORT=0
    for p in PUBLIC:28080 BANK:28081 INTEROP:28082 ADMIN:28083 MANAGEMENT:29090 SANDBOX:28090; do
      export "HPF_${p%%:*}_PORT=${p##*:}"
    done
    # Same-bank payouts go in batch files in the night window, booked under batch serials: the bank outage
    # simulation follows single payouts and their serials, so its platform pays singles all day.
    [ "$1" != BankOutageSimulation ] || export HPF_SETTLEMENT_BATCH_WINDOW=off
    exec java -jar verticles/target/hpf.jar >"$work/platform.log" 2>&1
  ) &
  pid=$!
  echo "starting the platform for $1 (data directory $work/data, log $work/platform.log)"
  until curl -sf -o /dev/null http://127.0.0.1:29090/health/ready; do
    kill -0 "$pid" 2>/dev/null || { echo "platform exited; see log:" >&2; tail -20 "$work/platform.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "platform ready"
}

overall=0
for simulation in "$@"; do
  if [ -n "$own_platform" ]; then
    start_platform "$simulation"
    target=http://127.0.0.1:28080 sandbox=http://127.0.0.1:28090 admin=http://127.0.0.1:28083 management=http://127.0.0.1:29090
  else
    target=$HPF_TARGET_URL sandbox=${HPF_SANDBOX_URL:-http://127.0.0.1:8090}
    admin=${HPF_ADMIN_URL:-http://127.0.0.1:8083} management=${HPF_MANAGEMENT_URL:-http://127.0.0.1:9090}
  fi
  # The machine is shared: the load average during the run goes with the figures.
  loads=$(mktemp)
  (while true; do cut -d' ' -f1 /proc/loadavg >>"$loads"; sleep 5; done) &
  sampler=$!
  started=$(date +%s)
  status=0
  # test-compile builds crypto and the simulations in one reactor; gatling:test runs in load-tests only (its POM sets
  # skip=false; -Dgatling.skip=true is for the parent and crypto, which have no simulations).
  mvn -B $mvn_flags -pl load-tests -am test-compile gatling:test -Dgatling.skip=true -Dhpf.lint.skip=true \
    -Dgatling.simulationClass="hpf.load.$simulation" \
    -DHPF_TARGET_URL="$target" -DHPF_SANDBOX_URL="$sandbox" -DHPF_ADMIN_URL="$admin" \
    -DHPF_MANAGEMENT_URL="$management" || status=$?
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=""
  report=$(ls -td load-tests/target/gatling/"$(echo "$simulation" | tr '[:upper:]' '[:lower:]')"-*/ 2>/dev/null | head -1)
  echo
  echo "== $simulation: $(( $(date +%s) - started )) s, load average (1 min) during the run $(sort -n "$loads" | head -1)" \
    "to $(sort -n "$loads" | tail -1) on $(nproc) cores"
  rm -f "$loads"
  if [ -n "$report" ] && [ -f "$report/index.html" ]; then
    extra=()
    case "$simulation" in
      OpenRampSimulation) extra=(--ramp 200) ;;
      # "Other operations keep their latency": the outage's reads against the healthy phase's, × 1.5 + 20 ms.
      DataSourceOutageSimulation) extra=(--compare "reads healthy" "reads outage" 1.5 20) ;;
    esac
    java bench/LoadReport.java "$report" "${extra[@]}" || { [ "$status" -ne 0 ] || status=$?; }
    [ -z "$work" ] || cp "$work/platform.log" "$report/platform.log"
    echo "HTML report: ${report}index.html"
  fi
  [ "$status" -eq 0 ] && echo "$simulation: all SLO assertions held" || echo "$simulation: some SLO assertions failed (exit $status)"
  [ "$overall" -ne 0 ] || overall=$status
  [ -z "$own_platform" ] || stop_platform
done
exit "$overall"
