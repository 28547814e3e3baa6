#!/usr/bin/env bash
# Relay tunnels vs their peers on loopback, in one run (interleaved, ROUNDS rounds, medians at the end):
#   throughput  iperf3 one stream and -P 4 through: a tls=0 tunnel, a tls=1 tunnel (both `relay run server://` +
#               `relay run client://`, reverse flow), a plain Relay forward (`relay run tcp://`), haproxy (tcp mode),
#               and a stunnel4 client+server pair (the encrypted baseline); direct for reference.
#   setup       time to first byte of a small request (connect, send, first byte back; a new connection each time)
#               through the warm tls=0 and tls=1 tunnels vs directly to the origin.
# Targets (issue 5): tls=0 >= 0.7 x haproxy; tls=1 >= the stunnel pair; warm tunnel TTFB within 1 ms of direct.
# Usage: bench/tunnel-vs-peers.sh [seconds-per-run] [rounds]
# Env: BASE (first port, default 27400), RELAY_ENV (extra env for the relay processes, e.g.
#      "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1"), TTFB_N (requests per TTFB sample, default 300), NOBUILD=1.
# Installs iperf3, haproxy, stunnel4 and nginx-light with apt-get when missing. The machine is shared and noisy:
# compare the ratios of one run, not absolute numbers across runs.
set -uo pipefail
T=${1:-5}
ROUNDS=${2:-3}
BASE=${BASE:-27400}
TTFB_N=${TTFB_N:-300}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  [ -f "$D/haproxy.pid" ] && kill "$(cat "$D/haproxy.pid")" 2>/dev/null
  [ -f "$D/nginx.pid" ] && kill "$(cat "$D/nginx.pid")" 2>/dev/null
  sleep 0.3; rm -rf "$D"
}
trap cleanup EXIT

need=()
for c in iperf3 haproxy stunnel4 nginx python3; do command -v $c >/dev/null || need+=($c); done
if [ ${#need[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${need[@]}" | sed 's/^nginx$/nginx-light/' | sort -u | tr '\n' ' ')
  echo "==> Installing $pkgs"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $pkgs >/dev/null
fi
if [ -z "${NOBUILD:-}" ]; then
  echo "==> Building Relay (Release)"
  dotnet build "$ROOT/src/RelayWeb" -c Release -nologo -v quiet -clp:ErrorsOnly || exit 1
fi
RELAY_DLL="$ROOT/src/RelayWeb/bin/Release/net10.0/relay.dll"

IPERF=$((BASE+1)); ORIGIN=$((BASE+2))
FWD=$((BASE+10)); FWD_HTTP=$((BASE+14)); HAP=$((BASE+11)); ST_SRV=$((BASE+12)); ST_CLI=$((BASE+13))
T0_TUN=$((BASE+20)); T0_PUB=$((BASE+21)); T0_HTTP_TUN=$((BASE+22)); T0_HTTP=$((BASE+23))
T1_TUN=$((BASE+30)); T1_PUB=$((BASE+31)); T1_HTTP_TUN=$((BASE+32)); T1_HTTP=$((BASE+33))
KEY=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')

# Targets: iperf3, and an nginx origin answering "ok" for the time-to-first-byte runs.
iperf3 -s -p $IPERF -D --pidfile "$D/iperf.pid" >/dev/null 2>&1; sleep 0.3; PIDS+=("$(cat "$D/iperf.pid")")
cat > "$D/nginx.conf" <<CFG
worker_processes 1; pid $D/nginx.pid; error_log $D/nginx.err;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$ORIGIN; location / { return 200 "ok"; } } }
CFG
nginx -c "$D/nginx.conf" -p "$D"

# Peers: haproxy, and stunnel client -> stunnel server (TLS between them, like the tunnel's two ends).
cat > "$D/haproxy.cfg" <<CFG
global
  maxconn 8000
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
listen iperf
  bind 127.0.0.1:$HAP
  server s1 127.0.0.1:$IPERF
