#!/usr/bin/env bash
# Benchmarks samsa against Apache Kafka 4.4.0 on this machine, with the same clients and
# settings, and reports medians and the ratio samsa/Kafka for every figure.
#
# usage: scripts/bench.sh [--quick|--full] [--workload NAME]... [options]
#   --quick              (default) a representative subset, short runs: under 10 minutes
#   --full               every workload, 15 s runs, 9 latency points: about 50 minutes
#   --workload NAME      only these (repeatable; the list is in docs/benchmarks.md)
#   --repeats N          rounds per broker (default 3)
#   --durability MODE    default (each broker's default: no fsync per write) or fsync
#                        (Kafka log.flush.interval.messages=1, samsa samsa.log.fsync.before.ack)
#   --pin                broker on CPU 0, load generator and tools on CPU 1 (taskset)
#   --brokers LIST       kafka,samsa (default both)
#   --note TEXT          written into the results (e.g. what else ran on the machine)
#   --name NAME          results file stem (default: latest, latest-fsync, latest-pinned,
#                        latest-fsync-pinned by mode)
#   --commit REV         build samsa from commit REV, exported with git archive to
#                        build/bench-src/REV, instead of the work tree
#   --no-plots           skip the PNG plots (they need matplotlib from PyPI)
#
# Writes bench/results/latest.{md,json} and bench/results/plots/*.png (other durability and
# pinning modes: latest-fsync.md and plots-fsync/, and so on); each run's log and JSON go to
# bench/results/raw/<time>-<mode>/ (not committed). The brokers run from
# /tmp/samsa-bench (SAMSA_BENCH_RUN) on ports 19292 (Kafka) and 19294 (samsa), apart from
# the compat harness's reference brokers.
#
# Environment: SAMSA_BIN (samsa binary; default: built in build/bench-release),
# SAMSA_BENCH_BUILD (samsa's build directory, default build/bench-release), SAMSA_CACHE.
# The load generator is built from the work tree in build/bench-loadgen.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

mode=quick
workloads=()
runner_args=()
plots=1
commit=""
stem=latest
durability=default
pinned=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --full) mode=full ;;
    --workload) workloads+=(--workload "$2"); shift ;;
    --repeats | --brokers | --note) runner_args+=("$1" "$2"); shift ;;
    --durability) durability=$2; runner_args+=("$1" "$2"); shift ;;
    --pin) pinned=-pinned; runner_args+=(--pin) ;;
    --name) stem=$2; runner_args+=("$1" "$2"); shift ;;
    --commit) commit=$2; shift ;;
    --no-plots) plots=0 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# What the harness needs beyond the build: librdkafka for the load generator, a JDK and
# Maven for Kafka (scripts/kafka-ref.sh), taskset (util-linux).
scripts/deps.sh build
missing=()
for p in librdkafka-dev util-linux; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v java >/dev/null || missing+=(default-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# The tree to build: the work tree, or a commit exported to build/bench-src/<rev>.
src=$root
build=${SAMSA_BENCH_BUILD:-build/bench-release}
described="$(git rev-parse --short HEAD)"
[ -n "$(git status --porcelain -- protocol log group controller server)" ] &&
  described="$described + uncommitted changes"
if [ -n "$commit" ]; then
  rev=$(git rev-parse --short "$commit^{commit}")
  src=$root/build/bench-src/$rev
  if [ ! -f "$src/CMakeLists.txt" ]; then
    mkdir -p "$src"
    git archive "$rev" | tar -x -C "$src"
  fi
  build=$src/build
  described=$rev
fi
case "$build" in /*) ;; *) build=$root/$build ;; esac
if [ -z "${SAMSA_BIN:-}" ]; then
  if [ ! -f "$build/build.ninja" ]; then
    (cd "$src" && cmake --preset release -B "$build" >/dev/null)
  fi
  echo "bench: building samsa in $build" >&2
  cmake --build "$build" --target samsa >&2
fi
samsa_bin=${SAMSA_BIN:-$build/server/samsa}
[ -n "${SAMSA_BIN:-}" ] && described="$SAMSA_BIN"

# The load generator, always from the work tree and on its own (bench/loadgen/CMakeLists.txt),
# so that both brokers meet the same client whatever samsa is built from.
loadgen_build=$root/build/bench-loadgen
if [ ! -f "$loadgen_build/build.ninja" ]; then
  cmake -S bench/loadgen -B "$loadgen_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$loadgen_build" --target loadgen >&2

scripts/kafka-ref.sh fetch
classpath=$(scripts/kafka-ref.sh classpath broker)

if [ "$stem" = latest ]; then
  [ "$durability" = fsync ] && stem=$stem-fsync
  stem=$stem$pinned
fi
case "$stem" in latest*) plots_dir=plots${stem#latest} ;; *) plots_dir=plots-$stem ;; esac
raw=bench/results/raw/$(date +%Y%m%d-%H%M%S)-$mode
python3 scripts/lib/bench_runner.py --mode "$mode" "${workloads[@]}" "${runner_args[@]}" \
  --out bench/results --raw "$raw" --run-dir "${SAMSA_BENCH_RUN:-/tmp/samsa-bench}" \
  --loadgen "$loadgen_build/loadgen" --samsa-bin "$samsa_bin" --samsa-version "$described" \
  --kafka-classpath "$classpath" --tools "$root/scripts/kafka-ref.sh"

if [ "$plots" = 1 ]; then
  venv=${SAMSA_CACHE:-$HOME/.cache/samsa}/bench-venv
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import matplotlib' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q matplotlib
  fi
  "$venv/bin/python" bench/plot.py "bench/results/$stem.json" "bench/results/$plots_dir"
fi
