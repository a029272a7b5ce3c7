#!/usr/bin/env bash
# Compatibility harness: others' clients and test suites against samsa and against Apache
# Kafka 4.4.0 on the same machine, with the same settings (compat-tests/broker.properties).
#
# usage: scripts/compat.sh [--quick|--full] [--suite NAME]... [--against samsa|kafka|both]
#                          [--timeout SECONDS]
#   --quick          the quick selection of each suite (default; what scripts/test.sh runs)
#   --full           every test of every suite
#   --suite NAME     only these suites (name or directory under compat-tests/)
#   --against        which brokers to judge (default both)
#   --timeout S      per-test time limit (default 120)
#
# Writes compat-tests/results/matrix.md and matrix.json (suite x test -> pass / fail / skip /
# timeout / crash / error with durations, for samsa and for Kafka) and every test's log under
# compat-tests/results/logs/. Exits non-zero when a test listed in
# compat-tests/expected-pass.txt does not pass on samsa. The last line summarises the tests
# passing on samsa and on Kafka, per suite.
#
# Environment: SAMSA_BIN (the samsa binary; default: scripts/samsa-ref.sh builds the release
# preset), COMPAT_RESULTS (results directory), KAFKA_REF_PORT, KAFKA_REF_CONTROLLER_PORT,
# SAMSA_REF_PORT (default: the first free ports from 19092, 19093, 19094 up), SAMSA_CACHE.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/refbroker.sh"

mode=quick
against=both
timeout=120
suites=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --full) mode=full ;;
    --suite) suites+=(--suite "$2"); shift ;;
    --against)
      against=$2
      shift
      case "$against" in samsa | kafka | both) ;; *) echo "compat: --against samsa|kafka|both" >&2; exit 2 ;; esac
      ;;
    --timeout) timeout=$2; shift ;;
    *)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
      exit 2
      ;;
  esac
  shift
done

targets=()
[ "$against" != kafka ] && targets+=(samsa)
[ "$against" != samsa ] && targets+=(kafka)

results=${COMPAT_RESULTS:-$root/compat-tests/results}
mkdir -p "$results"
# One run at a time per results directory (engineers sharing a work tree): wait for the other.
exec 9>"$results/.lock"
if ! flock -n 9; then
  echo "compat: another run is using ${results#$root/}; waiting for it (or set COMPAT_RESULTS)" >&2
  flock -w 1800 9 || { echo "compat: gave up waiting" >&2; exit 2; }
fi
rm -rf "$results/logs" "$results"/results-*.json "$results/matrix.json" "$results/matrix.md" \
  "$results/suites.json" "$results/brokers.json"
mkdir -p "$results/logs"
runner=(python3 "$root/scripts/lib/compat_runner.py")
started=$SECONDS

# Ports: as given, else the first free ones from the defaults up (other brokers, or another
# engineer's run, may hold the defaults).
free_port() {
  local p=$1 span=${2:-1} i busy
  while :; do
    busy=0
    for ((i = 0; i < span; i++)); do
      if ref_port_busy $((p + i)); then busy=1; fi
    done
    [ "$busy" = 0 ] && echo "$p" && return
    p=$((p + 10))
  done
}
export KAFKA_REF_PORT=${KAFKA_REF_PORT:-$(free_port 19092 2)}
export KAFKA_REF_CONTROLLER_PORT=${KAFKA_REF_CONTROLLER_PORT:-$((KAFKA_REF_PORT + 1))}
export SAMSA_REF_PORT=${SAMSA_REF_PORT:-$(free_port 19094 1)}
declare -A port=([samsa]=$SAMSA_REF_PORT [kafka]=$KAFKA_REF_PORT)
declare -A script=([samsa]=$root/scripts/samsa-ref.sh [kafka]=$root/scripts/kafka-ref.sh)
declare -A state=([samsa]=$(ref_state_dir samsa "$SAMSA_REF_PORT") [kafka]=$(ref_state_dir kafka "$KAFKA_REF_PORT"))
declare -A up=()

