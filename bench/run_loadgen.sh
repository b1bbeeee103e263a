#!/usr/bin/env bash
# Starts `replylint serve` on a free loopback port with the bundled lexicons, runs the load
# generator's budget suite against it (server and generator share this machine), stops it.
#   bench/run_loadgen.sh [BUILD_DIR] [extra loadgen flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
out=$(mktemp)
"$build/replylint" serve --listen=127.0.0.1:0 --http-listen= >"$out" 2>/dev/null &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$out" && break; sleep 0.05; done
port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$out" | cut -d: -f2)
"$build/loadgen" --target="127.0.0.1:$port" --suite "$@"
