#!/usr/bin/env bash
# Busy-day replay time and idle memory (docs/benchmarks.md, "Busy-day replay" and "Memory"), RUNS times each:
#   - a generated busy day (Footy.Benchmarks.Load busy-day: FIXTURES overlapping fixtures polled every 60 s, no clips)
#     replayed by `footy replay --json --timing`: the command's wall and CPU seconds and peak RSS, and the per-poll times
#     the replay reports (mean, p50, p95, max, slowest stage);
#   - the same day served by `footy run --recording` (admin endpoint and goals page up), then left idle SETTLE seconds:
#     its resident memory, split from /proc/PID/smaps into the GC heap and other anonymous memory, the JIT's code and
#     loader heaps (memfd:doublemapper, or anonymous with W^X off), and mapped files (assemblies, native libraries).
# It measures footy as it ships: published for this machine's runtime (ReadyToRun, framework-dependent, as the Docker
# image has it) into artifacts/busy-day; FOOTY=path/to/footy measures another build (a self-contained publish, or
# src/Footy.Cli/bin/Release/net10.0/footy for the JIT-only build). Runtime settings can be tried with DOTNET_ variables
# (e.g. DOTNET_TieredCompilation=0); the published defaults are in src/Footy.Cli/Runtime.props. Prints Markdown rows;
# the median of the runs is the figure to quote.
#   benchmarks/busy-day.sh [--no-build]       env: RUNS=3 FIXTURES=20 SEED=11 SETTLE=60 PORT=19411 WORK=$TMPDIR/footy-busy-day FOOTY=
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-3}"; fixtures="${FIXTURES:-20}"; seed="${SEED:-11}"; settle="${SETTLE:-60}"; port="${PORT:-19411}"
work="${WORK:-${TMPDIR:-/tmp}/footy-busy-day}"
rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
footy="${FOOTY:-$root/artifacts/busy-day/footy}"
load="$root/benchmarks/Footy.Benchmarks.Load/bin/Release/net10.0/Footy.Benchmarks.Load.dll"
if [ "${1:-}" != "--no-build" ]; then
  [ -n "${FOOTY:-}" ] || dotnet publish "$root/src/Footy.Cli" -c Release -r "$rid" --self-contained false -o "$root/artifacts/busy-day" --nologo -v q -clp:ErrorsOnly
  dotnet build "$root/benchmarks/Footy.Benchmarks.Load" -c Release --nologo -v q -clp:ErrorsOnly
fi
rm -rf "$work"; mkdir -p "$work"
day="$work/busy-day"
dotnet "$load" busy-day "$day" "$fixtures" "$seed" >&2
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

echo "## Busy-day replay ($(ls "$day/polls" | wc -l) polls of 60 s, $fixtures fixtures; load average before: $(loadavg))"
echo "| run | wall s | CPU s (user+sys) | peak RSS MB | polls | per poll mean / p50 / p95 / max ms | slowest stage (share of poll time) |"
echo "|---|---|---|---|---|---|---|"
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %U %S %M" -o "$work/time-$i" \
    "$footy" replay "$day" --data "$work/replay-$i" --json --timing "$work/timing-$i.json" >"$work/summary-$i.json" 2>"$work/replay-$i.log"
  read -r wall user sys maxrss <"$work/time-$i"
  echo "$wall" >>"$work/walls"
  python3 - "$work/timing-$i.json" "$i" "$wall" "$user" "$sys" "$maxrss" <<'PY'
import json, sys
t = json.load(open(sys.argv[1])); i, wall, user, sys_, rss = sys.argv[2:]
ms = lambda s: f"{s * 1000:.0f}"
slow = t["stages"][0]
print(f"| {i} | {float(wall):.1f} | {float(user) + float(sys_):.1f} | {int(rss) // 1024} | {t['polls']} | "
      f"{ms(t['mean_seconds'])} / {ms(t['p50_seconds'])} / {ms(t['p95_seconds'])} / {ms(t['max_seconds'])} | "
      f"{slow['stage']} {slow['total_seconds']:.1f} s ({slow['share'] * 100:.0f}%) |")
PY
done
echo "median wall: $(median <"$work/walls") s; load average after: $(loadavg)"
echo

echo "## Idle after the busy day (settled $settle s; load average before: $(loadavg))"
echo "| run | played in s | peak RSS MB | idle RSS MB | managed in use MB | other anonymous MB | JIT code and loader heaps MB | mapped files MB | threads |"
echo "|---|---|---|---|---|---|---|---|---|"
for i in $(seq "$runs"); do
  data="$work/idle-$i"; mkdir -p "$data"
  start=$(date +%s.%N)
  FOOTY_Admin__Port=$port FOOTY_Web__Port=$((port + 1)) "$footy" run --recording "$day" --data "$data" --pace 1 >"$data.log" 2>&1 &
  pid=$!
  until grep -q "played to its end" "$data.log"; do
    kill -0 $pid 2>/dev/null || { echo "footy run stopped: see $data.log" >&2; exit 1; }
    sleep 0.5
  done
  played=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
  sleep "$settle"
  gc=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^dotnet_total_memory_bytes/ { printf "%d", $2 / 1048576 }')
  hwm=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' /proc/$pid/status)
  rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' /proc/$pid/status)
  threads=$(awk '/Threads/ { print $2 }' /proc/$pid/status)
  # smaps: anonymous (GC heap, native heaps, stacks; the JIT code too with W^X off), the JIT's double-mapped code and loader heaps, mapped files.
  read -r anon jit files < <(awk '/^[0-9a-f]+-[0-9a-f]+ / { n = $6 } /^Rss:/ {
      if (n ~ /doublemapper/) j += $2; else if (n == "" || n ~ /^\[(heap|stack)/) a += $2; else f += $2 }
    END { printf "%d %d %d\n", a / 1024, j / 1024, f / 1024 }' /proc/$pid/smaps)
  kill -TERM $pid; wait $pid || true
  echo "$rss" >>"$work/idle-rss"
  echo "| $i | $played | $hwm | $rss | $gc | $((anon - gc)) | $jit | $files | $threads |"
done
echo "median idle RSS: $(median <"$work/idle-rss") MB; load average after: $(loadavg)"
