#!/usr/bin/env python3
"""Runs the benchmark rounds of scripts/bench.sh and writes the results.

A round starts one broker on a fresh data directory (its start-up time is a figure), runs the
selected workloads in order, each on a topic of its own, records the broker's peak RSS, and
stops it. Rounds alternate between the brokers, Kafka first in the first round (its maximum
produce rate calibrates the fixed-rate latency runs for both), then samsa, then samsa first in
the next, and so on (ABBA), `repeats` rounds per broker. The summary is the median of each
figure per broker and the ratio samsa/Kafka.

usage: bench_runner.py --mode quick|full --out DIR --loadgen PATH --samsa-bin PATH
                       --kafka-classpath CP --tools PATH [--workload NAME]... [--repeats N]
                       [--durability default|fsync] [--pin] [--brokers samsa,kafka]
"""
import argparse
import datetime
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_brokers  # noqa: E402
import bench_workloads as W  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except subprocess.TimeoutExpired:
        return ""


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def other_processes_cpu():
    """CPU-seconds (user + system) so far of each user-space process that is neither this
    harness nor one of its descendants (brokers, load generators, tools), keyed by (pid, start
    time). The load average cannot tell other work from the benchmark's own load; this can
    (processes that start and end between two samples are missed)."""
    tick = os.sysconf("SC_CLK_TCK")
    procs = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # from field 3 (state) on
        procs[int(pid)] = (int(fields[1]), int(fields[19]),
                           (int(fields[11]) + int(fields[12])) / tick)
    me = os.getpid()

    def mine(pid):  # this harness or a descendant: walk the parents up to init
        while pid > 1:
            if pid == me:
                return True
            pid = procs.get(pid, (0,))[0]
        return False

    return {(pid, start): cpu for pid, (ppid, start, cpu) in procs.items()
            if pid != 2 and ppid != 2 and not mine(pid)}  # 2: kthreadd, parent of kernel threads


def other_cpu_between(before, after):
    return sum(cpu - before.get(key, 0.0) for key, cpu in after.items())


def machine(args):
    cpu = sh("lscpu | sed -n 's/^Model name: *//p'")
    return {
        "cpu": cpu, "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "kernel": platform.release(), "os": sh(". /etc/os-release && echo $PRETTY_NAME"),
        "filesystem": sh(f"df -T {args.run_dir} | awk 'NR==2{{print $2}}'"),
        "java": sh("java -version 2>&1 | head -1"),
        "librdkafka": sh("pkg-config --modversion rdkafka"),
        "kafka": "4.4.0 (broker), kafka-tools 4.3.1 (perf tools)",
        "samsa": args.samsa_version or sh(f"git -C {ROOT} rev-parse --short HEAD"),
        "compiler": sh("c++ --version | head -1"),
    }


