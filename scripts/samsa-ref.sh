#!/usr/bin/env bash
# samsa as a reference broker for the compatibility suites: the same interface and the same
# settings (compat-tests/broker.properties) as scripts/kafka-ref.sh's Apache Kafka.
#
# usage: scripts/samsa-ref.sh start     start on its own port with a throwaway data dir, wait
#        scripts/samsa-ref.sh stop      stop it and remove its data
#        scripts/samsa-ref.sh status    running or not (exit 0 / 3)
#
# Environment:
#   SAMSA_REF_PORT=19094           the PLAINTEXT listener (localhost)
#   SAMSA_BIN=<path>               the binary to run; default build/release/server/samsa,
#                                  (re)built first with scripts/build.sh release samsa
#   SAMSA_REF_RUN=/tmp/samsa-ref   state: <dir>/samsa-<port>/{server.properties,data,broker.log,pid}
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/refbroker.sh"

port=${SAMSA_REF_PORT:-19094}
# Written into server.properties as Kafka's is; samsa's controller is built in and does not
# open it.
cport=$((port + 1))
state=$(ref_state_dir samsa "$port")

binary() {
  if [ -n "${SAMSA_BIN:-}" ]; then
    [ -x "$SAMSA_BIN" ] || { echo "samsa-ref: SAMSA_BIN=$SAMSA_BIN is not executable" >&2; exit 2; }
    echo "$SAMSA_BIN"
    return
  fi
  "$root/scripts/build.sh" release samsa >&2
  echo "$root/build/release/server/samsa"
}

start() {
  local bin
  bin=$(binary)
  ref_prepare "$state" "$port" || exit 1
  ref_write_properties "$state/server.properties" "$port" "$cport" "$state/data"
  ref_launch "$state" "$bin" "$state/server.properties"
  if ! ref_wait_ready "$state" "$port" "${SAMSA_REF_START_TIMEOUT:-30}"; then
    ref_stop "$state"
    exit 1
  fi
  echo "samsa-ref: $bin on localhost:$port (pid $(ref_pid "$state"), log $state/broker.log)" >&2
}

case "${1:-}" in
  start) start ;;
  stop) ref_stop "$state" ;;
  status) ref_status "$state" "$port" ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
