#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS, seeded from
# the project's own fixtures: bench drafts, the word lists, sample transcripts.
#   tests/fuzz/run_fuzzers.sh [SECONDS=60] [BUILD_DIR=build-fuzz]
# Exit non-zero when a target finds a crash; its reproducer is left in BUILD_DIR/crashes/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=${2:-build-fuzz}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DREPLYLINT_BUILD_FUZZERS=ON -DREPLYLINT_BUILD_TESTS=OFF -DREPLYLINT_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" --target lint_fuzzer lexicon_fuzzer json_fuzzer csv_fuzzer

seeds="$build/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"/{lint,lexicon,json,csv} "$build/crashes"
n=0
while IFS= read -r line; do
  n=$((n + 1)); [ $((n % 10)) -eq 0 ] && printf '%s' "$line" > "$seeds/lint/d$n"
done < bench/data/drafts.txt
cp lexicons/words/*.txt "$seeds/lexicon/"
python3 bench/gen_archive.py "$seeds/archive.jsonl" --conversations 40
split -l 1 "$seeds/archive.jsonl" "$seeds/json/t"
python3 bench/gen_archive.py "$seeds/csv/a.csv" --conversations 5
rm "$seeds/archive.jsonl"

status=0
for f in lint lexicon json csv; do
  echo "== ${f}_fuzzer for ${seconds}s"
  if ! "$build/${f}_fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -seed=1 \
       -artifact_prefix="$build/crashes/${f}-" -print_final_stats=1 "$seeds/$f" \
       > "$build/${f}.log" 2>&1; then
    echo "${f}_fuzzer FAILED:"; tail -40 "$build/${f}.log"; status=1
  else
    grep -E "stat::number_of_executed_units|Done" "$build/${f}.log" | tail -2
  fi
done
exit $status
