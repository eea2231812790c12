#!/usr/bin/env bash
# Start-up of a published footy (docs/benchmarks.md, "Start-up and footprint"): for each folder given, RUNS times,
#   - `footy --help` (the CLI alone: runtime start and JIT of the command line),
#   - `footy config check` (plus configuration binding and validation),
#   - `footy run` serving a recording whose day is over (an empty journal, nothing to replay) until its admin endpoint
#     answers /healthz 200 and /readyz 200: the actor system, cluster, persistence, shards, singleton and Kestrel up.
# Prints one line per run: wall seconds and CPU seconds (user+sys; for `run`, the process's at the moment /readyz
# answered). On a shared machine the wall time follows the load; the CPU time is what start-up costs.
#   benchmarks/startup/measure.sh artifacts/footy-linux-x64 artifacts/footy-linux-x64-r2r
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${RUNS:-5}"
port="${PORT:-19310}"
now() { date +%s.%N; }
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15 + $16 + $17) / hz }' "/proc/$1/stat"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

for dir in "$@"; do
  footy="$(cd "$dir" && pwd)/footy"
  echo "== $dir ($(du -sh "$dir" | cut -f1))"
  for i in $(seq "$runs"); do
    help=$( { TIMEFORMAT='%R s (cpu %U+%S s)'; time "$footy" --help >/dev/null 2>&1; } 2>&1 )
    check=$( { TIMEFORMAT='%R s (cpu %U+%S s)'; time ( cd /tmp && "$footy" config check >/dev/null 2>&1 ); } 2>&1 )
    data=$(mktemp -d)
    start=$(now)
    FOOTY_Admin__Port=$port FOOTY_Cluster__Port=0 "$footy" run --recording "$root/recordings/saturday-overlap" \
      --start 2024-12-01T12:00:00Z --data "$data" >"$data.log" 2>&1 &
    pid=$!
    healthz=""; readyz=""
    for _ in $(seq 1200); do
      if [ -z "$healthz" ] && curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; then healthz=$(elapsed "$start" "$(now)"); fi
      if [ -n "$healthz" ] && curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; then readyz=$(elapsed "$start" "$(now)"); readycpu=$(cpu $pid); break; fi
      sleep 0.05
    done
    rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' /proc/$pid/status)
    kill -TERM $pid; wait $pid || true
    rm -rf "$data" "$data.log"
    echo "run $i: --help ${help}, config check ${check}, /healthz ${healthz}s, /readyz ${readyz}s (cpu ${readycpu}s, rss ${rss} MB)"
  done
done
