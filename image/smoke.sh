#!/usr/bin/env bash
# Starts the built image without a container engine, the way a container runtime would: its layers unpacked into a
# root file system, its own entrypoint, environment, user (10001, non-root) and working directory, in new mount and
# PID namespaces with /proc mounted. The image has no embedded database (that needs a shell): a throw-away
# PostgreSQL 15 from the machine's binaries (/usr/lib/postgresql/15/bin, run as nobody) serves it. Waits for
# /health/ready, checks the metrics, then stops it with SIGTERM and expects a graceful exit 0. Needs root
# (unshare). Extra KEY=VALUE arguments are added to the container's environment.
# Usage: image/smoke.sh [image tar, default verticles/target/hpf-platform-image.tar] [KEY=VALUE ...]
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=verticles/target/hpf-platform-image.tar
if [[ $# -gt 0 && $1 != *=* ]]; then tarball=$1; shift; fi
[[ -f $tarball ]] || { echo "image/smoke.sh: no $tarball (build it: mvn -B -Pimage -DskipTests package)" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "image/smoke.sh: needs root (unshare --root)" >&2; exit 3; }

work=$(mktemp -d)
root=$work/rootfs
pid=
pg=${PG_BIN:-/usr/lib/postgresql/15/bin}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pgport=${SMOKE_PG_PORT:-$(free_port)}
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
  [[ -f $work/pg/postmaster.pid ]] && setpriv --reuid=nobody --regid=nogroup --clear-groups "$pg/pg_ctl" -D "$work/pg" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/image" "$root"
tar --warning=no-unknown-keyword -xf "$tarball" -C "$work/image"
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); exec("r=" + sys.argv[2]); print("\n".join(r) if isinstance(r, list) else r)' "$@"; }
config=$work/image/$(field "$work/image/manifest.json" 'd[0]["Config"]')
while read -r layer; do tar -xzf "$work/image/$layer" --warning=no-unknown-keyword -C "$root"; done < <(field "$work/image/manifest.json" 'd[0]["Layers"]')
mkdir -p "$root/proc"
mapfile -t entrypoint < <(field "$config" 'd["config"]["Entrypoint"]')
mapfile -t env < <(field "$config" 'd["config"]["Env"]')
user=$(field "$config" 'd["config"]["User"]')
workdir=$(field "$config" 'd["config"]["WorkingDir"]')
echo "image/smoke.sh: $tarball: user $user, workdir $workdir, $(du -sh "$root" | cut -f1) unpacked"

chmod 755 "$work" && mkdir "$work/pg" && chown nobody:nogroup "$work/pg"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
as_nobody "$pg/initdb" -D "$work/pg" -U hpf -A trust -E UTF8 --no-locale > "$work/initdb.log"
as_nobody "$pg/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w -o "-p $pgport -k $work/pg -c listen_addresses=127.0.0.1" start > /dev/null
as_nobody "$pg/createdb" -h 127.0.0.1 -p "$pgport" -U hpf hpf

# Free ports chosen now (fixed ones collide with ephemeral ports of whatever else runs on the machine).
read -r public bank interop admin mport sandbox sandbox_bank cluster < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(8)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')
# A sandbox on an external database must bind to loopback (docs/configuration.md).
env -i "${env[@]}" HPF_DB_URL="postgresql://127.0.0.1:$pgport/hpf" HPF_DB_USER=hpf HPF_BIND_HOST=127.0.0.1 \
  HPF_PUBLIC_PORT="$public" HPF_BANK_PORT="$bank" HPF_INTEROP_PORT="$interop" HPF_ADMIN_PORT="$admin" \
  HPF_MANAGEMENT_PORT="$mport" HPF_SANDBOX_PORT="$sandbox" HPF_SANDBOX_BANK_PORT="$sandbox_bank" \
  HPF_CLUSTER_PORT="$cluster" \
  HPF_CLUSTER_NAME="hpf-smoke-$$" "$@" \
  unshare --mount --pid --fork --kill-child --mount-proc=/proc --root="$root" --wd="$workdir" \
  --setuid="${user%%:*}" --setgid="${user##*:}" "${entrypoint[@]}" > "$work/out.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$mport/health/ready" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/out.log"; echo "image/smoke.sh: the platform exited before ready" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$mport/health/ready" || { tail -50 "$work/out.log"; echo "image/smoke.sh: not ready in 120 s" >&2; exit 1; }
echo
curl -fsS "http://127.0.0.1:$mport/metrics" | grep -E '^hpf_boot_(ready|startup_seconds) '
java_pid=$(pgrep -f -n "^/opt/java/bin/java .*hpf.cli.Main")
echo "image/smoke.sh: ready; the JVM (pid $java_pid) runs as uid $(awk '/^Uid:/{print $2}' "/proc/$java_pid/status")"
kill -TERM "$java_pid"
code=0
wait "$pid" || code=$?
pid=
grep -E '"msg":"HPF (ready|stopped)' "$work/out.log" | cut -c1-300 || true
echo "image/smoke.sh: exit code $code after SIGTERM"
exit "$code"
