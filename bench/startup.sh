#!/usr/bin/env bash
# Start-up figures of the default run: time to /health/ready with a cold (new) and a warm (kept) data
# directory, jar size, and idle RSS. Usage: bench/startup.sh [runs]   (builds the jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
jar=verticles/target/hpf.jar
[ -f "$jar" ] || mvn -q -B package -DskipTests -Dhpf.lint.skip=true
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
pid=""
export HPF_BIND_HOST=127.0.0.1 HPF_CLUSTER_NAME="hpf-bench-$$"
for p in PUBLIC:18080 BANK:18081 INTEROP:18082 ADMIN:18083 MANAGEMENT:19090; do export "HPF_${p%%:*}_PORT=${p##*:}"; done

start_until_ready() { # sets $elapsed (ms until ready) and leaves the process running as $pid
  local start end
  start=$(date +%s%N)
  java -jar "$jar" >"$work/run.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:19090/health/ready; do
    kill -0 "$pid" 2>/dev/null || { echo "platform exited; see log:" >&2; tail -5 "$work/run.log" >&2; exit 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  elapsed=$(( (end - start) / 1000000 ))
}
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }

echo "jar: $(( $(stat -c %s "$jar") / 1048576 )) MiB ($(stat -c %s "$jar") bytes)"
for i in $(seq 1 "$runs"); do
  export HPF_DATA_DIR="$work/cold-$i"
  start_until_ready; cold=$elapsed; stop
  start_until_ready; warm=$elapsed
  sleep 5 # idle: nothing calls it
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  stop
  echo "run $i: cold start ${cold} ms, warm start ${warm} ms, idle RSS ${rss} MiB"
done
