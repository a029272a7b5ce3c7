#!/usr/bin/env python3
"""Plots of a scripts/bench.sh result: latency against throughput for both brokers, and
throughput bars per workload.

usage: plot.py RESULTS.json OUT_DIR      (needs matplotlib; scripts/bench.sh makes a venv)
writes OUT_DIR/latency.png and OUT_DIR/throughput.png
"""
import json
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"samsa": "#d1495b", "kafka": "#30638e"}
LABELS = {"samsa": "samsa", "kafka": "Apache Kafka 4.4"}


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(src) as f:
        doc = json.load(f)
    os.makedirs(out, exist_ok=True)
    rows = {(r["workload"], r["figure"]): r for r in doc["summary"]}
    brokers = [b for b in ("samsa", "kafka") if any(b in r for r in doc["summary"])]
    m = doc["meta"]
    subtitle = (f"{m['mode']} run {m['started'][:16]}, median of {m['repeats']} rounds, "
                f"durability {m['durability']}, pinning {m['pinning']}")
    latency(rows, brokers, subtitle, os.path.join(out, "latency.png"))
    throughput(rows, brokers, subtitle, os.path.join(out, "throughput.png"))


def latency(rows, brokers, subtitle, path):
    pcts = sorted({int(mt.group(1)) for (w, f) in rows if w == "e2e-latency"
                   for mt in [re.match(r"e2e_(\d+)pct_mb_per_s$", f)] if mt})
    fig, ax = plt.subplots(figsize=(8, 5))
    for b in brokers:
        for q, style in (("p50", "--"), ("p99", "-"), ("p999", ":")):
            xs, ys = [], []
            for p in pcts:
                x = rows.get(("e2e-latency", f"e2e_{p}pct_mb_per_s"), {}).get(b)
                y = rows.get(("e2e-latency", f"e2e_{p}pct_e2e_{q}_us"), {}).get(b)
                if x is not None and y is not None:
                    xs.append(x)
                    ys.append(max(y, 1) / 1000)
            if xs:
                ax.plot(xs, ys, style, marker="o", color=COLORS[b], label=f"{LABELS[b]} {q}")
    ax.set_yscale("log")
    ax.set_xlabel("throughput (MB/s, 1 KiB records, 16 partitions, acks=1)")
    ax.set_ylabel("end-to-end latency (ms, log scale)")
    ax.set_title("End-to-end latency against throughput\n" + subtitle, fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def throughput(rows, brokers, subtitle, path):
    bars = [(w, f) for (w, f) in rows
            if f in ("mb_per_s", "perf_produce_mb_per_s", "perf_consume_mb_per_s")]
    order = ["produce-acks1", "produce-acksall", "small-100b", "large-64k", "large-1m", "zstd",
             "lz4", "partitions-1", "partitions-100", "partitions-1000", "partitions-10000",
             "consume-cached", "consume-disk", "perf-tools"]
    bars.sort(key=lambda wf: (order.index(wf[0]) if wf[0] in order else 99, wf[1]))
    names = [w if f == "mb_per_s" else f"{w}\n{f.split('_')[1]}" for w, f in bars]
    fig, ax = plt.subplots(figsize=(max(8, len(bars) * 0.9), 5))
    width = 0.8 / max(1, len(brokers))
    for i, b in enumerate(brokers):
        vals = [rows[k].get(b) or 0 for k in bars]
        xs = [j + i * width for j in range(len(bars))]
        ax.bar(xs, vals, width, color=COLORS[b], label=LABELS[b])
    if "samsa" in brokers and "kafka" in brokers:
        for j, k in enumerate(bars):
            r = rows[k].get("ratio")
            top = max(rows[k].get("samsa") or 0, rows[k].get("kafka") or 0)
            ax.text(j + width / 2, top, "n/a" if r is None else f"{r:.2f}x", ha="center",
                    va="bottom", fontsize=8)
    ax.set_xticks([j + width / 2 for j in range(len(bars))])
    ax.set_xticklabels(names, fontsize=8, rotation=30, ha="right")
    ax.set_ylabel("MB/s (10^6 bytes)")
    ax.set_title("Throughput (label: samsa/Kafka)\n" + subtitle, fontsize=10)
    ax.legend()
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    main()
