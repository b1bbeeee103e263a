#!/usr/bin/env bash
# Compares two `replylint` builds under the same load, on this machine, in one run: both
# servers start on free loopback ports, and closed-loop Lint runs alternate between them (in
# turn first and second), each reporting QPS and the server's CPU time per call. Medians at
# the end. For changes too small to see in one suite run on a noisy machine.
#   bench/ab_servers.sh BASE_BINARY NEW_BINARY [CALLERS=256] [ROUNDS=6] [SECONDS=3]
# ENGINE=1 also samples each server with `perf record -e cpu-clock` over the measured seconds
# and reports the CPU per call spent in replylint's own code, ICU and RE2 (the engine, and the
# service code around it): a whole call's CPU swings ±10% run to run on these machines, which
# hides a change of a few µs that this share shows.
# Both servers load this checkout's lexicons; BASE_LEXICONS=DIR (or NEW_LEXICONS) gives one of
# them its own, e.g. an older build's whose examples the current word lists would fail.
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1 new=$2 callers=${3:-256} rounds=${4:-6} secs=${5:-3}
loadgen=${LOADGEN:-build/loadgen}
logs=$(mktemp -d)
pids=()
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$logs"' EXIT
start() {  # binary name lexicons -> sets port_<name>, pid_<name>
  # On this checkout's lexicons unless told: a build's default is the source tree it came from.
  "$1" serve --listen=127.0.0.1:0 --http-listen= --lexicons="$3" >"$logs/$2" 2>&1 &
  pids+=($!)
  eval "pid_$2=$!"
  for _ in $(seq 100); do grep -q 'listening on' "$logs/$2" && break; sleep 0.05; done
  eval "port_$2=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$logs/$2" | cut -d: -f2)"
  if [ -z "$(eval echo "\$port_$2")" ]; then
    echo "$1 did not start listening:" >&2
    cat "$logs/$2" >&2
    exit 1
  fi
}
start "$base" base "${BASE_LEXICONS:-$PWD/lexicons}"
start "$new" new "${NEW_LEXICONS:-$PWD/lexicons}"
one() {  # name
  local port pid exe
  eval "port=\$port_$1 pid=\$pid_$1 exe=\$$1"
  exe=$(basename "$exe")  # perf names the binary's samples by its file name
  "$loadgen" --target="127.0.0.1:$port" --server_pid="$pid" --rpc=lint --concurrency="$callers" \
    --seconds="$secs" --warmup=1 >"$logs/run" &
  local gen=$! engine=0
  if [ "${ENGINE:-0}" = 1 ]; then
    sleep 1  # the generator's warm-up
    perf record -q -e cpu-clock -F 2999 -p "$pid" -o "$logs/perf.data" -- sleep "$secs" \
      >/dev/null 2>&1 || true
  fi
  wait "$gen"
  local q cpu
  q=$(awk '/^lint/ {print $(NF-5)}' "$logs/run")
  cpu=$(awk '/CPU per call/ {print $5}' "$logs/run")
  if [ "${ENGINE:-0}" = 1 ]; then
    engine=$(perf report -i "$logs/perf.data" --no-children -n --sort dso 2>/dev/null |
      awk -v q="$q" -v s="$secs" -v exe="$exe" '$3 == exe || $3 ~ /^(libicu|libre2)/ {n += $2}
        END {printf "%.2f", n / 2999 / (q * s) * 1e6}')
  fi
  echo "$1 $q $cpu $engine"
}
for i in $(seq "$rounds"); do
  if ((i % 2)); then one base; one new; else one new; one base; fi
done | tee "$logs/rows" |
  awk '{printf "%-4s qps %7.0f  server %5.1f us/call  engine %5.2f us/call\n", $1, $2, $3, $4}'
python3 - "$logs/rows" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
for name in ("base", "new"):
    q = [float(r[1]) for r in rows if r[0] == name]
    c = [float(r[2]) for r in rows if r[0] == name]
    e = [float(r[3]) for r in rows if r[0] == name]
    print(f"median {name}: {statistics.median(q):.0f} QPS, {statistics.median(c):.1f} us of server "
          f"CPU per call" + (f", {statistics.median(e):.2f} us of it in replylint/ICU/RE2 code"
                             if any(e) else ""))
PY
