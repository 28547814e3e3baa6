#!/usr/bin/env bash
# Relay (headless `relay run`, ledger on) vs haproxy vs nginx stream, interleaved in one run, repeated ROUNDS times,
# medians at the end. Uses its own port range (BASE, default 27200) so it does not collide with other benches.
#   throughput: iperf3 one stream and -P 4, both directions
#   new connections: wrk -t2 -c32 with 'Connection: close' and keep-alive; checks the ledger row count after the close runs
# Usage: bench/run-vs-peers.sh [seconds-per-run] [rounds]
# Env: RELAY_DLL (default: this tree's Release build), RELAY_ENV (extra env for the relay process, e.g.
#      "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1"), ONLY=iperf|wrk, BASE=27200, RELAY_ARGS (appended to `relay run`).
set -uo pipefail
T=${1:-5}
ROUNDS=${2:-3}
BASE=${BASE:-27200}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RELAY_DLL=${RELAY_DLL:-$ROOT/src/RelayWeb/bin/Release/net10.0/relay.dll}
D=$(mktemp -d)
PIDS=()
cleanup() { cp "$D/relay.log" /tmp/relay-bench-last.log 2>/dev/null; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; [ -f "$D/haproxy.pid" ] && kill "$(cat "$D/haproxy.pid")" 2>/dev/null; for f in "$D"/nginx*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done; sleep 0.3; rm -rf "$D"; }
trap cleanup EXIT

IPERF=$((BASE+1)); ORIGIN=$((BASE+10))
H_IPERF=$((BASE+3)); H_HTTP=$((BASE+13)); N_IPERF=$((BASE+4)); N_HTTP=$((BASE+14)); R_IPERF=$((BASE+5)); R_HTTP=$((BASE+15))

iperf3 -s -p $IPERF -D --pidfile "$D/iperf.pid" >/dev/null 2>&1; sleep 0.3; PIDS+=("$(cat "$D/iperf.pid")")
cat > "$D/origin.conf" <<CFG
worker_processes 1; pid $D/nginx-origin.pid; error_log $D/origin.err;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$ORIGIN; location / { return 200 "ok"; } } }
CFG
nginx -c "$D/origin.conf" -p "$D"
cat > "$D/haproxy.cfg" <<CFG
global
  maxconn 8000
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
listen iperf
  bind 127.0.0.1:$H_IPERF
  server s1 127.0.0.1:$IPERF
listen http
  bind 127.0.0.1:$H_HTTP
  server s1 127.0.0.1:$ORIGIN
CFG
haproxy -f "$D/haproxy.cfg" -D -p "$D/haproxy.pid"
cat > "$D/stream.conf" <<CFG
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 1; pid $D/nginx-stream.pid; error_log $D/stream.err;
events { worker_connections 8192; }
stream { server { listen 127.0.0.1:$N_IPERF; proxy_pass 127.0.0.1:$IPERF; } server { listen 127.0.0.1:$N_HTTP; proxy_pass 127.0.0.1:$ORIGIN; } }
CFG
nginx -c "$D/stream.conf" -p "$D"

env ${RELAY_ENV:-} dotnet "$RELAY_DLL" run "tcp://127.0.0.1:$R_IPERF/127.0.0.1:$IPERF" "tcp://127.0.0.1:$R_HTTP/127.0.0.1:$ORIGIN" --data-dir "$D/relay" ${RELAY_ARGS:-} > "$D/relay.log" 2>&1 &
RELAY_PID=$!; PIDS+=($RELAY_PID)
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$R_HTTP) 2>/dev/null && break; sleep 0.2; done
sleep 1
if grep -q "Faulted" "$D/relay.log"; then echo "relay failed to bind:"; grep Faulted "$D/relay.log"; exit 1; fi
echo "relay: $RELAY_DLL ${RELAY_ENV:-}; $(uptime)"

