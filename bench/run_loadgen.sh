#!/usr/bin/env bash
# Starts `replylint serve` on a free loopback port with the bundled lexicons, runs the load
# generator's budget suite against it (server and generator share this machine), stops it.
#   bench/run_loadgen.sh [BUILD_DIR] [extra loadgen flags...]
# PIN=1: the server on core 0 and the generator on core 1 (taskset), so that the scheduler's
# placement of the two processes' threads stops moving the figures between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
out=$(mktemp)
server_cpu=() loadgen_cpu=()
if [ "${PIN:-0}" = 1 ]; then server_cpu=(taskset -c 0) loadgen_cpu=(taskset -c 1); fi
"${server_cpu[@]}" "$build/replylint" serve --listen=127.0.0.1:0 --http-listen= >"$out" 2>/dev/null &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$out" && break; sleep 0.05; done
port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$out" | cut -d: -f2)
"${loadgen_cpu[@]}" "$build/loadgen" --target="127.0.0.1:$port" --server_pid="$pid" --suite "$@"
# The keystroke budgets again as chat clients call: every request with 8 recent turns of
# the conversation (loadgen --context_turns), so the context rules run on every draft.
echo "with 8 context turns per request:"
lg=("${loadgen_cpu[@]}" "$build/loadgen" --target="127.0.0.1:$port" --context_turns=8 --seconds=5)
"${lg[@]}" --rpc=lint --mode=open --rate=2000 | tail -1
"${lg[@]}" --rpc=stream --mode=open --rate=1000 --streams=50 | tail -1
