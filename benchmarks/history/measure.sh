#!/usr/bin/env bash
# Start-up after a season of history (docs/benchmarks.md, "Season history"). For each journal (sqlite, postgres) and each
# number of seasons given, writes the generated history (`Footy.Benchmarks season`: 380 fixtures and ~1,000 goals a
# season, every event and snapshot the daemon journals, through Akka.Persistence and the daemon's serializer), then
# starts `footy run` on it RUNS+1 times against a local stand-in for API-Football (no fixtures today) and times each start
# from process start until /readyz answers 200 AND the poller singleton answers /api/status. The first start is reported apart: the read model projection catches up on the whole generated journal
# then (a journal written by a daemon would have been projected as it was written), and it runs on until the catch-up
# is done (footy_read_model_lag_events 0 on /metrics), also timed; the next RUNS are the restarts.
# Prints one line per start: wall seconds, CPU seconds of the daemon, its resident memory, and the journal's size.
#   benchmarks/history/measure.sh sqlite 1 2 4
#   benchmarks/history/measure.sh postgres 1 2 4          # a throwaway server from /usr/lib/postgresql/15/bin (initdb)
# Needs the CLI built (./footy --help builds it into .footy/bin; FOOTY_DLL=path/footy.dll picks another build) and the benchmark project (dotnet build -c Release benchmarks/Footy.Benchmarks).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
journal="$1"; shift
runs="${RUNS:-3}"
work="$(mktemp -d /tmp/footy-history.XXXXXX)"
pgbin=/usr/lib/postgresql/15/bin
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }

api_port=$(free_port)
# API-Football's answer for a day without fixtures, with its rate-limit headers.
python3 - "$api_port" >"$work/api.log" 2>&1 <<'PY' &
import http.server, json, sys
body = json.dumps({"get": "fixtures", "parameters": {}, "errors": [], "results": 0, "paging": {"current": 1, "total": 1}, "response": []}).encode()
class Api(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        for k, v in {"Content-Type": "application/json", "x-ratelimit-requests-limit": "7500", "x-ratelimit-requests-remaining": "7400",
                     "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299"}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Api).serve_forever()
PY
api_pid=$!
pg_pid=""
cleanup() {
  kill "$api_pid" 2>/dev/null || true
  if [ -n "$pg_pid" ]; then pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; fi
  rm -rf "$work"
}
trap cleanup EXIT

# As root (a CI container) the server runs as the postgres user, which initdb demands.
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$journal" = postgres ]; then
  pg_port=$(free_port)
  pgdir="$(mktemp -d /tmp/footy-history-pg.XXXXXX)"
  [ "$(id -u)" = 0 ] && chown postgres "$pgdir"
  pg "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust --no-sync >/dev/null
  pg "$pgbin/pg_ctl" -D "$pgdir/data" -w -o "-p $pg_port -k $pgdir -c listen_addresses=127.0.0.1 -F" -l "$pgdir/pg.log" start >/dev/null
  pg_pid=started
fi

# One start: until ready and polling, then (with catch_up=yes) until the read model has applied the whole journal, then
# SIGTERM. Prints "wall cpu rss caught-up-wall caught-up-cpu".
start_once() {
  local data="$1" log="$2" catch_up="${3:-}" admin web
  admin=$(free_port); web=$(free_port)
  local start; start=$(now)
  FOOTY_Admin__Port=$admin FOOTY_Web__Port=$web FOOTY_Cluster__Port=0 FOOTY_ApiFootball__ApiKey=history-benchmark \
  FOOTY_ApiFootball__BaseUrl="http://127.0.0.1:$api_port/" "${env_journal[@]}" \
    dotnet "${FOOTY_DLL:-$root/.footy/bin/footy.dll}" run --data "$data" >>"$log" 2>&1 &
  local pid=$! ready="" wall="" used="" rss=""
  for _ in $(seq 6000); do
    if [ -z "$ready" ] && curl -fs -o /dev/null "http://127.0.0.1:$admin/readyz"; then ready=yes; fi
    # /api/status is answered by the poller singleton itself: it has recovered and runs its cycles. (Its lastCycleAt
    # does not move on a day with nothing to poll: a cycle without an API call records nothing.)
    if [ -n "$ready" ] && curl -fs -o /dev/null "http://127.0.0.1:$admin/api/status"; then
      wall=$(elapsed "$start" "$(now)"); used=$(cpu $pid); rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' /proc/$pid/status)
      break
    fi
    sleep 0.05
  done
  local caught="-" caught_cpu="-"
  if [ -n "$catch_up" ] && [ -n "$wall" ]; then
    for _ in $(seq 3000); do
      if curl -fs "http://127.0.0.1:$admin/metrics" | grep -Eq '^footy_read_model_lag_events(\{[^}]*\})? 0$'; then
        caught=$(elapsed "$start" "$(now)"); caught_cpu=$(cpu $pid); break
      fi
      sleep 0.2
    done
  fi
  kill -TERM $pid; wait $pid || true
  echo "${wall:-timeout} ${used:-?} ${rss:-?} $caught $caught_cpu"
}

for seasons in "$@"; do
  data="$work/data-$seasons"
  mkdir -p "$data"
  env_journal=()
  gen=(--data "$data")
  if [ "$journal" = postgres ]; then
    db="history$seasons"
    "$pgbin/../bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE $db" >/dev/null
    cs="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$db"
    gen+=(--postgres "$cs")
    env_journal=(env FOOTY_Journal__Provider=PostgreSql "FOOTY_Journal__ConnectionString=$cs")
  else
    env_journal=(env)
  fi
  echo "== $journal, $seasons season(s)"
  dotnet "$root/benchmarks/Footy.Benchmarks/bin/Release/net10.0/Footy.Benchmarks.dll" season --seasons "$seasons" "${gen[@]}"
  if [ "$journal" = postgres ]; then
    size=$("$pgbin/../bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" -Atc "SELECT pg_size_pretty(pg_database_size('$db'))")
  else
    size=$(du -sh "$data" | cut -f1)
    sqlite3 "$data/journal.db" "SELECT 'journal rows: ' || group_concat(kind || ' ' || n || ' events ' || bytes || ' payload bytes', ', ') FROM (
      SELECT CASE WHEN persistence_id LIKE 'goal-%' THEN 'goal' WHEN persistence_id LIKE 'fixture-%' THEN 'fixture' ELSE persistence_id END AS kind,
             count(*) AS n, sum(length(message)) AS bytes FROM journal GROUP BY kind)"
  fi
  echo "journal: $size"
  read -r wall used rss caught caught_cpu < <(start_once "$data" "$work/footy-$seasons.log" yes)
  echo "first start: ready ${wall} s (cpu ${used} s, rss ${rss} MB); read model caught up on the whole journal ${caught} s (cpu ${caught_cpu} s)"
  for i in $(seq "$runs"); do
    read -r wall used rss < <(start_once "$data" "$work/footy-$seasons.log")
    echo "restart $i: ${wall} s (cpu ${used} s, rss ${rss} MB)"
  done
  grep -E "Poller recovered|projection of .* resumes" "$work/footy-$seasons.log" | tail -3 || true
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
