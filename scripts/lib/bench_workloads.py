"""The workloads of scripts/bench.sh: each runs against one started broker and returns its
figures as {figure: value}. Figure names end in their unit; FIGURES says which way is better.

A workload gets a context `ctx` with: broker (bench_brokers.Broker), loadgen (path), tools
(path of scripts/kafka-ref.sh), pin (taskset prefix list for clients, or []), timing (quick or
full durations), rates (shared calibration: Kafka's maximum records/s) and log (a function).
"""
import json
import os
import re
import subprocess
import threading
import time

# figure -> (unit, better): "up" when a larger value is better, "down" when smaller is.
FIGURES = {
    "mb_per_s": ("MB/s", "up"),
    "records_per_s": ("records/s", "up"),
    "p50_us": ("µs", "down"),
    "p99_us": ("µs", "down"),
    "p999_us": ("µs", "down"),
    "max_us": ("µs", "down"),
    "e2e_p50_us": ("µs", "down"),
    "e2e_p99_us": ("µs", "down"),
    "e2e_p999_us": ("µs", "down"),
    "e2e_max_us": ("µs", "down"),
    "cpu_s_per_gb": ("CPU-s/GB", "down"),
    "disk_write_per_byte": ("bytes/byte", "down"),
    "rss_peak_mb": ("MB", "down"),
    "rss_growth_mb": ("MB", "down"),
    "startup_s": ("s", "down"),
    "recovery_first_answer_s": ("s", "down"),
    "recovery_ready_s": ("s", "down"),
    "perf_produce_mb_per_s": ("MB/s", "up"),
    "perf_produce_records_per_s": ("records/s", "up"),
    "perf_produce_p50_ms": ("ms", "down"),
    "perf_produce_p99_ms": ("ms", "down"),
    "perf_consume_mb_per_s": ("MB/s", "up"),
    "perf_consume_records_per_s": ("records/s", "up"),
    "connections_answered": ("connections", "up"),
}

TIMING = {
    # measured seconds, warm-up seconds, e2e rate fractions of Kafka's max, records for the
    # perf tools, bytes written before the kill -9 of the recovery workload, 1 KiB records
    # the consume workloads read
    "quick": {"duration": 4, "warmup": 1, "e2e_fractions": [0.1, 0.5, 0.9],
              "perf_records": 200_000, "recovery_bytes": 256 << 20,
              "consume_records": 2_000_000},
    "full": {"duration": 15, "warmup": 2,
             "e2e_fractions": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
             "perf_records": 1_000_000, "recovery_bytes": 1 << 30,
             "consume_records": 4_000_000},
}


class Sampler:
    """Samples the broker's RSS every 200 ms while a client runs."""

    def __init__(self, broker):
        self.broker = broker
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.broker.stats()["rss"])
            except OSError:
                pass
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def loadgen(ctx, topic, *args, timeout=600):
    """Runs the load generator; returns its JSON (None when it failed)."""
    cmd = ctx.pin + [ctx.loadgen, "--bootstrap", ctx.broker.bootstrap, "--topic", topic,
                     *[str(a) for a in args]]
    ctx.log("  $ " + " ".join(cmd[len(ctx.pin):]))
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        ctx.log(f"  loadgen timed out after {timeout}s")
        return None
    if p.stderr.strip():
        ctx.log("  " + p.stderr.strip().replace("\n", "\n  ")[-2000:])
    try:
        out = json.loads(p.stdout)
    except json.JSONDecodeError:
        ctx.log(f"  loadgen printed no JSON (exit {p.returncode})")
        return None
    if not out.get("ok"):
        ctx.log(f"  loadgen reported a failure (exit {p.returncode})")
    return out


def create(ctx, topic, partitions, *configs):
    args = ["--mode", "create", "--partitions", partitions]
    for c in configs:
        args += ["--topic-config", c]
    out = loadgen(ctx, topic, *args)
    return out is not None and bool(out.get("ok"))


def latency_figures(prefix, h):
    if not h:
        return {}
    return {f"{prefix}p50_us": h["p50"], f"{prefix}p99_us": h["p99"],
            f"{prefix}p999_us": h["p999"], f"{prefix}max_us": h["max"]}


