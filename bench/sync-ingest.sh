#!/usr/bin/env bash
# Master/agent sync benchmark, on loopback, with the real `relay` binary (Release):
#   1. master ingest: records per second accepted through POST /api/v1/sync into SQLite, 4 agents sending batches of
#      1,000 realistic records at once (bodies built before the clock starts) — target >= 50,000 records/s sustained;
#   2. catch-up: an agent whose local database holds N unsynced records (default 1,000,000, written straight into its
#      SQLite file) starts against the master; the time until it is level, at the default pace (20,000/s) and unpaced;
#   3. agent resident memory (RSS) idle with one relay, and while relaying short connections for 20 s.
# Usage: bench/sync-ingest.sh [ingest-records (default 500000)] [catch-up-records (default 1000000)]
set -euo pipefail
INGEST=${1:-500000}
CATCHUP=${2:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$D"; }
trap cleanup EXIT
command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }

echo "==> Building Relay (Release) and the load generator"
dotnet build "$ROOT/src/RelayWeb" -c Release -nologo -v quiet -clp:ErrorsOnly
DLL="$ROOT/src/RelayWeb/bin/Release/net10.0/relay.dll"
dotnet build "$ROOT/bench/SyncBench.cs" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
bench() { dotnet run --no-build -c Release "$ROOT/bench/SyncBench.cs" -- "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done; echo "timed out waiting for '$2' in $1"; cat "$1"; exit 1; }
rss_mib() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }
# `env` execs dotnet, so $! is the relay process itself (for RSS); the per-connection console lines are turned down.
RELAY=(env "Serilog__MinimumLevel__Override__RelayWeb.Cli.ConsoleConnectionReporter=Warning" DOTNET_ENVIRONMENT=Production dotnet "$DLL")

TOKEN=bench-master-token-0123456789
MPORT=$(free_port); MURL="http://127.0.0.1:$MPORT"
echo "==> Master on $MURL (data in $D/master)"
"${RELAY[@]}" serve --data-dir "$D/master" --listen-port "$MPORT" --api-token "$TOKEN" --admin-password bench-password >"$D/master.log" 2>&1 &
PIDS+=($!); MASTER=$!
wait_for "$D/master.log" "Application started"
api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

echo
echo "==> 1. Master ingest: $INGEST records, 4 agents x batches of 1,000 (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
cpu_s() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }
before=$(cpu_s $MASTER)
bench ingest "$MURL" "$TOKEN" 4 $(( INGEST / 4000 )) 1000 | sed 's/^/   /'
used=$(echo "$(cpu_s $MASTER) - $before" | bc)
counted=$(( INGEST + 30000 ))   # the generator's 30 warm-up batches run on the master too
# Wall-clock records/s depends on what else runs on the machine; the master's own CPU per record does not.
printf "   master CPU: %.2f s for %'d records = %.1f us per record (one core sustains %'d records/s of master work)\n" \
  "$used" "$counted" "$(echo "$used * 1000000 / $counted" | bc -l)" "$(echo "$counted / $used" | bc)"
echo "   master RSS after ingest: $(rss_mib $MASTER) MiB"

catchup() { # agent-id pace-env-value label
  local id=$1 db="$D/$1/agent.db"
  "${RELAY[@]}" agent --agent-id "$id" --local-database "$db" >"$D/$id-init.log" 2>&1 &   # offline: creates the schema
  local pid=$!; wait_for "$D/$id-init.log" "Application started"; kill $pid; wait $pid 2>/dev/null || true
  local start=$(date +%s.%N)
  sqlite3 "$db" <<SQL
PRAGMA journal_mode=WAL;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CATCHUP)
INSERT INTO connections (Id, AgentId, RelayId, Network, Source, Listen, Target, StartUtc, EndUtc, DurationMs, BytesUp, BytesDown, CloseReason, IsOpen, SyncSeq)
SELECT printf('%08X-0000-7000-8000-%012X', i, i), '$id', '3f9a61c2d0b7', 'tcp', '203.0.113.' || (i % 250 + 1) || ':' || (20000 + i % 40000),
       '0.0.0.0:443', '10.20.' || (i % 8) || '.' || (i % 200 + 10) || ':8443',
       strftime('%Y-%m-%d %H:%M:%f', 'now', '-3 hours', '+' || (i * 0.005) || ' seconds'),
       strftime('%Y-%m-%d %H:%M:%f', 'now', '-3 hours', '+' || (i * 0.005 + 0.8) || ' seconds'), 800,
       300 + i * 7 % 90000, 1000 + i * 13 % 900000, 'client_closed', 0, i
FROM n;
UPDATE sequences SET Value = $CATCHUP WHERE Name = 'connections';
SQL
  printf "   %s: %'d unsynced records written into the agent's database in %.1f s (%s MiB)\n" "$id" "$CATCHUP" "$(echo "$(date +%s.%N) - $start" | bc)" $(( $(stat -c %s "$db") / 1048576 ))
  Relay__Agent__CatchUpRecordsPerSecond=$2 "${RELAY[@]}" agent --agent-id "$id" --local-database "$db" --master-url "$MURL" --master-token "$TOKEN" \
    --sync-interval 60 >"$D/$id.log" 2>&1 &
  pid=$!; PIDS+=($pid)
  wait_for "$D/$id.log" "Level with the master"
  echo "   $3: $(grep -o 'Level with the master: .*' "$D/$id.log" | head -1)"
  local acked=$(api "$MURL/api/v1/agents/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["lastAckedSeq"])')
  local stored=$(sqlite3 "$D/master/relay.db" "SELECT COUNT(*) FROM connections WHERE AgentId = '$id'")
  echo "   master: acknowledged up to $acked, holds $stored records of $id (expected $CATCHUP)"
  kill $pid; wait $pid 2>/dev/null || true
}

echo
echo "==> 2. Catch-up of $CATCHUP buffered records"
catchup catchup-paced 20000 "default pace (20,000/s)"
catchup catchup-unpaced 10000000 "unpaced"

echo
echo "==> 3. Agent resident memory"
EPORT=$(free_port); RPORT=$(free_port)
bench echo "$EPORT" >/dev/null 2>&1 &
PIDS+=($!)
api -X POST "$MURL/api/v1/relays" -d "{\"name\":\"rss-echo\",\"protocol\":\"tcp\",\"listen\":\"127.0.0.1:$RPORT\",\"targets\":[\"127.0.0.1:$EPORT\"],\"agentId\":\"rss\"}" >/dev/null
"${RELAY[@]}" agent --agent-id rss --local-database "$D/rss/agent.db" --master-url "$MURL" --master-token "$TOKEN" --sync-interval 5 >"$D/rss.log" 2>&1 &
AGENT=$!; PIDS+=($AGENT)
wait_for "$D/rss.log" "listening on tcp://127.0.0.1:$RPORT"
sleep 15
echo "   idle (one relay, 15 s after start): $(rss_mib $AGENT) MiB"
peak=0
( while kill -0 $AGENT 2>/dev/null; do r=$(rss_mib $AGENT); [ "$r" -gt "$peak" ] && peak=$r && echo $peak > "$D/peak"; sleep 0.5; done ) &
SAMPLER=$!; PIDS+=($SAMPLER)
bench load "127.0.0.1:$RPORT" 20 32 | sed 's/^/   /'
echo "   while relaying (peak over 20 s of 32 concurrent short connections): $(cat "$D/peak") MiB"
sleep 10
echo "   10 s after the load: $(rss_mib $AGENT) MiB; records synced to the master: $(sqlite3 "$D/master/relay.db" "SELECT COUNT(*) FROM connections WHERE AgentId = 'rss'")"
