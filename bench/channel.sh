#!/usr/bin/env bash
# The channel path side by side with a bare Vert.x 5 + vertx-pg-client server (docs/load-tests.md):
# wrk replays requests signed in advance against each, pgbench runs a withdrawal's statements, and one table prints
# req/s, p50, p99, errors and the share of the bare limit per scenario, with the machine's cores and load.
# Usage: bench/channel.sh [scenario ...]   (default: bare catalogue member staff withdrawal pgbench)
# Settings (environment): HPF_JAR (default verticles/target/hpf.jar, built if missing), HPF_BENCH_DATA_DIR (an
# existing data directory used as it is, e.g. one made by `hpf.jar generate`), HPF_BENCH_MEMBERS (30000: on a new data
# directory, members generated beside the demo set of 300; 0 for none), HPF_BENCH_WARMUP (10 s), HPF_BENCH_DURATION (20 s),
# HPF_BENCH_THREADS (2), HPF_BENCH_CONNECTIONS (100), HPF_BENCH_BARE_ROWS (1000000), HPF_BENCH_MAX_REQUESTS (300000
# signed per run), HPF_BENCH_LOCK (/tmp/hpf-bench.lock), HPF_BENCH_PLATFORM_JAVA_OPTS (the platform's JVM options),
# MVN_FLAGS (e.g. -o). Benchmarks must run alone: the lock keeps
# two benchmarks apart, never a build beside one.
set -euo pipefail
cd "$(dirname "$0")/.."
lock=${HPF_BENCH_LOCK:-/tmp/hpf-bench.lock}
if [ -z "${HPF_BENCH_LOCKED:-}" ]; then
  echo "taking the benchmark lock $lock (waits while another benchmark runs)"
  HPF_BENCH_LOCKED=1 exec flock "$lock" "$PWD/bench/channel.sh" "$@"
