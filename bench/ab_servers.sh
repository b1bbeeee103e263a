#!/usr/bin/env bash
# Compares two `replylint` builds under the same load, on this machine, in one run: both
# servers start on free loopback ports, and closed-loop Lint runs alternate between them (in
# turn first and second), each reporting QPS and the server's CPU time per call. Medians at
# the end. For changes too small to see in one suite run on a noisy machine.
#   bench/ab_servers.sh BASE_BINARY NEW_BINARY [CALLERS=256] [ROUNDS=6] [SECONDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1 new=$2 callers=${3:-256} rounds=${4:-6} secs=${5:-3}
loadgen=${LOADGEN:-build/loadgen}
logs=$(mktemp -d)
pids=()
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$logs"' EXIT
start() {  # binary name -> sets port_<name>, pid_<name>
  "$1" serve --listen=127.0.0.1:0 --http-listen= >"$logs/$2" 2>/dev/null &
  pids+=($!)
  eval "pid_$2=$!"
  for _ in $(seq 100); do grep -q 'listening on' "$logs/$2" && break; sleep 0.05; done
  eval "port_$2=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$logs/$2" | cut -d: -f2)"
}
start "$base" base
start "$new" new
one() {  # name
  local port pid
  eval "port=\$port_$1 pid=\$pid_$1"
  "$loadgen" --target="127.0.0.1:$port" --server_pid="$pid" --rpc=lint --concurrency="$callers" \
    --seconds="$secs" --warmup=1 |
    awk -v n="$1" '/^lint/ {q=$(NF-5)} /CPU per call/ {print n, q, $5}'
}
for i in $(seq "$rounds"); do
  if ((i % 2)); then one base; one new; else one new; one base; fi
done | tee "$logs/rows" | awk '{printf "%-4s qps %7.0f  server %5.1f us/call\n", $1, $2, $3}'
python3 - "$logs/rows" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
for name in ("base", "new"):
    q = [float(r[1]) for r in rows if r[0] == name]
    c = [float(r[2]) for r in rows if r[0] == name]
    print(f"median {name}: {statistics.median(q):.0f} QPS, {statistics.median(c):.1f} us of server CPU per call")
PY