def page_cache_fill(run_dir, size=1 << 30):
    """CPU-s per GB this process spends writing `size` bytes into a new file (new page-cache
    pages), then writing them again over the same, now cached, pages. Both brokers pay the
    first cost for every byte produced; on a VM whose host backs guest memory lazily it is
    many times the second and a large part of their CPU-s/GB, and it varies with the host."""
    time.sleep(5)  # pages freed a moment ago are still backed; the host takes them back soon
    path = os.path.join(run_dir, "page-cache-fill")
    chunk = b"\xa5" * (1 << 20)
    figures = {}
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            for name in ("new_cpu_s_per_gb", "cached_cpu_s_per_gb"):
                os.lseek(fd, 0, os.SEEK_SET)
                before = os.times()
                for _ in range(size // len(chunk)):
                    os.write(fd, chunk)
                after = os.times()
                cpu = (after.user - before.user) + (after.system - before.system)
                figures[name] = round(cpu / (size / 1e9), 2)
        finally:
            os.close(fd)
            os.unlink(path)
    except OSError:
        return None
    return figures


def interrupted(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["quick", "full"], default="quick")
    ap.add_argument("--workload", action="append", default=[])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--durability", choices=["default", "fsync"], default="default")
    ap.add_argument("--pin", action="store_true")
    ap.add_argument("--brokers", default="kafka,samsa")
    ap.add_argument("--out", required=True)
    ap.add_argument("--raw", required=True)
    ap.add_argument("--run-dir", default="/tmp/samsa-bench")
    ap.add_argument("--loadgen", required=True)
    ap.add_argument("--samsa-bin", required=True)
    ap.add_argument("--kafka-classpath", required=True)
    ap.add_argument("--tools", required=True)
    ap.add_argument("--note", default="")
    ap.add_argument("--samsa-version", default="")
    ap.add_argument("--name", default="", help="results file stem (default: by mode)")
    args = ap.parse_args()
    # SIGTERM (and SIGHUP) unwind like Ctrl-C, so that the brokers are stopped on the way out.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)

    names = args.workload or [n for n, (_, quick, _) in W.WORKLOADS.items()
                              if quick or args.mode == "full"]
    for n in names:
        if n not in W.WORKLOADS:
            sys.exit(f"bench: unknown workload {n} (known: {', '.join(W.WORKLOADS)})")
        if n in W.NEEDS and W.NEEDS[n] not in names:
            names.append(W.NEEDS[n])
    names = [n for n in W.WORKLOADS if n in names]  # the canonical order

    os.makedirs(args.raw, exist_ok=True)
    os.makedirs(args.run_dir, exist_ok=True)
    logf = open(os.path.join(args.raw, "bench.log"), "a")

    def log(msg):
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    brokers = {
        "kafka": bench_brokers.Broker("kafka", 19292, args.run_dir, ROOT,
                                      kafka_classpath=args.kafka_classpath),
        "samsa": bench_brokers.Broker("samsa", 19294, args.run_dir, ROOT,
                                      samsa_bin=args.samsa_bin),
    }
    chosen = [b for b in args.brokers.split(",") if b in brokers]
    started = time.time()
    args.other_cpu_start = other_processes_cpu()  # results are written after every round
    meta = {"mode": args.mode, "workloads": names, "repeats": args.repeats,
            "durability": args.durability, "pinned": args.pin,
            "pinning": "broker on CPU 0, clients on CPU 1" if args.pin else "none",
            "note": args.note, "started": datetime.datetime.now().isoformat(timespec="seconds"),
            "machine": machine(args), "loadavg_start": loadavg(),
            "page_cache_fill_start": page_cache_fill(args.run_dir),
            "timing": W.TIMING[args.mode],
            "broker_settings": {b: bench_brokers.DURABILITY[args.durability][b] for b in chosen}}
    log(f"bench: {args.mode}, workloads {', '.join(names)}; {args.repeats} rounds per broker; "
        f"durability {args.durability}; pinning {meta['pinning']}; load {meta['loadavg_start']}")

    rates = {}
    results = []  # {broker, round, workload, figures, loadavg}
    order = []
    for r in range(args.repeats):
        pair = chosen if r % 2 == 0 else list(reversed(chosen))
        order += [(r, b) for b in pair]
    try:
        for r, bname in order:
            broker = brokers[bname]
            ctx = types.SimpleNamespace(
                broker=broker, loadgen=args.loadgen, tools=args.tools,
                pin=["taskset", "-c", "1"] if args.pin else [], broker_pin="0" if args.pin else None,
                timing=W.TIMING[args.mode], rates=rates, log=log, durability=args.durability)
            log(f"round {r + 1}: {bname}")
            try:
                startup = broker.start(args.durability, ctx.broker_pin)
            except Exception as e:  # noqa: BLE001 - a broker that does not start is a result
                log(f"  {bname} did not start: {e}")
                results.append({"broker": bname, "round": r, "workload": "startup",
                                "figures": None, "error": str(e)})
                continue
            log(f"  started in {startup:.3f}s")
            # The same unmeasured warm-up for both brokers (Kafka's JIT compiles its hot
            # paths in it), so that the first measured run is not a cold one.
            W.loadgen(ctx, "warmup", "--create", "--partitions", 16, "--mode", "produce",
                      "--rate", 0, "--duration", ctx.timing["warmup"] * 3, "--warmup", 0)
            results.append({"broker": bname, "round": r, "workload": "startup",
                            "figures": {"startup_s": startup}, "loadavg": loadavg()})
            try:
                for i, name in enumerate(names):
                    fn = W.WORKLOADS[name][0]
                    log(f" {name}")
                    t0 = time.time()
                    try:
                        figures = fn(ctx)
                    except Exception as e:  # noqa: BLE001
                        log(f"  failed: {e!r}")
                        figures = None
                    results.append({"broker": bname, "round": r, "workload": name,
                                    "figures": figures, "seconds": round(time.time() - t0, 1),
                                    "loadavg": loadavg()})
                    log(f"  -> {json.dumps(figures)}")
                    if not broker.running():
                        log(f"  {bname} is not running after {name}; the round ends here")
                        break
                    # A full round writes more than this machine's disk holds: each workload's
                    # topics go once no later workload of the round reads them.
                    drop_topics(ctx, keep={W.NEEDS[n] for n in names[i + 1:] if n in W.NEEDS})
                if broker.running():
                    results.append({"broker": bname, "round": r, "workload": "memory",
                                    "figures": {"rss_peak_mb": broker.stats()["hwm"] / 1e6}})
            finally:
                broker.stop()
            # Every finished round is saved, so that an interrupted run keeps what it measured.
            write_results(args, meta, rates, results, chosen, started, log, final=False)
    finally:
        for b in brokers.values():
            b.stop()

    write_results(args, meta, rates, results, chosen, started, log, final=True)


def drop_topics(ctx, keep):
    """Deletes every non-internal topic of the broker but those named in keep (both brokers
    then remove the data in the background), so a round's disk use stays bounded."""
    base = [ctx.tools, "tool", "kafka-topics", "--bootstrap-server", ctx.broker.bootstrap]
    listed = W.run_tool(ctx, base + ["--list", "--exclude-internal"], timeout=120) or ""
    doomed = [t for t in listed.split() if t not in keep and not t.startswith("__")]
    if doomed:
        ctx.log(f"  deleting topics {', '.join(doomed)}")
        W.run_tool(ctx, base + ["--delete", "--topic", "|".join(doomed)], timeout=120)


def write_results(args, meta, rates, results, chosen, started, log, final):
    meta["loadavg_end"] = loadavg()
    meta["minutes"] = round((time.time() - started) / 60, 1)
    other = other_cpu_between(args.other_cpu_start, other_processes_cpu())
    meta["other_cpu_s"] = round(other, 1)
    meta["other_cpu_share"] = round(other / max((time.time() - started) * os.cpu_count(), 1), 4)
    meta["complete"] = final
    if final:
        meta["page_cache_fill_end"] = page_cache_fill(args.run_dir)
    summary = summarize(results, chosen)
    doc = {"meta": meta, "rates": rates, "summary": summary, "runs": results}
    with open(os.path.join(args.raw, "results.json"), "w") as f:
        json.dump(doc, f, indent=1)
    os.makedirs(args.out, exist_ok=True)
    stem = args.name or result_stem(args.durability, args.pin)
    with open(os.path.join(args.out, stem + ".json"), "w") as f:
        json.dump(doc, f, indent=1)
    with open(os.path.join(args.out, stem + ".md"), "w") as f:
        f.write(markdown(doc, stem))
    if final:
        log(f"bench: done in {meta['minutes']} min; {os.path.join(args.out, stem + '.md')}")
        print(table(summary, headline=True))


def result_stem(durability, pinned):
    """latest (default durability, unpinned), latest-fsync, latest-pinned, latest-fsync-pinned:
    each mode keeps its own latest summary, plots in plots/ or plots-<mode>/."""
    return "latest" + ("-fsync" if durability == "fsync" else "") + ("-pinned" if pinned else "")


def summarize(results, chosen):
    values = {}  # (workload, figure) -> broker -> [values]
    for res in results:
        for fig, v in (res.get("figures") or {}).items():
            if v is None:
                continue
            values.setdefault((res["workload"], fig), {}).setdefault(res["broker"], []).append(v)
    out = []
    for (wl, fig), per in values.items():
        unit, better = W.unit_of(fig)
        row = {"workload": wl, "figure": fig, "unit": unit, "better": better}
        for b in chosen:
            vals = per.get(b, [])
            row[b] = statistics.median(vals) if vals else None
            row[b + "_values"] = vals
        s, k = row.get("samsa"), row.get("kafka")
        row["ratio"] = s / k if s is not None and k not in (None, 0) else None
        out.append(row)
    return out


def fmt(v):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        if abs(v) >= 10:
            return f"{v:.1f}"
        return f"{v:.3g}"
    return f"{v:,}" if isinstance(v, int) else str(v)


HEADLINE = [
    ("produce-acks1", "mb_per_s"), ("produce-acks1", "cpu_s_per_gb"),
    ("produce-acks1", "disk_write_per_byte"), ("produce-acksall", "mb_per_s"),
    ("e2e-latency", "e2e_50pct_e2e_p50_us"), ("e2e-latency", "e2e_50pct_e2e_p99_us"),
    ("e2e-latency", "e2e_90pct_e2e_p99_us"), ("consume-cached", "mb_per_s"),
    ("consume-disk", "mb_per_s"), ("small-100b", "records_per_s"), ("large-1m", "mb_per_s"),
    ("zstd", "mb_per_s"), ("partitions-1000", "mb_per_s"), ("partitions-10000", "mb_per_s"),
    ("connections-1000", "rss_growth_mb"),
    ("perf-tools", "perf_produce_mb_per_s"), ("perf-tools", "perf_consume_mb_per_s"),
    ("memory", "rss_peak_mb"), ("startup", "startup_s"), ("recovery", "recovery_ready_s"),
]


def table(summary, headline=False):
    rows = [r for r in summary if "target" not in r["figure"]]
    if headline:
        index = {(r["workload"], r["figure"]): r for r in rows}
        rows = [index[k] for k in HEADLINE if k in index]
    lines = ["| workload | figure | samsa | Kafka | samsa/Kafka | better |",
             "|---|---|---:|---:|---:|---|"]
    for r in rows:
        ratio = "n/a" if r.get("ratio") is None else f"{r['ratio']:.2f}"
        arrow = {"up": "higher", "down": "lower"}.get(r["better"], "")
        unit = f" ({r['unit']})" if r["unit"] else ""
        lines.append(f"| {r['workload']} | {r['figure']}{unit} | {fmt(r.get('samsa'))} | "
                     f"{fmt(r.get('kafka'))} | {ratio} | {arrow} |")
    return "\n".join(lines) + "\n"


def page_cache_line(m):
    start, end = m.get("page_cache_fill_start"), m.get("page_cache_fill_end")
    if not start:
        return "- The cost of new page-cache pages was not measured for this run"
    at = f"{start['new_cpu_s_per_gb']} CPU-s/GB at the start"
    if end:
        at += f", {end['new_cpu_s_per_gb']} at the end"
    return (f"- Writing into new page-cache pages cost {at} (rewriting cached pages: "
            f"{start['cached_cpu_s_per_gb']}); both brokers pay it for every byte produced "
            "(see bench/results/README.md)")


def markdown(doc, stem="latest"):
    m = doc["meta"]
    mc = m["machine"]
    plots = "plots" + (stem[len("latest"):] if stem.startswith("latest") else "-" + stem)
    share = m.get("other_cpu_share")
    out = [f"# Benchmark results: samsa against Apache Kafka ({m['mode']})", "",
           ("" if m.get("complete", True)
            else "**Incomplete (in progress or interrupted): the rounds finished so far.** ")
           + f"Taken {m['started']} in {m['minutes']} minutes by `scripts/bench.sh --{m['mode']}`"
           f"; medians of {m['repeats']} rounds per broker, rounds alternating (ABBA). "
           f"Each figure's per-round values are in {stem}.json.", "",
           f"- Machine: {mc['cpu']}, {mc['cores']} cores, {mc['memory_gib']} GiB, "
           f"{mc['os']}, kernel {mc['kernel']}, data on {mc['filesystem']}",
           f"- samsa {mc['samsa']} (release preset)"
           f", {mc['compiler']}; Apache Kafka {mc['kafka']}, {mc['java']}; "
           f"load generator on librdkafka {mc['librdkafka']}",
           f"- Durability: {m['durability']} "
           f"(broker settings: {json.dumps(m['broker_settings'])}); pinning: {m['pinning']}",
           f"- Load average (1/5/15 min) at start {m['loadavg_start']}, at end {m['loadavg_end']}"
           " (the benchmark's own build and runs count in it)",
           ("- Other processes (not the brokers, clients or harness) used "
            f"{m['other_cpu_s']} CPU-s, {share:.1%} of the machine's CPU time during the run"
            + (": **the machine was busy with other work; figures are noisy**"
               if share > 0.1 else "")
            if share is not None else
            "- CPU used by other processes was not recorded for this run"),
           page_cache_line(m),
           f"- Workloads: {', '.join(m['workloads'])}; measured {m['timing']['duration']} s after "
           f"a {m['timing']['warmup']} s warm-up per run",
           ]
    if m.get("note"):
        out.append(f"- Note: {m['note']}")
    out += ["", "## Fairness", "",
            "- Same client (bench/loadgen on librdkafka, and Kafka's perf tools), same machine, one "
            "broker at a time, fresh data directory per round, same server.properties "
            "(compat-tests/broker.properties), topics created alike.",
            "- Durability `default`: both acknowledge from the page cache, flushing in the "
            "background. `fsync`: Kafka `log.flush.interval.messages=1` against samsa "
            "`samsa.log.fsync.before.ack=true` (group commit).",
            "- Pinning `none`: broker and clients share the cores; `--pin`: broker on CPU 0, "
            "clients on CPU 1.",
            "- Latency is measured from each record's intended send time (open loop, no "
            "coordinated omission); max-rate runs' latency is mostly client queueing.",
            "- More in [docs/benchmarks.md](../../docs/benchmarks.md).", "",
            "## Headline", "", table(doc["summary"], headline=True),
            f"![latency against throughput]({plots}/latency.png)", "",
            f"![throughput]({plots}/throughput.png)", "",
            "## Every figure", "", table(doc["summary"])]
    return "\n".join(out)


if __name__ == "__main__":
    main()
