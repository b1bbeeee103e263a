#!/usr/bin/env bash
# Cache lines the engine misses per draft when it starts cold, as it does in the server under
# load (gRPC, the kernel and the load generator run between two drafts on the same cores and
# push the engine's tables and code out of L2). Counted by callgrind's cache simulation, so
# the figure repeats exactly for the same binary whatever the machine is doing, as
# bench/instructions.sh's does; unlike the instruction count, it sees what costs time under
# load: a cold line costs ~15-100 ns, an instruction a third of a nanosecond.
#
# Runs engine_bench's BM_Lint_DraftsCacheCold/2 (2 MiB written between drafts) once and three
# times against a simulated 1 MiB last-level cache, and divides the difference by the drafts
# the two extra repetitions lint (each: one warm pass over the corpus, then a cold one), so
# one-time work cancels out; the warm pass misses next to nothing, so a cold draft is ~2x the
# figures printed. The simulated L1i is tiny (1 KiB): the 2 MiB written between drafts clears
# the data caches but runs too little code to clear a real L1i, and with one the code-line
# count moved by a third with code layout alone (a function nobody changed missing 3x more).
# With a tiny one, I counts the code lines a cold draft runs, as it does after gRPC's code.
#   bench/footprint.sh [ENGINE_BENCH]        default: build/engine_bench
# Prints misses per draft (I = code lines, Dr = data lines read, Dw = data lines written) and
# the functions that miss most (self cost; inlined code counts in its caller).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/engine_bench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
drafts=$(grep -c . bench/data/drafts.txt)
for reps in 1 3; do
  valgrind --tool=callgrind --cache-sim=yes --D1=32768,8,64 --I1=1024,2,64 \
    --LL=1048576,16,64 --callgrind-out-file="$tmp/r$reps.out" \
    --toggle-collect='replylint::Ruleset::Lint*' "$bin" --benchmark_filter='CacheCold/2/' \
    --benchmark_min_time=0.001 --benchmark_repetitions=$reps >/dev/null 2>&1 &
done
wait
python3 - "$tmp" "$((drafts * 4))" <<'PY'
import re, subprocess, sys
tmp, n = sys.argv[1], float(sys.argv[2])
num = r"([\d,]+|\.)\s*(?:\([^)]*\))?\s+"
def load(name):
    out = subprocess.run(["callgrind_annotate", "--show=Ir,ILmr,DLmr,DLmw", f"{tmp}/{name}.out"],
                         capture_output=True, text=True, check=True).stdout
    total, funcs = None, {}
    for line in out.splitlines():
        m = re.match(r"\s*" + num * 4 + r"(.*)", line)
        if not m:
            continue
        vals = [0 if v == "." else int(v.replace(",", "")) for v in m.groups()[:4]]
        if "PROGRAM TOTALS" in m.group(5):
            total = vals
        else:
            funcs[re.sub(r" \[.*", "", m.group(5))] = vals
    return total, funcs
t1, f1 = load("r1")
t3, f3 = load("r3")
d = [(b - a) / n for a, b in zip(t1, t3)]
print(f"per draft, warm and cold passes averaged: {d[0]:,.0f} instructions; last-level misses "
      f"{d[1] + d[2] + d[3]:.1f} (I {d[1]:.1f}, Dr {d[2]:.1f}, Dw {d[3]:.1f})")
per = {k: [(b - a) / n for a, b in zip(f1.get(k, [0] * 4), f3.get(k, [0] * 4))]
       for k in set(f1) | set(f3)}
print("   I     Dr     Dw  function")
for k, v in sorted(per.items(), key=lambda kv: -sum(kv[1][1:]))[:15]:
    print(f"{v[1]:5.1f} {v[2]:6.1f} {v[3]:6.1f}  {k[:100]}")
PY
