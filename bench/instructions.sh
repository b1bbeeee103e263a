#!/usr/bin/env bash
# Instructions the engine executes per draft, steady state: callgrind counts inside
# Ruleset::Lint over the corpus run three times and once, and halves the difference, so
# one-time work (ICU's lazy data, the first segmentation dictionary load) cancels out.
# Instruction counts repeat exactly for the same binary and input whatever else the machine
# is doing, so this is the measure to compare two builds with on a noisy machine; it does not
# see cache misses (time under load: bench/engine_bench's CacheCold rows, the load generator).
#   bench/instructions.sh [BINARY] [CORPUS]      default: build/replylint bench/data/drafts.txt
#   LEXICONS=DIR lints with other word lists (e.g. an old commit's, from `git archive`), to
#   tell what a change of code costs from what new entries cost.
# Prints the total per draft, the functions that cost most per draft (self cost), and the md5
# of `replylint lint --format json` over the corpus (equal md5 = same findings and rewrites).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/replylint}
corpus=${2:-bench/data/drafts.txt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat "$corpus" "$corpus" "$corpus" > "$tmp/x3.txt"
run() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/$1.out" \
    --toggle-collect='replylint::Ruleset::Lint*' "$bin" lint ${LEXICONS:+--lexicons="$LEXICONS"} --format json < "$2" \
    > "$tmp/$1.json" 2>/dev/null || true  # lint exits 1 when it finds something
}
run x1 "$corpus"
run x3 "$tmp/x3.txt"
python3 - "$tmp" "$(grep -c . "$corpus")" <<'PY'
import os, re, subprocess, sys
tmp, drafts = sys.argv[1], int(sys.argv[2])
def load(name):
    out = subprocess.run(["callgrind_annotate", f"{tmp}/{name}.out"], capture_output=True,
                         text=True, check=True).stdout
    total = int(re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", out).group(1).replace(",", ""))
    funcs = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S.*)", line)
        if m and "PROGRAM TOTALS" not in line:
            funcs[m.group(2)] = int(m.group(1).replace(",", ""))
    return total, funcs
t1, f1 = load("x1")
t3, f3 = load("x3")
print(f"instructions per draft in Ruleset::Lint: {(t3 - t1) / 2 / drafts:,.0f} ({drafts} drafts)")
per = {k: (f3.get(k, 0) - f1.get(k, 0)) / 2 / drafts for k in set(f1) | set(f3)}
for k, v in sorted(per.items(), key=lambda kv: -kv[1])[:int(os.environ.get("TOP", "12"))]:
    name = re.sub(r" \[.*", "", k)[:100]
    print(f"  {v:8,.0f}  {name}")
PY
echo "md5 of the lint output: $(md5sum < "$tmp/x1.json" | cut -c1-32)"