# Whatever happens, stop the brokers this run started and the runner's suite processes.
runner_pid=
declare -A start_pid=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [ -n "$runner_pid" ]; then kill -TERM "$runner_pid" 2>/dev/null || true; wait "$runner_pid" 2>/dev/null || true; fi
  for pid in "${start_pid[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for t in "${!up[@]}"; do
    "${script[$t]}" stop || true
    cp -f "${state[$t]}/broker.log" "$results/logs/$t-broker.log" 2>/dev/null || true
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Runs the runner in the background so a signal reaches this shell (and its trap) at once.
run_runner() {
  "${runner[@]}" "$@" &
  runner_pid=$!
  local status=0
  wait "$runner_pid" || status=$?
  runner_pid=
  return "$status"
}

echo "compat: $mode run against ${targets[*]}; results in ${results#$root/}" >&2
run_runner prepare --results "$results" --mode "$mode" "${suites[@]}"

# Start the brokers side by side; a broker that will not start is reported, not fatal.
# A broker already running in a state directory is someone else's: never stopped by this run.
for t in "${targets[@]}"; do
  ref_is_running "${state[$t]}" || up[$t]=1
  "${script[$t]}" start >"$results/logs/$t-start.log" 2>&1 &
  start_pid[$t]=$!
done
brokers_json="{"
for t in "${targets[@]}"; do
  error=
  status=0
  wait "${start_pid[$t]}" || status=$?
  unset "start_pid[$t]"
  if [ "$status" != 0 ]; then
    unset "up[$t]"
    error="did not start: $(tail -n 5 "$results/logs/$t-start.log" | tr '\n"\\' '   ')"
    echo "compat: $t $error (log: ${results#$root/}/logs/$t-start.log)" >&2
  fi
  case $t in
    samsa) what="samsa ${SAMSA_BIN:-build/release/server/samsa}" ;;
    kafka) what="Apache Kafka 4.4.0 (tools ${KAFKA_TOOLS_VERSION:-4.x})" ;;
  esac
  brokers_json+="\"$t\":{\"what\":\"$what\",\"bootstrap\":\"localhost:${port[$t]}\",\"error\":\"$error\"},"
done
echo "${brokers_json%,}}" >"$results/brokers.json"

for t in "${targets[@]}"; do
  if [ -n "${up[$t]:-}" ]; then
    run_runner run --results "$results" --mode "$mode" --target "$t" --timeout "$timeout" \
      --bootstrap "localhost:${port[$t]}" --broker-pid-file "${state[$t]}/pid" "${suites[@]}"
    if ! ref_is_running "${state[$t]}"; then
      echo "compat: the $t broker exited during the run; its log: ${results#$root/}/logs/$t-broker.log" >&2
    fi
  fi
done

# Stop the brokers now (the trap would too) so their logs are complete for the report.
for t in "${!up[@]}"; do
  "${script[$t]}" stop || true
  cp -f "${state[$t]}/broker.log" "$results/logs/$t-broker.log" 2>/dev/null || true
  unset "up[$t]"
done
sanitizer=0
if [ -f "$results/logs/samsa-broker.log" ] &&
  grep -qE 'ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:' "$results/logs/samsa-broker.log"; then
  echo "compat: samsa's log has a sanitizer report: ${results#$root/}/logs/samsa-broker.log" >&2
  sanitizer=1
fi

echo "compat: ${mode} run took $((SECONDS - started)) s" >&2
report_targets=()
for t in "${targets[@]}"; do report_targets+=(--target "$t"); done
status=0
run_runner report --results "$results" --mode "$mode" --expected "$root/compat-tests/expected-pass.txt" \
  "${report_targets[@]}" || status=$?
[ "$sanitizer" = 1 ] && status=1
exit "$status"
