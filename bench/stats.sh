#!/usr/bin/env bash
# Statistics at scale (issue 4 §5). Fills a database with RECORDS ledger rows over 90 days for 20 agents and 200 relays
# (bench/StatsBench.cs: raw SQLite bulk insert with the per-minute intervals the ledger triggers would write), lets
# `relay serve` roll the whole backlog up (the stats-rollup job), then measures:
#   1. GET /api/v1/stats for the last 24 h, 7 d, 30 d and 90 d, grouped by host and as a time series: p50/p95 of N requests;
#   2. the Statistics page for 30 d in headless Chromium (bench/StatsPaint.cs): navigation → chart and top tables shown;
#   3. p99 latency through a TCP relay (a new connection per request) before and while the retention job deletes what is
#      older than the retention settings (closed connections 30 d, intervals 30 d, minute roll-ups 7 d).
# Usage: bench/stats.sh [RECORDS] [REQUESTS]   (defaults 10000000 and 20; e.g. `bench/stats.sh 500000` for a quick run)
set -euo pipefail
RECORDS=${1:-10000000}
N=${2:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$D"; }
trap cleanup EXIT
command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }

echo "==> Building Relay (Release) and the generator"
dotnet build "$ROOT/src/RelayWeb" -c Release -nologo -v quiet -clp:ErrorsOnly
DLL="$ROOT/src/RelayWeb/bin/Release/net10.0/relay.dll"
dotnet build "$ROOT/bench/StatsBench.cs" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build "$ROOT/bench/StatsPaint.cs" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
command -v chromium >/dev/null || [ -n "${RELAY_CHROMIUM:-}" ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
bench() { dotnet run --no-build -c Release "$ROOT/bench/StatsBench.cs" -- "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done; echo "timed out waiting for '$2' in $1"; cat "$1"; exit 1; }
RELAY=(env "Serilog__MinimumLevel__Override__RelayWeb.Cli.ConsoleConnectionReporter=Warning" DOTNET_ENVIRONMENT=Production dotnet "$DLL")
TOKEN=bench-stats-token-0123456789
PORT=$(free_port); URL="http://127.0.0.1:$PORT"
DB="$D/data/relay.db"
serve() { "${RELAY[@]}" serve --data-dir "$D/data" --listen-port "$PORT" --api-token "$TOKEN" --admin-password bench-password >>"$D/relay.log" 2>&1 & SERVER=$!; PIDS+=($SERVER); wait_for "$D/relay.log" "Application started"; }
api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

echo "==> Creating the schema (relay serve, then stopped)"
serve; kill $SERVER; wait $SERVER 2>/dev/null || true; : >"$D/relay.log"

echo "==> Filling $(printf "%'d" "$RECORDS") ledger records over 90 days, 20 agents, 200 relays"
bench fill "$DB" "$RECORDS" 90 20 200 | sed 's/^/   /'
echo "   database: $(( $(stat -c %s "$DB") / 1048576 )) MiB, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM stats_dirty') minutes marked for roll-up"

echo "==> Roll-up of the whole backlog by relay serve's stats-rollup job"
start=$(date +%s.%N)
serve
api -X POST "$URL/api/v1/jobs/stats-rollup/run" >/dev/null || true   # 409 when the every-minute run already started
while [ "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM stats_dirty' 2>/dev/null || echo 1)" != "0" ]; do sleep 2; done
printf "   rolled up in %.0f s (from start-up): %'d minute rows, %'d hour rows, %'d day rows\n" "$(echo "$(date +%s.%N) - $start" | bc)" \
  "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM stats_minute')" "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM stats_hour')" "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM stats_day')"
echo "   database now: $(( $(stat -c %s "$DB") / 1048576 )) MiB"

echo
echo "==> 1. GET /api/v1/stats, $N requests each after 2 warm-ups"
bench query "$URL" "$TOKEN" "$N"

echo
echo "==> 2. Statistics page first paint, 30 days (headless Chromium, signed in)"
echo "   $(dotnet run --no-build -c Release "$ROOT/bench/StatsPaint.cs" -- "$URL" bench-password "$N")"

echo
echo "==> 3. Relay latency before and during a retention run"
EPORT=$(free_port)
bench echo "$EPORT" & PIDS+=($!)
sleep 1
RESP=$(api -X POST "$URL/api/v1/relays" -d "{\"name\":\"bench-echo\",\"protocol\":\"tcp\",\"listen\":\"127.0.0.1:0\",\"targets\":[\"127.0.0.1:$EPORT\"]}")
RELAY_EP=$(echo "$RESP" | python3 -c 'import json,sys; print(json.load(sys.stdin)["boundEndpoint"])')
bench latency "$RELAY_EP" 3 >/dev/null   # warm-up
echo "   before:            $(bench latency "$RELAY_EP" 15)"
before_rows=$(sqlite3 "$DB" 'SELECT COUNT(*) FROM connections')
api -X POST "$URL/api/v1/jobs/ledger-retention/run" >/dev/null
sleep 1
echo "   during retention:  $(bench latency "$RELAY_EP" 20)"
during_rows=$(sqlite3 "$DB" 'SELECT COUNT(*) FROM connections')
printf "   retention deleted %'d ledger rows during the measurement (it keeps going in batches of 1,000)\n" $(( before_rows - during_rows ))
echo "   stats while retention runs: $(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$URL/api/v1/stats?range=30d&groupBy=host") s for 30 d by host"
