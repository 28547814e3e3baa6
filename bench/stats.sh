#!/usr/bin/env bash
# Statistics at scale (issue 4 §5). Fills a database with RECORDS ledger rows over 90 days for 20 agents and 200 relays
# (bench/StatsBench.cs: raw SQLite bulk insert with the per-minute intervals the ledger triggers would write), lets
# `relay serve` roll the whole backlog up (the stats-rollup job), then measures:
#   1. GET /api/v1/stats for the last 24 h, 7 d, 30 d and 90 d, grouped by host and as a time series: p50/p95 of N requests;
#   2. the Statistics page for 30 d in headless Chromium (bench/StatsPaint.cs): navigation → chart and top tables shown;
#   3. p99 latency through a TCP relay (a new connection per request) before, again without retention (a control), and
#      while the retention job deletes what is older than the retention settings (closed connections 30 d, intervals
#      30 d, minute roll-ups 7 d).
# Every step prints its start, its duration and the load average; every wait is bounded and says what it waited for when
# it gives up (STARTUP_TIMEOUT, ROLLUP_TIMEOUT, QUERY_TIMEOUT seconds; defaults below).
# Usage: bench/stats.sh [RECORDS] [REQUESTS]   (defaults 10000000 and 20; e.g. `bench/stats.sh 1000000` for a quick run)
set -euo pipefail
RECORDS=${1:-10000000}
N=${2:-20}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-180}
# The catch-up rolls ~130,000 minutes of 90 days; at 10,000,000 records that took ~8 minutes on 2 cores.
ROLLUP_TIMEOUT=${ROLLUP_TIMEOUT:-$(( 900 + RECORDS / 2500 ))}
QUERY_TIMEOUT=${QUERY_TIMEOUT:-900}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$D"; }
trap cleanup EXIT
command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }

T0=$(date +%s)
STEP_START=$T0
load() { cut -d' ' -f1-3 /proc/loadavg; }
# step "title": closes the previous step with its duration, opens the next one with the time since start and the load.
step() {
  local now; now=$(date +%s)
  [ "$STEP_START" != "$T0" ] && echo "   (step took $(( now - STEP_START )) s)"
  STEP_START=$now
  echo
  echo "==> [+$(( now - T0 )) s, load $(load)] $1"
}
fail() { echo "FAILED after $(( $(date +%s) - T0 )) s: $1" >&2; [ -f "$D/relay.log" ] && { echo "--- last lines of relay.log:" >&2; tail -n 30 "$D/relay.log" >&2; }; exit 1; }
# bounded SECONDS DESCRIPTION COMMAND...: runs a step's command, killed with a clear message when it overruns.
bounded() { local secs=$1 what=$2; shift 2; timeout --foreground "$secs" "$@" || { local rc=$?; [ $rc -eq 124 ] && fail "$what did not finish within $secs s"; fail "$what exited with $rc"; }; }