def measured(ctx, fn):
    """Runs fn() while sampling the broker; adds CPU-s per GB moved, disk bytes written per
    byte produced and peak RSS to the figures fn returns (with "_bytes_in"/"_bytes_out")."""
    before = ctx.broker.stats()
    with Sampler(ctx.broker) as s:
        figures = fn()
    after = ctx.broker.stats()
    if figures is None:
        return None
    produced = figures.pop("_bytes_in", 0)
    consumed = figures.pop("_bytes_out", 0)
    moved = produced + consumed
    if moved > 0:
        figures["cpu_s_per_gb"] = (after["cpu_s"] - before["cpu_s"]) / (moved / 1e9)
    if produced > 0:
        figures["disk_write_per_byte"] = (after["write_bytes"] - before["write_bytes"]) / produced
    figures["rss_peak_mb"] = max(s.peak, after["rss"]) / 1e6
    return figures


def produce_max(ctx, topic, partitions=16, size=1024, acks="1", codec="none", extra=(),
                configs=()):
    t = ctx.timing
    if not create(ctx, topic, partitions, *configs):
        return None

    def run():
        out = loadgen(ctx, topic, "--mode", "produce", "--rate", 0, "--record-size", size,
                      "--acks", acks, "--compression", codec, "--duration", t["duration"],
                      "--warmup", t["warmup"], *extra)
        if not out or not out.get("ok"):
            return None
        p = out["produce"]
        # Bytes the broker took in: everything acknowledged, warm-up included.
        total = p["bytes"] / max(p["seconds"], 1e-9) * (t["duration"] + t["warmup"])
        return {"mb_per_s": p["mb_per_s"], "records_per_s": p["records_per_s"],
                **latency_figures("", p.get("latency_us")), "_bytes_in": total}

    return measured(ctx, run)


def w_produce_acks1(ctx):
    f = produce_max(ctx, "produce-acks1")
    if f and ctx.broker.name == "kafka" and "kafka_max_records_per_s" not in ctx.rates:
        ctx.rates["kafka_max_records_per_s"] = f["records_per_s"]
    if f:
        ctx.rates.setdefault(f"{ctx.broker.name}_max_records_per_s", f["records_per_s"])
    return f


def w_produce_acksall(ctx):
    return produce_max(ctx, "produce-acksall", acks="all")


def w_small(ctx):
    return produce_max(ctx, "small-100b", size=100)


def w_large_64k(ctx):
    return produce_max(ctx, "large-64k", size=64 << 10)


def w_large_1m(ctx):
    return produce_max(ctx, "large-1m", size=1 << 20, configs=["max.message.bytes=4194304"])


def w_zstd(ctx):
    return produce_max(ctx, "zstd", codec="zstd")


def w_lz4(ctx):
    return produce_max(ctx, "lz4", codec="lz4")


def partitions_workload(n):
    def run(ctx):
        return produce_max(ctx, f"partitions-{n}", partitions=n)
    return run


def w_e2e(ctx):
    """End-to-end latency at fixed rates, fractions of Kafka's maximum (1 KiB, 16 partitions,
    acks=1). Figures per rate, named e2e_<pct>pct_*."""
    t = ctx.timing
    top = ctx.rates.get("kafka_max_records_per_s") or ctx.rates.get(
        f"{ctx.broker.name}_max_records_per_s")
    if not top:
        ctx.log("  e2e-latency: no maximum measured yet (produce-acks1 runs first)")
        return None
    figures = {}
    for frac in t["e2e_fractions"]:
        pct = int(round(frac * 100))
        topic = f"e2e-{pct}"
        if not create(ctx, topic, 16):
            continue
        out = loadgen(ctx, topic, "--mode", "e2e", "--rate", round(top * frac),
                      "--duration", t["duration"], "--warmup", t["warmup"], "--acks", "1")
        if not out or not out.get("ok"):
            continue
        p, c = out["produce"], out["consume"]
        figures[f"e2e_{pct}pct_target_records_per_s"] = round(top * frac)
        figures[f"e2e_{pct}pct_mb_per_s"] = p["mb_per_s"]
        figures.update({f"e2e_{pct}pct_{k}": v
                        for k, v in latency_figures("e2e_", c.get("e2e_latency_us")).items()})
        figures[f"e2e_{pct}pct_produce_p99_us"] = p.get("latency_us", {}).get("p99")
    return figures or None


