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
cmake --build "$build" --target lint_fuzzer lexicon_fuzzer json_fuzzer csv_fuzzer \
  request_wire_fuzzer

seeds="$build/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"/{lint,lexicon,json,csv,request_wire} "$build/crashes"
n=0
while IFS= read -r line; do
  n=$((n + 1)); [ $((n % 10)) -eq 0 ] && printf '%s' "$line" > "$seeds/lint/d$n"
done < bench/data/drafts.txt
cp lexicons/words/*.txt "$seeds/lexicon/"
# Conversations whose last line is a draft answering a complaint or thanks (context rules).
printf '怎么还没到，我要投诉\n已为您补发，非常抱歉给您带来不便😊' > "$seeds/lint/c1"
printf '發錯貨了\n您好！\n東西壞了\n馬上為您補發。很抱歉' > "$seeds/lint/c2"
printf '好的谢谢，拜拜\n您的订单明天送达' > "$seeds/lint/c3"
python3 bench/gen_archive.py "$seeds/archive.jsonl" --conversations 40
split -l 1 "$seeds/archive.jsonl" "$seeds/json/t"
python3 bench/gen_archive.py "$seeds/csv/a.csv" --conversations 5
rm "$seeds/archive.jsonl"
# LintRequests in protobuf's binary encoding, written out by hand: a draft, a revision, and
# for some a customer turn with a timestamp, a ruleset and a disabled rule.
python3 - "$seeds/request_wire" <<'PY'
import sys
def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)
def field(n, wt, payload):
    key = varint(n << 3 | wt)
    return key + (varint(len(payload)) + payload if wt == 2 else varint(payload))
drafts = [l.rstrip("\n") for l in open("bench/data/drafts.txt", encoding="utf-8")][::40]
for i, d in enumerate(drafts):
    m = field(1, 2, d.encode()) + field(5, 0, i + 1)
    if i % 2:
        turn = field(1, 0, 2) + field(2, 2, "怎么还没到".encode()) + field(3, 2, field(1, 0, 1764000000))
        m += field(3, 2, turn) + field(4, 2, b"default") + field(6, 2, b"missing-emoji")
    open(f"{sys.argv[1]}/r{i}", "wb").write(m)
PY

status=0
for f in lint lexicon json csv request_wire; do
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
