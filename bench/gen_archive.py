#!/usr/bin/python3
"""Generates a synthetic transcript archive for `replylint score` benchmarks and tests.

Conversations are built from bench/data/drafts.txt (agent turns) and a few customer lines,
with realistic timestamps (some replies slower than 60 s), deterministic for a given seed.

  gen_archive.py OUT (.jsonl, .jsonl.gz, .csv or .csv.gz) --conversations N [--seed S]
"""
import argparse
import csv
import datetime
import gzip
import io
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
CUSTOMER = ["在吗", "你好，请问这个有货吗", "怎么还没到，我要投诉", "好的谢谢", "什么时候发货",
            "可以便宜点吗", "我要退货", "太慢了", "收到了，谢谢", "尺码偏大吗", "拜拜",
            "东西坏了怎么办", "能开发票吗", "多久能到"]


def conversations(n, seed):
    rng = random.Random(seed)
    drafts = [l.strip() for l in open(os.path.join(HERE, "data", "drafts.txt"), encoding="utf-8")
              if l.strip()]
    t0 = datetime.datetime(2026, 11, 1, 9, 0, 0, tzinfo=datetime.timezone.utc)
    for i in range(n):
        t = t0 + datetime.timedelta(seconds=rng.randrange(0, 30 * 86400))
        turns = []
        for k in range(rng.randrange(2, 6)):
            turns.append(("CUSTOMER", rng.choice(CUSTOMER), t))
            t += datetime.timedelta(seconds=rng.choice([5, 12, 20, 35, 50, 75, 140]))
            turns.append(("AGENT", rng.choice(drafts), t))
            t += datetime.timedelta(seconds=rng.randrange(3, 40))
        if rng.random() < 0.3:
            turns.append(("CUSTOMER", rng.choice(CUSTOMER), t))
        yield "c%07d" % i, "agent%03d" % rng.randrange(0, 60), turns


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--conversations", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    raw = open(a.out, "wb")
    f = gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) if a.out.endswith(".gz") else raw
    out = io.TextIOWrapper(f, encoding="utf-8", newline="")
    is_csv = a.out.endswith(".csv") or a.out.endswith(".csv.gz")
    w = csv.writer(out) if is_csv else None
    if w:
        w.writerow(["conversation_id", "agent_id", "role", "ts", "text"])
    for cid, agent, turns in conversations(a.conversations, a.seed):
        if w:
            for role, text, t in turns:
                w.writerow([cid, agent, role.lower(), t.strftime("%Y-%m-%dT%H:%M:%SZ"), text])
        else:
            out.write(json.dumps({
                "conversationId": cid, "agentId": agent,
                "turns": [{"role": r, "text": x, "ts": t.strftime("%Y-%m-%dT%H:%M:%SZ")}
                          for r, x, t in turns]}, ensure_ascii=False) + "\n")
    out.flush()
    out.close()


if __name__ == "__main__":
    main()
