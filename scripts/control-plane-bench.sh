#!/usr/bin/env bash
# Control-plane figures of samsa and of Apache Kafka 4.4.0 on this machine, side by side:
# time from process start to the first answered ApiVersions, RSS once idle, and ApiVersions
# and Metadata round trips (p50/p99 over loopback, one request at a time). Prints a Markdown
# table; also writes it with the raw JSON to bench/results/control-plane.{md,json}.
#
# usage: scripts/control-plane-bench.sh [--runs N] [--count N]
#   --runs N    starts per broker (default 3; the table shows medians)
#   --count N   round trips per request type (default 10000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=3
count=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

scripts/build.sh release samsa control_plane_probe >/dev/null
probe=build/release/bench/control_plane_probe
samsa=build/release/server/samsa
kafka_libs=$(scripts/kafka-ref.sh classpath broker)
source scripts/lib/refbroker.sh

port=19492
cport=19493
work=$(mktemp -d /tmp/samsa-cp-bench.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# launch NAME RUN: starts the broker; sets $pid, and $start_ms to the ms to its first answer.
launch() {
  local name=$1 run=$2 dir=$work/$1-$2 t0
  mkdir -p "$dir/data"
  ref_write_properties "$dir/server.properties" "$port" "$cport" "$dir/data"
  if [ "$name" = kafka ]; then
    java -Xmx512m -XX:+UseSerialGC -cp "$kafka_libs" kafka.tools.StorageTool format \
      --cluster-id "$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c1-22)" \
      --config "$dir/server.properties" --standalone >"$dir/format.log" 2>&1
    t0=$(date +%s%N)
    # As kafka-server-start.sh runs it: 1 GiB heap, G1.
    java -Xmx1G -Xms1G -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$root/compat-tests/kafka-ref/log4j2-broker.properties" \
      -cp "$kafka_libs" kafka.Kafka "$dir/server.properties" >"$dir/broker.log" 2>&1 &
  else
    t0=$(date +%s%N)
    "$samsa" "$dir/server.properties" >"$dir/broker.log" 2>&1 &
  fi
  pid=$!
  start_ms=$("$probe" --port "$port" --wait-since "$t0")
}

stop_broker() {
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

json=$work/figures.jsonl
for broker in samsa kafka; do
  for run in $(seq 1 "$runs"); do
    launch "$broker" "$run"
    sleep 3
    rss=$(rss_kib "$pid")
    rtt='null'
    if [ "$run" = "$runs" ]; then
      rtt=$("$probe" --port "$port" --count "$count" | tr -d '\n ')
      sleep 1
      rss_after=$(rss_kib "$pid")
    else
      rss_after=$rss
    fi
    echo "{\"broker\":\"$broker\",\"run\":$run,\"start_ms\":$start_ms,\"idle_rss_kib\":$rss,\"rss_after_kib\":$rss_after,\"rtt\":$rtt}" >>"$json"
    echo "control-plane-bench: $broker run $run: first answer after ${start_ms} ms, idle RSS $((rss / 1024)) MiB" >&2
    stop_broker
  done
done

mkdir -p bench/results
python3 - "$json" "$count" <<'PY'
import json, os, platform, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
count = int(sys.argv[2])
def med(broker, key):
    return statistics.median(r[key] for r in rows if r["broker"] == broker)
def rtt(broker, req, q):
    return [r for r in rows if r["broker"] == broker and r["rtt"]][-1]["rtt"][req][q]
figures = [
    ("start to first answer (ms)", med("samsa", "start_ms"), med("kafka", "start_ms")),
    ("idle RSS (MiB)", med("samsa", "idle_rss_kib") / 1024, med("kafka", "idle_rss_kib") / 1024),
]
for req in ("api_versions", "metadata"):
    for q in ("p50_us", "p99_us"):
        figures.append((f"{req} round trip {q[:3]} (µs)", rtt("samsa", req, q), rtt("kafka", req, q)))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
lines = [
    "# Control plane: samsa and Apache Kafka 4.4.0",
    "",
    f"Machine: {os.cpu_count()} cores ({cpu}), kernel {platform.release()}, load average "
    f"{os.getloadavg()[0]:.1f} at the end (other work on the machine counts). "
    f"Medians of {len([r for r in rows if r['broker'] == 'samsa'])} starts each; round trips: "
    f"{count} ApiVersions v3 then {count} Metadata v12 (all topics, none created) on one "
    "loopback connection, one at a time, after a 10% warm-up. Kafka as kafka-server-start.sh "
    "runs it (1 GiB heap, G1), combined broker+controller; samsa's release build. Both with "
    "compat-tests/broker.properties.",
    "",
    "| figure | samsa | Kafka | samsa/Kafka |",
    "|---|---:|---:|---:|",
]
for name, s, k in figures:
    lines.append(f"| {name} | {s:.1f} | {k:.1f} | {s / k:.3f} |")
text = "\n".join(lines) + "\n"
open("bench/results/control-plane.md", "w").write(text)
json.dump({"runs": rows, "figures": [{"figure": n, "samsa": s, "kafka": k} for n, s, k in figures]},
          open("bench/results/control-plane.json", "w"), indent=1)
print(text)
PY
