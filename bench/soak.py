#!/usr/bin/env python3
"""Soak: `replylint serve` for a long run at the service budget rates while the rules change.

Starts the server on a copy of the bundled lexicons, drives it with two load generators
(unary Lint open loop at 2,000/s and LintStream at 1,000/s over 50 streams, the budget
scenarios of the service issue), edits a word list every few seconds (every tenth edit is a
broken one, fixed by the next: the failure path runs under load too), and prints one row per
window: answers per second, p99 of each load, errors, the server's RSS and reloads so far.
Ends with a summary and exits 1 if any request failed, a load's p99 over the whole run broke
its budget, or RSS grew more than 10% from the first window to the last.

    bench/soak.py [--build build] [--minutes 10] [--window 10] [--reload-every 3]
"""
import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNARY_BUDGET_US = 1000   # unary Lint p99 at 2,000/s
STREAM_BUDGET_US = 500   # LintStream p99 at 1,000/s
RELOADS_OK = re.escape('replylint_reloads_total{result="ok"}')
RELOADS_FAILED = re.escape('replylint_reloads_total{result="failed"}')


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def scrape(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
            return r.read().decode()
    except OSError:
        return ""


def counter(text, pattern):
    m = re.search(pattern + r" (\d+)", text)
    return int(m.group(1)) if m else 0


def read_rows(proc, rows, total):
    """Collects the loadgen's window rows (t_s qps p50 p99 p99.9 errors) and, at the end, its
    whole-run row (name... qps p50 p90 p99 p99.9 errors) into total."""
    for line in proc.stdout:
        parts = line.split()
        if len(parts) == 6 and parts[0].replace(".", "").isdigit():
            rows.append([float(x) for x in parts])
        elif len(parts) >= 8 and parts[-1].isdigit() and not parts[0].startswith("t_s"):
            total.extend(float(x) for x in parts[-6:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--window", type=float, default=10)
    ap.add_argument("--reload-every", type=float, default=3)
    ap.add_argument("--lint-rate", type=float, default=2000,
                    help="unary Lint requests/s (0 = no unary load)")
    ap.add_argument("--stream-rate", type=float, default=1000,
                    help="LintStream drafts/s over 50 streams (0 = no stream load)")
    args = ap.parse_args()
    seconds = args.minutes * 60

    work = tempfile.mkdtemp(prefix="replylint-soak-")
    lex = os.path.join(work, "lexicons")
    shutil.copytree(os.path.join(ROOT, "lexicons"), lex)
    server = subprocess.Popen(
        [os.path.join(args.build, "replylint"), "serve", "--listen=127.0.0.1:0",
         "--metrics-listen=127.0.0.1:0", "--http-listen=", f"--lexicons={lex}"],
        stdout=subprocess.PIPE, stderr=open(os.path.join(work, "server.log"), "w"), text=True)
    port = metrics_port = None
    for line in server.stdout:
        if m := re.search(r"listening on 127\.0\.0\.1:(\d+)", line):
            port = int(m.group(1))
        if m := re.search(r"metrics on http://127\.0\.0\.1:(\d+)", line):
            metrics_port = int(m.group(1))
            break
    if not port or not metrics_port:
        sys.exit("soak: the server did not start; see " + work)

    loadgen = os.path.join(args.build, "loadgen")
    common = [f"--target=127.0.0.1:{port}", f"--seconds={seconds}", "--warmup=2",
              f"--window={args.window}", "--deadline=1"]
    unary = None
    if args.lint_rate > 0:
        unary = subprocess.Popen([loadgen, "--rpc=lint", "--mode=open",
                                  f"--rate={args.lint_rate}"] + common,
                                 stdout=subprocess.PIPE, text=True)
    stream = None
    if args.stream_rate > 0:
        stream = subprocess.Popen([loadgen, "--rpc=stream", "--mode=open",
                                   f"--rate={args.stream_rate}", "--streams=50"] + common,
                                  stdout=subprocess.PIPE, text=True)
    unary_rows, stream_rows, unary_total, stream_total = [], [], [], []
    readers = []
    if unary is not None:
        readers.append(threading.Thread(target=read_rows, args=(unary, unary_rows, unary_total)))
    if stream is not None:
        readers.append(threading.Thread(target=read_rows,
                                        args=(stream, stream_rows, stream_total)))
    for t in readers:
        t.start()

    # Rule edits while the load runs.
    stop = threading.Event()
    edits = {"good": 0, "broken": 0}
    words = os.path.join(lex, "words", "banned-negative.txt")
    rules = os.path.join(lex, "default.rules")
    original_words = open(words, encoding="utf-8").read()
    original_rules = open(rules, encoding="utf-8").read()

    def edit_loop():
        i = 0
        while not stop.wait(args.reload_every):
            i += 1
            if i % 10 == 0:  # a rule author's typo: the old rules must keep serving
                with open(rules, "w", encoding="utf-8") as f:
                    f.write(original_rules + "\n[rule soak]\nkind = phrase\nmesage = typo\n")
                edits["broken"] += 1
                continue
            extra = "" if i % 2 else "木有办法 => 我们一起想想办法\n@fire 我也木有办法\n"
            tmp = words + ".tmp"  # as editors save: write aside, rename over
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(original_words + extra)
            os.replace(tmp, words)
            if i % 10 == 1 and i > 1:
                with open(rules, "w", encoding="utf-8") as f:
                    f.write(original_rules)
            edits["good"] += 1

    editor = threading.Thread(target=edit_loop)
    editor.start()

    print(f"soak: {args.minutes:g} min, Lint {args.lint_rate:g}/s + LintStream "
          f"{args.stream_rate:g}/s, an edit every {args.reload_every:g} s; server pid "
          f"{server.pid}, logs in {work}")
    print(f"{'t_s':>6} {'lint/s':>7} {'p99_us':>7} {'stream/s':>8} {'p99_us':>7} "
          f"{'errors':>6} {'rss_MB':>7} {'reloads':>8} {'failed':>6}")
    rss = []
    shown = 0
    def ready():  # windows reported by every running generator
        running = [rows for proc, rows in ((unary, unary_rows), (stream, stream_rows)) if proc]
        return min(len(rows) for rows in running)

    zero = [0.0] * 6
    while (any(p is not None and p.poll() is None for p in (unary, stream)) or
           shown < ready()):
        time.sleep(0.2)
        while shown < ready():
            u = unary_rows[shown] if unary is not None else zero
            s = stream_rows[shown] if stream is not None else zero
            m = scrape(metrics_port)
            rss.append(rss_kb(server.pid) / 1024)
            ok, failed = counter(m, RELOADS_OK), counter(m, RELOADS_FAILED)
            print(f"{max(u[0], s[0]):6.0f} {u[1]:7.0f} {u[3]:7.0f} {s[1]:8.0f} {s[3]:7.0f} "
                  f"{int(u[5] + s[5]):6d} {rss[-1]:7.1f} {ok:8d} {failed:6d}", flush=True)
            shown += 1
    stop.set()
    editor.join()
    for t in readers:
        t.join()
    m = scrape(metrics_port)
    server.send_signal(signal.SIGTERM)
    server.wait()

    n = ready()
    errors = sum(int(r[5]) for r in unary_rows[:n] + stream_rows[:n])
    server_errors = sum(int(v) for code, v in
                        re.findall(r'replylint_requests_total\{rpc="Lint(?:Stream)?",'
                                   r'code="(\w+)"\} (\d+)', m) if code != "OK")
    up99 = [r[3] for r in unary_rows[:n]] or [0.0]
    sp99 = [r[3] for r in stream_rows[:n]] or [0.0]
    over = sum(1 for x in up99 if x > UNARY_BUDGET_US) + sum(1 for x in sp99
                                                               if x > STREAM_BUDGET_US)
    growth = 100.0 * (rss[-1] - rss[0]) / rss[0] if rss else 0
    ok_reloads, failed_reloads = counter(m, RELOADS_OK), counter(m, RELOADS_FAILED)
    # Whole-run rows: qps p50 p90 p99 p99.9 errors.
    u_p99 = (unary_total[3] if len(unary_total) == 6 else float("inf")) if unary else 0.0
    s_p99 = (stream_total[3] if len(stream_total) == 6 else float("inf")) if stream else 0.0
    print(f"\nsummary over {n} windows of {args.window:g} s:")
    print(f"  errors seen by clients: {errors}; non-OK answers counted by the server: "
          f"{server_errors}")
    print(f"  Lint p99 over the whole run {u_p99:.0f} us (budget {UNARY_BUDGET_US}); per window: "
          f"median {statistics.median(up99):.0f} us, max {max(up99):.0f} us")
    print(f"  LintStream p99 over the whole run {s_p99:.0f} us (budget {STREAM_BUDGET_US}); per "
          f"window: median {statistics.median(sp99):.0f} us, max {max(sp99):.0f} us")
    print(f"  windows whose p99 was over its budget: {over} of "
          f"{((1 if unary else 0) + (1 if stream else 0)) * n}")
    print(f"  RSS: {rss[0]:.1f} MB after the first window, {rss[-1]:.1f} MB at the end "
          f"({growth:+.1f}%), peak {max(rss):.1f} MB")
    print(f"  edits: {edits['good']} good, {edits['broken']} broken; reloads: {ok_reloads} ok, "
          f"{failed_reloads} failed (broken edits keep the old rules serving)")
    healthy = (errors == 0 and server_errors == 0 and u_p99 <= UNARY_BUDGET_US and
               s_p99 <= STREAM_BUDGET_US and growth <= 10)
    print("  result:", "PASS" if healthy else "FAIL",
          "(no errors, whole-run p99 within budget, RSS within 10%)")
    if healthy:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
