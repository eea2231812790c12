#!/usr/bin/env bash
# The busy day under a memory limit (docs/benchmarks.md, "Memory"): how little memory the daemon runs in once the kernel
# may take back the clean file pages it maps (assemblies, native libraries), as systemd's MemoryHigh/MemoryMax do.
# For each LIMIT (MB) it drops the page cache (so every page the daemon touches is charged to it, not to whoever read
# the file first), starts `footy run --recording` on the busy day of benchmarks/busy-day.sh inside a memory cgroup with
# that limit, and reports how long the day took to play, whether the node stayed ready, and after SETTLE idle seconds
# the resident set (/proc) beside what the cgroup is charged (anonymous, page cache) and how often it hit the limit.
# Needs root and a memory cgroup (v1 memory.limit_in_bytes, or v2 memory.max); run benchmarks/busy-day.sh first.
#   benchmarks/memory-limit.sh 0 200 160 140      env: SETTLE=60 PORT=19511 WORK=$TMPDIR/footy-busy-day FOOTY=   (0: no limit)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
settle="${SETTLE:-60}"; port="${PORT:-19511}"
work="${WORK:-${TMPDIR:-/tmp}/footy-busy-day}"
footy="${FOOTY:-$root/artifacts/busy-day/footy}"
day="$work/busy-day"
[ -d "$day" ] || { echo "no busy day at $day: run benchmarks/busy-day.sh first" >&2; exit 1; }
if [ -w /sys/fs/cgroup/memory ]; then
  group=/sys/fs/cgroup/memory/footy-limit; limit_file=memory.limit_in_bytes
  charged() { awk '/^rss / { a = $2 } /^cache / { c = $2 } END { printf "%d | %d", a / 1048576, c / 1048576 }' "$group/memory.stat"; }
  hits() { cat "$group/memory.failcnt"; }
  reset() { echo 0 >"$group/memory.failcnt"; echo 0 >"$group/memory.max_usage_in_bytes"; }
elif [ -w /sys/fs/cgroup/cgroup.subtree_control ]; then
  group=/sys/fs/cgroup/footy-limit; limit_file=memory.max
  charged() { awk '/^anon / { a = $2 } /^file / { c = $2 } END { printf "%d | %d", a / 1048576, c / 1048576 }' "$group/memory.stat"; }
  hits() { awk '/^max / { print $2 - base }' base="$events_base" "$group/memory.events"; }
  reset() { events_base=$(awk '/^max / { print $2 }' "$group/memory.events"); }
else
  echo "no writable memory cgroup here (needs root)" >&2; exit 1
fi
mkdir -p "$group"
trap 'rmdir "$group" 2>/dev/null || true' EXIT

echo "## The busy day under a memory limit (settled $settle s; load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "| limit MB | played in s | ready when idle | idle RSS MB | cgroup: anonymous MB | cgroup: page cache MB | times at the limit |"
echo "|---|---|---|---|---|---|---|"
for limit in "$@"; do
  if [ "$limit" = 0 ]; then echo max >"$group/$limit_file" 2>/dev/null || echo -1 >"$group/$limit_file"
  else echo $((limit * 1048576)) >"$group/$limit_file"; fi
  data="$work/limit-$limit"; rm -rf "$data" "$data.log"; mkdir -p "$data"
  sync; echo 3 >/proc/sys/vm/drop_caches; reset
  start=$(date +%s.%N)
  sh -c 'echo $$ >"$1/cgroup.procs"; shift; exec "$@"' _ "$group" env FOOTY_Admin__Port="$port" FOOTY_Web__Port=$((port + 1)) \
    "$footy" run --recording "$day" --data "$data" --pace 1 >"$data.log" 2>&1 &
  pid=$!
  played="did not play in 300 s"
  for _ in $(seq 600); do
    if grep -q "played to its end" "$data.log"; then played=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }'); break; fi
    kill -0 $pid 2>/dev/null || { played="stopped (see $data.log)"; break; }
    sleep 0.5
  done
  sleep "$settle"
  rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' /proc/$pid/status 2>/dev/null || echo -)
  ready=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$port/readyz" || true)
  echo "| ${limit/#0/none} | $played | $ready | $rss | $(charged) | $(hits) |"
  kill -TERM $pid 2>/dev/null; wait $pid || true
done