step "Building Relay (Release) and the generators"
dotnet build "$ROOT/src/RelayWeb" -c Release -nologo -v quiet -clp:ErrorsOnly
DLL="$ROOT/src/RelayWeb/bin/Release/net10.0/relay.dll"
dotnet build "$ROOT/bench/StatsBench.cs" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build "$ROOT/bench/StatsPaint.cs" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
command -v chromium >/dev/null || [ -n "${RELAY_CHROMIUM:-}" ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
BENCH=(dotnet run --no-build -c Release "$ROOT/bench/StatsBench.cs" --)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RELAY=(env "Serilog__MinimumLevel__Override__RelayWeb.Cli.ConsoleConnectionReporter=Warning" DOTNET_ENVIRONMENT=Production dotnet "$DLL")
TOKEN=bench-stats-token-0123456789
PORT=$(free_port); URL="http://127.0.0.1:$PORT"
DB="$D/data/relay.db"
serve() {
  "${RELAY[@]}" serve --data-dir "$D/data" --listen-port "$PORT" --api-token "$TOKEN" --admin-password bench-password >>"$D/relay.log" 2>&1 &
  SERVER=$!; PIDS+=($SERVER)
  local deadline=$(( $(date +%s) + STARTUP_TIMEOUT ))
  until grep -q "Application started" "$D/relay.log" 2>/dev/null; do
    kill -0 "$SERVER" 2>/dev/null || fail "relay serve exited during start-up"
    [ "$(date +%s)" -lt "$deadline" ] || fail "relay serve did not log 'Application started' within $STARTUP_TIMEOUT s"
    sleep 0.2
  done
}
api() { curl -sf --max-time 30 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
count() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }

step "Creating the schema (relay serve, then stopped)"
serve; kill $SERVER; wait $SERVER 2>/dev/null || true; : >"$D/relay.log"

step "Filling $(printf "%'d" "$RECORDS") ledger records over 90 days, 20 agents, 200 relays"
bounded $(( 600 + RECORDS / 5000 )) "the fill" "${BENCH[@]}" fill "$DB" "$RECORDS" 90 20 200 2>&1 | sed -u 's/^/   /'
echo "   database: $(( $(stat -c %s "$DB") / 1048576 )) MiB, $(printf "%'d" "$(count 'SELECT COUNT(*) FROM stats_dirty')") minutes marked for roll-up"

step "Roll-up of the whole backlog by relay serve's stats-rollup job (at most $ROLLUP_TIMEOUT s)"
serve
echo "   relay serve started in $(( $(date +%s) - STEP_START )) s"
# 409 when the every-minute run already started: that run does the same work.
api -X POST "$URL/api/v1/jobs/stats-rollup/run" >/dev/null || true
# Done when no minute is marked and no ended day or week waits to be summed (the current day and week are summed once
# they end: their marks stay), and no run is in progress.
left() {
  count "SELECT COUNT(*) FROM stats_dirty WHERE Level = 0 OR (Level = 2 AND Bucket + 1440 <= strftime('%s', 'now') / 60)
         OR (Level = 3 AND Bucket + 10080 <= strftime('%s', 'now') / 60)" 2>/dev/null || echo "?"
}
job() { api "$URL/api/v1/jobs/stats-rollup" 2>/dev/null || echo '{}'; }
deadline=$(( STEP_START + ROLLUP_TIMEOUT )); last_print=0
while true; do
  kill -0 "$SERVER" 2>/dev/null || fail "relay serve exited during the roll-up"
  state=$(job)
  running=$(echo "$state" | python3 -c 'import json,sys; j=json.load(sys.stdin); r=j.get("running"); print("" if not r else (r.get("progressMessage") or "started"))' 2>/dev/null || echo "")
  marks=$(left)
  [ "$marks" = "0" ] && [ -z "$running" ] && break
  now=$(date +%s)
  if [ $(( now - last_print )) -ge 15 ]; then
    echo "   [+$(( now - STEP_START )) s, load $(load)] ${running:-between runs}; $marks marks left"
    last_print=$now
  fi
  [ "$now" -lt "$deadline" ] || fail "the roll-up did not finish within $ROLLUP_TIMEOUT s ($marks marks left; job: ${running:-not running}; last run: $(echo "$state" | python3 -c 'import json,sys; r=json.load(sys.stdin).get("lastRun") or {}; print(r.get("outcome"), r.get("message"))' 2>/dev/null))"
  sleep 2
done
printf "   rolled up in %d s (from start-up): %'d minute rows, %'d hour rows, %'d day rows, %'d per-dimension rows\n" "$(( $(date +%s) - STEP_START ))" \
  "$(count 'SELECT COUNT(*) FROM stats_minute')" "$(count 'SELECT COUNT(*) FROM stats_hour')" "$(count 'SELECT COUNT(*) FROM stats_day')" "$(count 'SELECT COUNT(*) FROM stats_top')"
# The catch-up run, not the every-minute runs skipped while it worked.
echo "   catch-up run: $(api "$URL/api/v1/jobs/stats-rollup/runs?limit=100" | python3 -c '
import json, sys
runs = [r for r in json.load(sys.stdin) if r.get("outcome") != "skipped"]
r = max(runs, key=lambda r: r.get("durationMs") or 0) if runs else {}
print(r.get("outcome"), "in", round((r.get("durationMs") or 0) / 1000), "s:", r.get("message"))')"
echo "   database now: $(( $(stat -c %s "$DB") / 1048576 )) MiB"

step "1. GET /api/v1/stats, $N requests each after 2 warm-ups"
bounded "$QUERY_TIMEOUT" "the API measurement" "${BENCH[@]}" query "$URL" "$TOKEN" "$N"

step "2. Statistics page first paint, 30 days (headless Chromium, signed in)"
bounded "$QUERY_TIMEOUT" "the first-paint measurement" dotnet run --no-build -c Release "$ROOT/bench/StatsPaint.cs" -- "$URL" bench-password "$N" | sed -u 's/^/   /'

step "3. Relay latency before and during a retention run"
EPORT=$(free_port)
"${BENCH[@]}" echo "$EPORT" & PIDS+=($!)
until (exec 3<>"/dev/tcp/127.0.0.1/$EPORT") 2>/dev/null; do [ $(( $(date +%s) - STEP_START )) -lt 30 ] || fail "the echo server did not listen within 30 s"; sleep 0.2; done
RESP=$(api -X POST "$URL/api/v1/relays" -d "{\"name\":\"bench-echo\",\"protocol\":\"tcp\",\"listen\":\"127.0.0.1:0\",\"targets\":[\"127.0.0.1:$EPORT\"]}") || fail "could not create the relay"
RELAY_EP=$(echo "$RESP" | python3 -c 'import json,sys; print(json.load(sys.stdin)["boundEndpoint"])')
bounded 60 "the warm-up" "${BENCH[@]}" latency "$RELAY_EP" 3 >/dev/null
before=$(bounded 60 "the latency before retention" "${BENCH[@]}" latency "$RELAY_EP" 15) || exit 1
echo "   before:            $before"
# A control of the same length as the "during" run, still without retention: what the relay's p99 does on this machine
# anyway (the every-minute stats-rollup job, the ledger writer), so the "during" figure can be told apart from it.
again=$(bounded 60 "the control latency" "${BENCH[@]}" latency "$RELAY_EP" 20) || exit 1
echo "   again, no retention: $again"
before_rows=$(count 'SELECT COUNT(*) FROM connections')
api -X POST "$URL/api/v1/jobs/ledger-retention/run" >/dev/null || fail "could not start the retention job"
sleep 1
during=$(bounded 60 "the latency during retention" "${BENCH[@]}" latency "$RELAY_EP" 20) || exit 1
echo "   during retention:  $during"
during_rows=$(count 'SELECT COUNT(*) FROM connections')
printf "   retention deleted %'d ledger rows during the measurement (it keeps going in batches of 1,000)\n" $(( before_rows - during_rows ))
echo "   stats while retention runs: $(curl -s --max-time 60 -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$URL/api/v1/stats?range=30d&groupBy=host") s for 30 d by host"
step "Done"