iperf() { iperf3 -c 127.0.0.1 -p "$1" -t "$T" $2 -J 2>/dev/null | python3 -c "import json,sys; print('%.2f' % (json.load(sys.stdin)['end']['sum_received']['bits_per_second']/1e9))" 2>/dev/null || echo 0; }
# wrk ignores a header without ": " (e.g. -H Connection:close), so the header is passed as one quoted word.
wrkrun() { local h=(); [ "$2" = close ] && h=(-H "Connection: close"); wrk -t2 -c32 -d${T}s "${h[@]}" --latency "http://127.0.0.1:$1/" 2>&1 | awk '/requests in/{n=$1} /Requests\/sec/{r=$2} /^ +99%/{p=$2} /Socket errors/{e=$0} END{printf "%s %s %s", r, p, n}'; }
ledger() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from connections where Listen like '%:$R_HTTP'\").fetchone()[0])" "$D/relay/relay.db" 2>/dev/null || echo 0; }
RES=$D/results; : > "$RES"
rec() { echo "$1 $2 $3 $4" >> "$RES"; printf "  %-26s relay %8s  haproxy %8s  nginx %8s  ratio %s\n" "$1" "$2" "$3" "$4" "$(python3 -c "print('%.2f' % ($2/$3) if $3 else 'n/a')")"; }

# Warm-up (see relay-vs-peers.sh): the JIT tiers up the accept/connect path during the first ~10 s of new-connection load.
if [ "${ONLY:-}" != iperf ]; then
  for p in $R_HTTP $H_HTTP $N_HTTP; do wrk -t2 -c32 -d15s -H "Connection: close" "http://127.0.0.1:$p/" >/dev/null 2>&1; done
fi
for round in $(seq "$ROUNDS"); do
  echo "round $round  ($(cut -d' ' -f1-3 /proc/loadavg))"
  if [ "${ONLY:-}" != wrk ]; then
    for mode in "iperf-1|" "iperf-1-R|-R" "iperf-P4|-P4" "iperf-P4-R|-P4 -R"; do
      name=${mode%%|*}; flags=${mode#*|}
      rec "$name" "$(iperf $R_IPERF "$flags")" "$(iperf $H_IPERF "$flags")" "$(iperf $N_IPERF "$flags")"
    done
  fi
  if [ "${ONLY:-}" != iperf ]; then
    before=$(ledger)
    read -r rr rp rn <<<"$(wrkrun $R_HTTP close)"
    read -r hr hp _ <<<"$(wrkrun $H_HTTP close)"
    read -r nr np _ <<<"$(wrkrun $N_HTTP close)"
    rec "wrk-close" "$rr" "$hr" "$nr"; echo "  wrk-close p99: relay $rp haproxy $hp nginx $np"
    read -r rr2 _ _ <<<"$(wrkrun $R_HTTP keep)"; read -r hr2 _ _ <<<"$(wrkrun $H_HTTP keep)"; read -r nr2 _ _ <<<"$(wrkrun $N_HTTP keep)"
    rec "wrk-keepalive" "$rr2" "$hr2" "$nr2"
    for _ in $(seq 30); do after=$(ledger); [ $((after-before)) -ge $((rn+32)) ] && break; sleep 0.5; done
    echo "  ledger: +$((after-before)) rows; wrk close completed $rn requests (+<=32 cut off, +32 keep-alive)"
  fi
done
echo "medians over $ROUNDS rounds (relay / haproxy / nginx / relay:haproxy):"
python3 - "$RES" <<'PY'
import sys, statistics as s, collections
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    k, r, h, n = line.split(); d[k].append((float(r), float(h), float(n)))
for k, v in d.items():
    r, h, n = (s.median(x[i] for x in v) for i in range(3))
    ratios = s.median(x[0] / x[1] for x in v if x[1])
    print(f"  {k:16s} {r:10.2f} {h:10.2f} {n:10.2f}   {ratios:.2f}")
PY
grep -c "\[new\]" "$D/relay.log" | sed 's/^/relay console lines [new]: /'
grep -iE "warn|error|dropped" "$D/relay.log" | grep -v "^\s*$" | head -5