def w_consume_cached(ctx):
    """Writes the same amount to both brokers (consume_records 1 KiB records, 16 partitions,
    at the maximum rate), waits until the page cache has written it back, and reads it all
    from the page cache. (Reading what produce-acks1 wrote gave the faster broker more to
    read, still being written back while it was read.)"""
    topic = "consume-cached"
    if not create(ctx, topic, 16):
        return None
    out = loadgen(ctx, topic, "--mode", "produce", "--rate", 0, "--acks", 1,
                  "--records", ctx.timing["consume_records"], "--warmup", 0)
    if not out or not out.get("ok"):
        return None
    subprocess.run(["sync"])
    return consume(ctx, topic)


def w_consume_disk(ctx):
    """consume-cached's topic again after dropping the page cache (a catch-up read from
    disk)."""
    subprocess.run(["sync"])
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("1\n")
    except OSError as e:
        ctx.log(f"  cannot drop the page cache ({e}): consume-disk is n/a")
        return None
    return consume(ctx, "consume-cached")


def consume(ctx, topic):
    def run():
        out = loadgen(ctx, topic, "--mode", "consume")
        if not out or not out.get("ok") or out["consume"]["records"] == 0:
            return None
        c = out["consume"]
        return {"mb_per_s": c["mb_per_s"], "records_per_s": c["records_per_s"],
                "_bytes_out": c["bytes"]}
    return measured(ctx, run)


def w_connections(ctx):
    """1,000 connections (ApiVersions, then idle) held while one producer and one consumer
    run at 20% of Kafka's maximum: the latency they see and the broker's memory growth."""
    t = ctx.timing
    top = ctx.rates.get("kafka_max_records_per_s") or 20000
    if not create(ctx, "connections", 16):
        return None
    before = ctx.broker.stats()["rss"]
    with Sampler(ctx.broker) as s:
        out = loadgen(ctx, "connections", "--mode", "e2e", "--rate", round(top * 0.2),
                      "--duration", t["duration"], "--warmup", t["warmup"],
                      "--idle-connections", 1000)
    if not out or not out.get("ok"):
        return None
    return {"connections_answered": out["idle_connections"]["answered"],
            "rss_growth_mb": (s.peak - before) / 1e6,
            **latency_figures("e2e_", out["consume"].get("e2e_latency_us"))}


def w_perf_tools(ctx):
    """Kafka's kafka-producer-perf-test and kafka-consumer-perf-test (the consumer tool uses
    a consumer group: n/a on a broker without groups)."""
    n = ctx.timing["perf_records"]
    topic = "perf-tools"
    if not create(ctx, topic, 16):
        return None
    figures = {}
    cmd = ctx.pin + [ctx.tools, "tool", "kafka-producer-perf-test", "--topic", topic,
                     "--num-records", str(n), "--record-size", "1024", "--throughput", "-1",
                     "--producer-props", f"bootstrap.servers={ctx.broker.bootstrap}", "acks=1"]
    ctx.log("  $ kafka-producer-perf-test --num-records %d --record-size 1024 acks=1" % n)
    p = run_tool(ctx, cmd)
    # "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency,
    #  P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th."
    m = re.search(r"records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\).*?(\d+) ms 50th.*?"
                  r"(\d+) ms 99th", p or "", re.S)
    if m:
        # MB here is the tool's: 2^20 bytes; converted to 10^6 like every other figure.
        figures.update({"perf_produce_records_per_s": float(m.group(1)),
                        "perf_produce_mb_per_s": float(m.group(2)) * 1.048576,
                        "perf_produce_p50_ms": int(m.group(3)),
                        "perf_produce_p99_ms": int(m.group(4))})
    cmd = ctx.pin + [ctx.tools, "tool", "kafka-consumer-perf-test", "--bootstrap-server",
                     ctx.broker.bootstrap, "--topic", topic, "--num-records", str(n),
                     "--timeout", "20000"]
    ctx.log(f"  $ kafka-consumer-perf-test --num-records {n}")
    p = run_tool(ctx, cmd)
    # CSV: start, end, MB, MB/sec, records, records/sec, rebalance ms, fetch ms, ...
    for line in (p or "").splitlines():
        cols = [c.strip() for c in line.split(",")]
        if len(cols) >= 6 and re.match(r"\d{4}-", cols[0]):
            try:
                figures["perf_consume_mb_per_s"] = float(cols[3]) * 1.048576
                figures["perf_consume_records_per_s"] = float(cols[5])
            except ValueError:
                pass
    if "perf_consume_mb_per_s" not in figures:
        ctx.log("  kafka-consumer-perf-test gave no figures: n/a")
    return figures or None


