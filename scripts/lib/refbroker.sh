# shellcheck shell=bash
# Shared by scripts/kafka-ref.sh and scripts/samsa-ref.sh: one reference broker's state
# directory, server.properties, start, readiness, stop. Source it; it defines functions only.
#
# A broker's state lives in $SAMSA_REF_RUN/<name>-<port>/ (default /tmp/samsa-ref/...):
#   server.properties   written at start
#   data/               the throwaway log and metadata directory, removed at stop
#   broker.log          stdout and stderr of the broker (kept after stop, for reports)
#   pid                 the broker's pid, also its process group (started with setsid)

SAMSA_REF_RUN=${SAMSA_REF_RUN:-${TMPDIR:-/tmp}/samsa-ref}
refbroker_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

ref_state_dir() { echo "$SAMSA_REF_RUN/$1-$2"; }

# ref_write_properties FILE PORT CONTROLLER_PORT DATA_DIR
ref_write_properties() {
  local file=$1 port=$2 cport=$3 data=$4
  {
    grep -v '^#' "$refbroker_root/compat-tests/broker.properties" | grep -v '^$'
    cat <<PROPS
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://localhost:$port,CONTROLLER://localhost:$cport
advertised.listeners=PLAINTEXT://localhost:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.bootstrap.servers=localhost:$cport
log.dirs=$data
PROPS
  } >"$file"
}

ref_pid() { [ -s "$1/pid" ] && cat "$1/pid"; }

ref_is_running() {
  local pid
  pid=$(ref_pid "$1") || return 1
  kill -0 "$pid" 2>/dev/null
}

ref_port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ref_prepare STATE PORT [CONTROLLER_PORT]: fails when a broker of ours already runs there or
# the ports are taken by someone else; else leaves an empty data/ and no log.
ref_prepare() {
  local state=$1 p
  if ref_is_running "$state"; then
    echo "$(basename "$state"): already running (pid $(ref_pid "$state")); stop it first" >&2
    return 1
  fi
  shift
  for p in "$@"; do
    if ref_port_busy "$p"; then
      echo "$(basename "$state"): port $p is in use by another process" >&2
      return 1
    fi
  done
  rm -rf "$state/data" "$state/pid" "$state/broker.log"
  mkdir -p "$state/data"
}

# ref_launch STATE COMMAND...: starts COMMAND in a session of its own (its pid is its process
# group id), output to STATE/broker.log, pid to STATE/pid. File descriptors 8 and 9 (the
# callers' locks) are not passed on.
ref_launch() {
  local state=$1
  shift
  setsid "$@" >>"$state/broker.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$state/pid"
}

# ref_wait_ready STATE PORT TIMEOUT_SECONDS: until the broker answers ApiVersions.
ref_wait_ready() {
  local state=$1 port=$2 timeout=$3 start=$SECONDS
  while :; do
    if ! ref_is_running "$state"; then
      echo "$(basename "$state"): the broker exited during start-up; the end of its log:" >&2
      tail -n 40 "$state/broker.log" >&2 || true
      return 1
    fi
    if python3 "$refbroker_root/scripts/lib/kafka_ping.py" "localhost:$port" 1; then
      return 0
    fi
    if [ $((SECONDS - start)) -ge "$timeout" ]; then
      echo "$(basename "$state"): no answer on port $port after ${timeout}s; the end of its log:" >&2
      tail -n 40 "$state/broker.log" >&2 || true
      return 1
    fi
  done
}

# ref_stop STATE: SIGTERM to the broker's process group, SIGKILL after 30 s; removes data/.
ref_stop() {
  local state=$1 pid i
  if pid=$(ref_pid "$state"); then
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 300; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        echo "$(basename "$state"): no exit 30 s after SIGTERM; SIGKILL" >&2
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$state/pid"
  fi
  rm -rf "$state/data"
}

# ref_status STATE PORT: prints one line; exit 0 when running, 3 when not.
ref_status() {
  local state=$1 port=$2
  if ref_is_running "$state"; then
    echo "$(basename "$state"): running, pid $(ref_pid "$state"), localhost:$port, log $state/broker.log"
    return 0
  fi
  echo "$(basename "$state"): stopped"
  return 3
}