CFG
haproxy -f "$D/haproxy.cfg" -D -p "$D/haproxy.pid"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$D/st.key" -out "$D/st.crt" -days 2 -subj /CN=bench >/dev/null 2>&1
printf 'foreground = yes\npid =\n[srv]\naccept = 127.0.0.1:%s\nconnect = 127.0.0.1:%s\ncert = %s\nkey = %s\n' $ST_SRV $IPERF "$D/st.crt" "$D/st.key" > "$D/st-server.conf"
printf 'foreground = yes\npid =\n[cli]\nclient = yes\naccept = 127.0.0.1:%s\nconnect = 127.0.0.1:%s\n' $ST_CLI $ST_SRV > "$D/st-client.conf"
stunnel4 "$D/st-server.conf" > "$D/st-server.log" 2>&1 & PIDS+=($!)
stunnel4 "$D/st-client.conf" > "$D/st-client.log" 2>&1 & PIDS+=($!)

# Relay: a forward, and two tunnels (server + client each), every end its own process as on two machines. Each tunnel
# carries iperf3 (reverse flow: public port on the server, the client dials the target) and, as a second tunnel in the
# same processes, the HTTP origin for the TTFB runs.
relay() { local name=$1; shift; env ${RELAY_ENV:-} dotnet "$RELAY_DLL" run "$@" --data-dir "$D/$name" > "$D/$name.log" 2>&1 & PIDS+=($!); }
relay forward "tcp://127.0.0.1:$FWD/127.0.0.1:$IPERF" "tcp://127.0.0.1:$FWD_HTTP/127.0.0.1:$ORIGIN"
relay t0-server "server://$KEY@127.0.0.1:$T0_TUN/127.0.0.1:$T0_PUB?tls=0&mode=1" "server://$KEY@127.0.0.1:$T0_HTTP_TUN/127.0.0.1:$T0_HTTP?tls=0&mode=1"
relay t1-server "server://$KEY@127.0.0.1:$T1_TUN/127.0.0.1:$T1_PUB?tls=1&mode=1" "server://$KEY@127.0.0.1:$T1_HTTP_TUN/127.0.0.1:$T1_HTTP?tls=1&mode=1"
for _ in $(seq 150); do grep -q "waiting for a client" "$D/t1-server.log" 2>/dev/null && grep -q "waiting for a client" "$D/t0-server.log" 2>/dev/null && break; sleep 0.2; done
relay t0-client "client://$KEY@127.0.0.1:$T0_TUN/127.0.0.1:$IPERF?mode=2&min=8" "client://$KEY@127.0.0.1:$T0_HTTP_TUN/127.0.0.1:$ORIGIN?mode=2&min=64"
relay t1-client "client://$KEY@127.0.0.1:$T1_TUN/127.0.0.1:$IPERF?mode=2&min=8" "client://$KEY@127.0.0.1:$T1_HTTP_TUN/127.0.0.1:$ORIGIN?mode=2&min=64"
for _ in $(seq 150); do [ "$(grep -c 'connected to server' "$D/t0-client.log" "$D/t1-client.log" 2>/dev/null | awk -F: '{s+=$2} END {print s}')" -ge 4 ] && break; sleep 0.2; done
sleep 2
if grep -qi "faulted" "$D"/*.log; then echo "a relay end is faulted:"; grep -i faulted "$D"/*.log; exit 1; fi
echo "relay: $RELAY_DLL ${RELAY_ENV:-}; rounds $ROUNDS x ${T}s; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

# Throughput: one iperf3 client run; prints Gbit/s (received).
run_iperf() { # name port extra
  local v
  v=$(iperf3 -c 127.0.0.1 -p "$2" -t "$T" $3 -J 2>/dev/null | python3 -c "import json,sys
try:
    j=json.load(sys.stdin); print('%.2f' % (j['end']['sum_received']['bits_per_second']/1e9))
except Exception: print('nan')")
  echo "$1 ${3:-single} $v" >> "$D/results"
  printf '  %-16s %-7s %s Gbit/s\n' "$1" "${3:-single}" "$v"
}

# Time to first byte: N sequential new connections, GET / and read until the first byte; median and p90 in ms.
cat > "$D/ttfb.py" <<'PY'
import socket, sys, time, statistics
port, n = int(sys.argv[1]), int(sys.argv[2])
samples = []
for i in range(n + 20):
    t0 = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
    first = s.recv(1)
    t1 = time.perf_counter()
    while s.recv(4096): pass
    s.close()
    if not first: raise SystemExit("no reply on port %d" % port)
    if i >= 20: samples.append((t1 - t0) * 1000)   # the first 20 warm up both sides
    time.sleep(0.01)                                # let the pool refill between requests (a warm pool is what is measured)
samples.sort()
print("%.3f %.3f" % (statistics.median(samples), samples[int(len(samples) * 0.9)]))
PY
run_ttfb() { # name port
  local v; v=$(python3 "$D/ttfb.py" "$2" "$TTFB_N" 2>&1)
  echo "ttfb $1 $v" >> "$D/results"
  printf '  %-16s TTFB median %s ms, p90 %s ms\n' "$1" $v
}

for r in $(seq "$ROUNDS"); do
  echo "==> round $r"
  for P in "" "-P4"; do
    run_iperf direct $IPERF "$P"
    run_iperf haproxy $HAP "$P"
    run_iperf relay-forward $FWD "$P"
    run_iperf tunnel-tls0 $T0_PUB "$P"
    run_iperf stunnel-pair $ST_CLI "$P"
    run_iperf tunnel-tls1 $T1_PUB "$P"
  done
  run_ttfb direct $ORIGIN
  run_ttfb relay-forward $FWD_HTTP
  run_ttfb tunnel-tls0 $T0_HTTP
  run_ttfb tunnel-tls1 $T1_HTTP
done

echo
echo "==> medians over $ROUNDS rounds"
python3 - "$D/results" <<'PY'
import sys, statistics, collections
tp = collections.defaultdict(list); tt = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "ttfb":
        tt[f[1]].append((float(f[2]), float(f[3])))
    elif f[2] != "nan":
        tp[(f[0], f[1])].append(float(f[2]))
med = {k: statistics.median(v) for k, v in tp.items()}
for mode in ("single", "-P4"):
    print(f"throughput ({'one stream' if mode == 'single' else '-P 4'}), Gbit/s:")
    for name in ("direct", "haproxy", "relay-forward", "tunnel-tls0", "stunnel-pair", "tunnel-tls1"):
        if (name, mode) in med: print(f"  {name:14} {med[(name, mode)]:6.2f}")
    h, s = med.get(("haproxy", mode)), med.get(("stunnel-pair", mode))
    t0, t1 = med.get(("tunnel-tls0", mode)), med.get(("tunnel-tls1", mode))
    if h and t0: print(f"  tls=0 tunnel / haproxy      = {t0 / h:.2f}  (target >= 0.70: {'met' if t0 / h >= 0.7 else 'NOT met'})")
    if s and t1: print(f"  tls=1 tunnel / stunnel pair = {t1 / s:.2f}  (target >= 1.00: {'met' if t1 / s >= 1.0 else 'NOT met'})")
print("time to first byte, new connection per request (ms, median of per-round medians; p90):")
d = statistics.median(m for m, _ in tt["direct"]) if tt["direct"] else None
for name in ("direct", "relay-forward", "tunnel-tls0", "tunnel-tls1"):
    if not tt[name]: continue
    m = statistics.median(x for x, _ in tt[name]); p = statistics.median(x for _, x in tt[name])
    extra = f"  (+{m - d:.3f} ms vs direct{'; target <= 1 ms: ' + ('met' if m - d <= 1.0 else 'NOT met') if name.startswith('tunnel') else ''})" if d is not None and name != "direct" else ""
    print(f"  {name:14} {m:6.3f}  p90 {p:6.3f}{extra}")
PY
echo
echo "==> pool at the end (last check-point line of each tunnel's server end: POOL idle, HITS, MISSES)"
for f in t0-server t1-server; do grep -h "CHECK_POINT" "$D/$f.log" | tail -n 2 | sed "s/^/  $f: /" | cut -c1-220; done