def run_tool(ctx, cmd, timeout=180):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        ctx.log(f"  timed out after {timeout}s")
        return None
    if p.returncode != 0:
        ctx.log(f"  exit {p.returncode}: " + (p.stderr.strip()[-600:] or p.stdout.strip()[-600:]))
    return p.stdout


def w_recovery(ctx):
    """Writes the timing's recovery_bytes (1 GiB in full) in 1 KiB records with no flush, kills
    the broker with SIGKILL, restarts it on the same data and measures the time to the first
    answered request and until every partition of the topic answers ListOffsets."""
    total = ctx.timing["recovery_bytes"]
    if not create(ctx, "recovery", 16):
        return None
    out = loadgen(ctx, "recovery", "--mode", "produce", "--records", total // 1024,
                  "--acks", "1")
    if not out or not out.get("ok"):
        return None
    ctx.broker.kill9()
    t0 = time.monotonic()
    first = ctx.broker.start(ctx.durability, ctx.broker_pin, fresh=False, timeout=600)
    probe = loadgen(ctx, "recovery", "--mode", "probe", "--probe-timeout", 600)
    if not probe or not probe.get("ok"):
        return {"recovery_first_answer_s": first}
    return {"recovery_first_answer_s": first,
            "recovery_ready_s": time.monotonic() - t0 if probe["probe_s"] >= 0 else None}


# name -> (function, in --quick, description)
WORKLOADS = {
    "produce-acks1": (w_produce_acks1, True, "max produce, 1 KiB, 16 partitions, acks=1"),
    "produce-acksall": (w_produce_acksall, True, "max produce, 1 KiB, 16 partitions, acks=all"),
    "e2e-latency": (w_e2e, True, "end-to-end latency at fractions of Kafka's max rate"),
    "consume-cached": (w_consume_cached, True, "consume a topic of a fixed size from page cache"),
    "consume-disk": (w_consume_disk, False, "the same after dropping the page cache"),
    "small-100b": (w_small, False, "max produce, 100 B records"),
    "large-64k": (w_large_64k, False, "max produce, 64 KiB records"),
    "large-1m": (w_large_1m, False, "max produce, 1 MiB records"),
    "zstd": (w_zstd, True, "max produce, 1 KiB, zstd"),
    "lz4": (w_lz4, False, "max produce, 1 KiB, lz4"),
    "partitions-1": (partitions_workload(1), False, "max produce to 1 partition"),
    "partitions-100": (partitions_workload(100), False, "max produce to 100 partitions"),
    "partitions-1000": (partitions_workload(1000), False, "max produce to 1,000 partitions"),
    "partitions-10000": (partitions_workload(10000), False, "max produce to 10,000 partitions"),
    "connections-1000": (w_connections, False, "1,000 idle connections beside a 20% load"),
    "perf-tools": (w_perf_tools, True, "Kafka's producer and consumer perf-test tools"),
    "recovery": (w_recovery, False, "restart after kill -9 with 1 GiB unflushed"),
}

# Workloads that need another to have run first in the same broker session.
NEEDS = {"consume-disk": "consume-cached", "e2e-latency": "produce-acks1"}


def unit_of(figure):
    for suffix, (unit, better) in sorted(FIGURES.items(), key=lambda kv: -len(kv[0])):
        if figure == suffix or figure.endswith("_" + suffix):
            return unit, better
    if figure.endswith("_records_per_s"):
        return "records/s", "up"
    return "", ""
