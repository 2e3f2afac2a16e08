#!/usr/bin/env bash
# Data generator throughput: for each size, a fresh embedded database (new data directory), then
# `java -jar hpf.jar generate --members N` (12 months, default seed) with its books check; prints the command's
# own figures (rows by table, rows/s), the wall time of the whole command and the database size on disk.
# Usage: bench/generate.sh [members ...]   (default: 100000 1000000; builds the jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=verticles/target/hpf.jar
[ -f "$jar" ] || mvn -q -B package -DskipTests -Dhpf.lint.skip=true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {print int($2/1048576)}' /proc/meminfo) GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
for members in "${sizes[@]}"; do
  export HPF_DATA_DIR="$work/data-$members"
  start=$(date +%s%N)
  java -jar "$jar" generate --members "$members" | grep -v '^{'
  end=$(date +%s%N)
  echo "members $members: wall time $(( (end - start) / 1000000 )) ms (JVM start, embedded PostgreSQL initdb and" \
    "migrations, generation, books check), database $(du -sm "$HPF_DATA_DIR/postgres" | cut -f1) MiB," \
    "load now $(cut -d' ' -f1-3 /proc/loadavg)"
  rm -rf "$HPF_DATA_DIR"
done