fi
[ $# -gt 0 ] || set -- bare catalogue member staff withdrawal pgbench
jar=${HPF_JAR:-verticles/target/hpf.jar}
warmup=${HPF_BENCH_WARMUP:-10} duration=${HPF_BENCH_DURATION:-20}
threads=${HPF_BENCH_THREADS:-2} connections=${HPF_BENCH_CONNECTIONS:-100}
rows=${HPF_BENCH_BARE_ROWS:-1000000} max_requests=${HPF_BENCH_MAX_REQUESTS:-300000}
mvn_flags=${MVN_FLAGS:-}
generate=${HPF_BENCH_MEMBERS:-30000}
public=38080 management=39090 sandbox=38090 bare_port=38180 db_port=38432
load_before=$(cut -d' ' -f1-3 /proc/loadavg | sed 's/ /, /g')

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "wrk is missing: install it (Debian/Ubuntu: sudo apt-get install wrk) and run again" >&2; exit 2
  fi
fi
for tool in pgbench psql curl unzip; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (Debian: apt-get install postgresql-client curl unzip)" >&2; exit 2; }
done
# The bare server and the pre-signer are test classes (never in the jar); the crypto module comes from the reactor.
if [ ! -f "$jar" ]; then
  [ -z "${HPF_JAR:-}" ] || { echo "HPF_JAR=$jar does not exist" >&2; exit 2; }
  mvn -q -B $mvn_flags package -DskipTests -Dhpf.lint.skip=true -pl verticles -am
fi
mvn -q -B $mvn_flags -pl verticles -am test-compile dependency:build-classpath -Dhpf.lint.skip=true \
  -Dmdep.outputFile="$PWD/verticles/target/bench.classpath" -Dmdep.includeScope=test
cp="verticles/target/test-classes:verticles/target/classes:$(cat verticles/target/bench.classpath)"

work=$(mktemp -d /tmp/hpf-channel-bench.XXXXXX)
pid=""
stop() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi
}
logs=$PWD/verticles/target/channel-bench
finish() {
  stop
  mkdir -p "$logs" && cp "$work"/*.log "$logs"/ 2>/dev/null || true
  rm -rf "$work"
}
trap finish EXIT
results=$work/results

# wrk run: NAME URL ARGS... -> prints the RESULT line, and with NAME (not warm-up) keeps it for the table.
run_wrk() {
  local name=$1 seconds=$2 url=$3; shift 3
  local out
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s bench/replay.lua "$url" -- "$@" \
    >"$work/wrk-$name.log" 2>&1 || { cat "$work/wrk-$name.log" >&2; return 1; }
  out=$(grep '^RESULT' "$work/wrk-$name.log")
  echo "  $name: $out"
  echo "$out" >"$work/last"
  [ "$name" = warm-up ] || echo "$name $out" >>"$results"
}
# The requests/s of a RESULT line.
rate_of() { awk '{for(i=1;i<=NF;i++){split($i,a,"=");v[a[1]]=a[2]}} END{printf "%d", v["requests"]/(v["duration_us"]/1e6)}'; }

wait_for() { # URL PID LOG
  until curl -sf -o /dev/null "$1"; do
    kill -0 "$2" 2>/dev/null || { echo "exited before it was ready; its log:" >&2; tail -30 "$3" >&2; exit 1; }
    sleep 0.5
  done
}

bare() {
  echo "bare server: Vert.x + vertx-pg-client, $rows rows in its own embedded PostgreSQL ($work/bare)"
  java -cp "$cp" hpf.bench.BareServer "$bare_port" "$rows" "$work/bare" >"$work/bare.log" 2>&1 &
  pid=$!
  wait_for "http://127.0.0.1:$bare_port/rows/1" "$pid" "$work/bare.log"
  run_wrk warm-up "$warmup" "http://127.0.0.1:$bare_port" bare "$rows"
  run_wrk bare "$duration" "http://127.0.0.1:$bare_port" bare "$rows"
  stop
}

data=${HPF_BENCH_DATA_DIR:-$work/data}
start_platform() {
  (
    export HPF_DATA_DIR="$data" HPF_BIND_HOST=127.0.0.1 HPF_CLUSTER_NAME="hpf-bench-$$" HPF_SANDBOX_BANK_PORT=0
    export HPF_PUBLIC_PORT=$public HPF_BANK_PORT=38081 HPF_INTEROP_PORT=38082 HPF_ADMIN_PORT=38083
    export HPF_MANAGEMENT_PORT=$management HPF_SANDBOX_PORT=$sandbox HPF_EMBEDDED_DB_PORT=$db_port
    export HPF_CHANNEL_POLICIES_DIR="$work/policies" HPF_SETTLEMENT_DISPATCH=${HPF_SETTLEMENT_DISPATCH:-false}
    # HPF_BENCH_PLATFORM_JAVA_OPTS: JVM options of the platform only (e.g. a JFR recording to profile a run).
    cd "$work" && exec java ${HPF_BENCH_PLATFORM_JAVA_OPTS:-} -jar "$jar" >>"$work/platform.log" 2>&1
  ) &
  pid=$!
  wait_for "http://127.0.0.1:$management/health/ready" "$pid" "$work/platform.log"
}
platform() {
  jar=$(realpath "$jar")
  # The jar's own policies with the two benchmarked apps' limits raised, so capacity shows rather than the limits.
  mkdir -p "$work/policies"
  unzip -o -q -j "$jar" 'channel-policies/*' -d "$work/policies"
  for app in demo-mobile demo-counter; do
    cat >"$work/policies/$app.yaml" <<'EOF'
rate: {perSecond: 1000000, burst: 1000000}
quota: {daily: unlimited, monthly: unlimited}
operationRates:
  createSession: {perSecond: 1000000, burst: 1000000}
perMember:
  createSession: {limit: 1000000, per: minute}
  applyWithdrawal: {limit: 1000000, per: day}
EOF
  done
  echo "platform: $jar on ${HPF_BENCH_DATA_DIR:-a new data directory} (log $work/platform.log)"
  start_platform
  if [ -z "${HPF_BENCH_DATA_DIR:-}" ] && [ "$generate" -gt 0 ]; then
    stop
    echo "generating $generate members beside the demo set"
    HPF_DATA_DIR="$data" HPF_EMBEDDED_DB_PORT=$db_port java -jar "$jar" generate --members "$generate" \
      --add --seed 7 >>"$work/platform.log" 2>&1
    start_platform
  fi
  export PGPASSWORD; PGPASSWORD=$(cat "$data/db-owner-password")
  # A data directory just generated may not be analyzed yet: without statistics the selection below can take minutes.
  psql_q "ANALYZE member_account, bank_card, withdrawal_application" >/dev/null
  # Whom staff read (any generated account) and who may apply: a normal account, a bound card, no rent in flight.
  psql_q "SELECT person_id FROM member_account WHERE person_id LIKE 'P1%' ORDER BY random() LIMIT 100000" \
    >"$work/accounts.txt"
  psql_q "SELECT a.person_id FROM member_account a JOIN bank_card c ON c.person_id = a.person_id
    AND c.unbound_at IS NULL WHERE a.status = '01' AND a.person_id LIKE 'P1%' AND NOT EXISTS (SELECT 1
    FROM withdrawal_application w WHERE w.person_id = a.person_id AND w.reason = '07'
    AND w.status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED')) ORDER BY random() LIMIT $max_requests" \
    >"$work/applicants.txt"
  members=$(psql_q "SELECT count(*) FROM member_account")
  echo "  $members member accounts; $(wc -l <"$work/applicants.txt") generated members may apply for rent now"
}

psql_q() { psql -h 127.0.0.1 -p "$db_port" -U postgres -d hpf -qAtX -c "$1"; }

# Pre-signs COUNT requests of SCENARIO (ids from line SKIP) into FILE; prints how many it wrote.
presign() {
  java -cp "$cp" hpf.bench.PreSigner "$1" "http://127.0.0.1:$public" "http://127.0.0.1:$sandbox" "$2" "$3" "$4" "$5"
}
scenario() { # NAME IDS
  local name=$1 ids=$2 skip=0 count
  count=$((${HPF_BENCH_WARMUP_RATE:-1500} * warmup))
  # Each withdrawal is another member's: the warm-up takes at most a quarter of those who may apply.
  [ "$name" != withdrawal ] || [ "$count" -le $(($(wc -l <"$ids") / 4)) ] || count=$(($(wc -l <"$ids") / 4))
  count=$(presign "$name" "$count" "$ids" 0 "$work/warm.req")
  run_wrk warm-up "$warmup" "http://127.0.0.1:$public" file "$work/warm.req" "$threads"
  [ "$name" != withdrawal ] || skip=$count
  # Enough for twice the warm-up's rate, at least 1,000/s, for the whole measured run.
  local warm_rate; warm_rate=$(rate_of <"$work/last")
  count=$(( (warm_rate * 2 > 1000 ? warm_rate * 2 : 1000) * duration ))
  [ "$count" -le "$max_requests" ] || count=$max_requests
  local started=$SECONDS
  count=$(presign "$name" "$count" "$ids" "$skip" "$work/run.req")
  echo "  signed $count requests in $((SECONDS - started)) s"
  [ "$count" -ge $((connections * 10)) ] || echo "  warning: only $count requests for $connections connections" \
    "(withdrawals: too few generated members may apply; see HPF_BENCH_MEMBERS)"
  run_wrk "$name" "$duration" "http://127.0.0.1:$public" file "$work/run.req" "$threads"
}

# pgbench: a withdrawal's statements (bench/withdrawal.pgbench) with random members, as many clients as connections.
pgbench_run() {
  local top; top=$(psql_q "SELECT max(substr(person_id, 2)::int) FROM member_account WHERE person_id LIKE 'P1%'")
  # The statements of the build that made the database: an older one has one audit chain head and one balance row.
  local script=bench/withdrawal.pgbench
  [ "$(psql_q "SELECT count(*) FROM information_schema.columns WHERE table_name = 'audit_chain_head'
    AND column_name = 'part'")" = 1 ] || script=bench/withdrawal-single-head.pgbench
  echo "pgbench: $script, $connections clients, members P10000001..P$top, writes to schema hpf_pgbench"
  psql -h 127.0.0.1 -p "$db_port" -U postgres -d hpf -qX -v ON_ERROR_STOP=1 -f bench/withdrawal-pgbench.sql
  local args=(-h 127.0.0.1 -p "$db_port" -U postgres -n -c "$connections" -j "$threads" -D "top=$top"
    -f "$script")
  pgbench "${args[@]}" -T "$warmup" hpf >/dev/null 2>&1 || true
  local out status=0; out=$(pgbench "${args[@]}" -T "$duration" -l --log-prefix="$work/pgbench" hpf 2>&1) || status=$?
  psql_q "SET client_min_messages = warning; DROP SCHEMA hpf_pgbench CASCADE" >/dev/null
  [ "$status" -eq 0 ] || { echo "$out" | tail -20 >&2; return 1; }
  echo "$out" | grep -E '^(tps|latency|number of (transactions actually|failed))' | sed 's/^/  /'
  # Percentiles from the per-transaction log (its third field: the transaction's latency in microseconds).
  local pct; pct=$(cat "$work"/pgbench.* | awk '{print $3}' | sort -n | awk '{v[NR] = $1}
    END {printf "p50_us=%d p99_us=%d", v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1]}')
  rm -f "$work"/pgbench.*
  echo "pgbench $(echo "$out" | awk '/^tps/ {t = $3} /^number of failed/ {f = $5} END {printf "tps=%d failed=%d", t, f}')" \
    "$pct" >>"$results"
}

started_at=$(date -u +%FT%TZ)
: >"$results"
ran_platform=""
for s in "$@"; do
  case "$s" in
    bare) bare ;;
    catalogue|member|staff|withdrawal|pgbench)
      [ -n "$ran_platform" ] || { platform; ran_platform=yes; }
      case "$s" in
        withdrawal) scenario withdrawal "$work/applicants.txt" ;;
        pgbench) pgbench_run ;;
        *) scenario "$s" "$work/accounts.txt" ;;
      esac ;;
    *) echo "unknown scenario $s (bare catalogue member staff withdrawal pgbench)" >&2; exit 2 ;;
  esac
done
stop
load_after=$(cut -d' ' -f1-3 /proc/loadavg | sed 's/ /, /g')

echo
echo "bench/channel.sh, $started_at: $(nproc) cores, load average (1, 5, 15 min) $load_before before and $load_after after;"
echo "wrk $threads threads, $connections connections, ${warmup} s warm-up, ${duration} s measured; platform $jar"
echo "${HPF_BENCH_DATA_DIR:+data directory $HPF_BENCH_DATA_DIR; }${members:+$members member accounts}"
echo
awk -v labels="bare=bare Vert.x + pg-client, one prepared SELECT|catalogue=signed catalogue read (SM2 app, no session)|member=member reads own account (SM2 app + session)|staff=staff reads an account (HMAC-SM3 app + session)|withdrawal=withdrawal submission (idempotent write)|pgbench=pgbench, a withdrawal's statements" '
  BEGIN { n = split(labels, l, "|"); for (i = 1; i <= n; i++) { split(l[i], kv, "="); label[kv[1]] = kv[2] }
          print "| scenario | req/s | p50 | p99 | errors | share of bare |"; print "|---|---|---|---|---|---|" }
  { delete v; for (i = 2; i <= NF; i++) { split($i, a, "="); v[a[1]] = a[2] }
    if ($1 == "pgbench") { tps = v["tps"]; rate["pgbench"] = tps
      printf "| %s | %d TPS | %.1f ms | %.1f ms | %d failed | |\n", label["pgbench"], tps, v["p50_us"] / 1000,
        v["p99_us"] / 1000, v["failed"]; next }
    r = v["requests"] / (v["duration_us"] / 1e6); rate[$1] = r
    share = rate["bare"] > 0 ? sprintf("%.2f", r / rate["bare"]) : "-"
    note = v["requests"] == 0 ? " (no answer within the run)" \
      : v["exhausted"] > 0 ? " (ran out of signed requests: a lower bound)" : ""
    printf "| %s | %d%s | %.1f ms | %.1f ms | %d non-2xx, %d socket | %s |\n", label[$1], r, note, v["p50_us"] / 1000,
      v["p99_us"] / 1000, v["non2xx"], v["socket"], share }
  END { if (rate["withdrawal"] > 0 && rate["pgbench"] > 0)
          printf "\nwithdrawal req/s / pgbench TPS = %.3f\n", rate["withdrawal"] / rate["pgbench"] }' "$results"
