#!/usr/bin/env bash
# The "kcat" compatibility suite (see README.md): kcat (Debian's package, on Debian's
# librdkafka) driven as a user drives it, with its output checked. The suite interface
# scripts/compat.sh drives:
#
#   suite.sh name                        prints the suite's name
#   suite.sh prepare [--quick|--full]    installs kcat with apt-get when it is missing
#   suite.sh list [--quick|--full]       scenario names, one a line
#   suite.sh run --bootstrap HOST:PORT --out FILE --logs DIR --timeout S NAME...
#                                        one JSON line per scenario to FILE, logs in DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../scripts/lib/suite_args.sh
. "$here/../../scripts/lib/suite_args.sh"

quick_tests=(metadata metadata-topic
  produce-consume-none produce-consume-gzip produce-consume-snappy produce-consume-lz4
  produce-consume-zstd idempotent keys-headers offsets-for-times consume-from-timestamp
  consume-relative-offsets group-consume group-resume)
full_tests=(large-messages group-two-members)

prepare() {
  if ! command -v kcat >/dev/null; then
    echo "kcat suite: installing kcat (apt-get)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >&2
  fi
  command -v python3 >/dev/null || { echo "kcat suite: needs python3 (JSON checks)" >&2; exit 2; }
  kcat -V | head -n 4 >&2
}

# run: each scenario in a process of its own (scenarios.sh), under `timeout`.
run() {
  local bootstrap="" out="" logs="" limit=120 tests=()
  parse_run_args "$@"
  mkdir -p "$logs"
  local t start rc status message log
  for t in "${tests[@]}"; do
    log=$logs/$t.log
    start=$(date +%s%3N)
    rc=0
    KCAT_BOOTSTRAP=$bootstrap timeout -k 5 "$limit" bash "$here/scenarios.sh" "$t" \
      >"$log" 2>&1 </dev/null || rc=$?
    case $rc in
      0) status=pass message="" ;;
      124 | 137) status=timeout message="no result within $limit s" ;;
      3) status=error message="no such scenario" ;;
      *) status=fail message=$(grep -a '^FAIL: ' "$log" | tail -n 1 | cut -c7- || true) ;;
    esac
    [ -n "$message" ] || [ "$status" != fail ] || message="exit status $rc (see the log)"
    python3 -c 'import json, sys; print(json.dumps({"test": sys.argv[1], "status": sys.argv[2],
        "duration_ms": int(sys.argv[3]), "message": sys.argv[4][:2000]}))' \
      "$t" "$status" "$(($(date +%s%3N) - start))" "$message" >>"$out"
  done
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  name) echo kcat ;;
  prepare) prepare ;;
  list)
    printf '%s\n' "${quick_tests[@]}"
    if [ "${1:-}" = --full ]; then printf '%s\n' "${full_tests[@]}"; fi
    ;;
  run) run "$@" ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
