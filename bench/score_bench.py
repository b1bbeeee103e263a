#!/usr/bin/python3
"""End-to-end benchmark of `replylint score`: generates archives of N conversations (gzip JSON
Lines, from bench/data/drafts.txt), scores each with reports written to a scratch directory,
and prints conversations/s, agent messages/s, input MB/s and peak RSS. Runs each size
`--repeat` times and reports the median rate.

  bench/score_bench.py [--build build] [--sizes 10000,100000,1000000] [--repeat 3]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build"))
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    binary = os.path.join(a.build, "replylint")
    tmp = tempfile.mkdtemp(prefix="replylint-score-bench-")
    print("%-12s %10s %10s %12s %14s %9s %10s" % ("conversations", "MB (gz)", "seconds",
                                                  "conv/s", "agent msgs/s", "MB/s", "peak RSS"))
    for n in [int(x) for x in a.sizes.split(",")]:
        archive = os.path.join(tmp, "a%d.jsonl.gz" % n)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_archive.py"), archive,
                        "--conversations", str(n)], check=True)
        mb = os.path.getsize(archive) / 1e6
        runs = []
        for _ in range(a.repeat):
            err_path = os.path.join(tmp, "err")
            with open(err_path, "w") as err:
                t0 = time.monotonic()
                p = subprocess.Popen([binary, "score", archive, "--report",
                                      os.path.join(tmp, "out")],
                                     stdout=subprocess.DEVNULL, stderr=err)
                _, status, usage = os.wait4(p.pid, 0)  # this child's own peak RSS
                secs = time.monotonic() - t0
            text = open(err_path).read()
            if status != 0:
                sys.exit(text)
            msgs = int(re.search(r"(\d+) agent messages", text).group(1))
            runs.append((secs, msgs, usage.ru_maxrss))
        secs = statistics.median(r[0] for r in runs)
        msgs = runs[0][1]
        rss_mb = max(r[2] for r in runs) / 1024
        print("%-12d %10.1f %10.2f %12.0f %14.0f %9.1f %8.0f MB" % (
            n, mb, secs, n / secs, msgs / secs, mb / secs, rss_mb))
        os.remove(archive)


if __name__ == "__main__":
    main()
