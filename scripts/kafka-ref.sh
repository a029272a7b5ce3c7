#!/usr/bin/env bash
# The reference Apache Kafka broker and Kafka's command-line tools, from Maven Central jars.
#
# usage: scripts/kafka-ref.sh fetch                 resolve and cache the broker and tool jars
#        scripts/kafka-ref.sh start                 format a throwaway KRaft dir, start, wait
#        scripts/kafka-ref.sh stop                  stop it and remove its data
#        scripts/kafka-ref.sh status                running or not (exit 0 / 3)
#        scripts/kafka-ref.sh tool NAME ARGS...     run a Kafka CLI tool by its script name
#        scripts/kafka-ref.sh tools                 list the tool names and their classes
#        scripts/kafka-ref.sh classpath broker|tools
#
# Environment:
#   KAFKA_REF_PORT=19092             the broker's PLAINTEXT listener (localhost)
#   KAFKA_REF_CONTROLLER_PORT=19093  its KRaft controller listener
#   KAFKA_TOOLS_VERSION=4            tools release line: 4 (the newest 4.x kafka-tools on Maven
#                                    Central, 4.3.1) or 3.9 (3.9.2), or an exact version
#   SAMSA_CACHE=~/.cache/samsa       jars go to $SAMSA_CACHE/kafka-ref/<what>-<version>/
#   SAMSA_REF_RUN=/tmp/samsa-ref     state: <dir>/kafka-<port>/{server.properties,data,broker.log,pid}
#   KAFKA_TOOL_OPTS                  extra JVM options for `tool`
#
# The broker is Kafka 4.4.0 (org.apache.kafka:kafka_2.13 and its run-time dependency tree,
# compat-tests/kafka-ref/broker.pom.xml) as a combined broker+controller with a standalone
# KRaft quorum, configured by compat-tests/broker.properties like samsa-ref.sh's samsa.
# Maven Central has no kafka-tools 4.4.0, so `tool` runs a tool from the 4.4.0 broker jars
# when it lives there (kafka-storage) and otherwise from kafka-tools 4.3.1 with its own 4.3.1
# dependencies (compat-tests/kafka-ref/tools.pom.xml); KAFKA_TOOLS_VERSION=3.9 uses 3.9.2.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/lib/maven.sh"
source "$root/scripts/lib/refbroker.sh"

broker_version=4.4.0
port=${KAFKA_REF_PORT:-19092}
cport=${KAFKA_REF_CONTROLLER_PORT:-19093}
state=$(ref_state_dir kafka "$port")
cache=$SAMSA_CACHE/kafka-ref

tools_version() {
  case "${KAFKA_TOOLS_VERSION:-4}" in
    4 | 4.x) echo 4.3.1 ;;
    3 | 3.9 | 3.x) echo 3.9.2 ;;
    *) echo "$KAFKA_TOOLS_VERSION" ;;
  esac
}

die() {
  echo "kafka-ref: $*" >&2
  exit 2
}

need_java() {
  command -v java >/dev/null || die "needs a JDK 17+ (scripts/deps.sh test installs one)"
}

# fetch_jars WHAT POM VERSION: resolves POM's run-time dependencies at VERSION with Maven into
# $cache/WHAT-VERSION/libs, plus classes.txt (every class in the Kafka jars, for tool lookup).
# Concurrent callers wait on a lock; a finished directory is reused.
fetch_jars() {
  local what=$1 pom=$2 version=$3
  local dir=$cache/$what-$version
  [ -f "$dir/.complete" ] && return 0
  command -v mvn >/dev/null || die "needs Maven (mvn) to resolve Kafka's jars"
  mkdir -p "$cache"
  (
    flock 9
    [ -f "$dir/.complete" ] && exit 0
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "kafka-ref: resolving $what $version from Maven Central" >&2
    if ! mvn -B -Dstyle.color=never -f "$pom" -Dkafka.version="$version" \
      org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$dir/libs" >"$dir/fetch.log" 2>&1; then
      tail -n 30 "$dir/fetch.log" >&2
      die "could not resolve $what $version (log: $dir/fetch.log)"
    fi
    for jar in "$dir"/libs/kafka*.jar; do
      unzip -Z1 "$jar" | grep '\.class$' | grep -v '\$' | sed 's/\.class$//; s#/#.#g'
    done | sort -u >"$dir/classes.txt"
    touch "$dir/.complete"
  ) 9>"$cache/.lock-$what-$version"
}

broker_dir() { echo "$cache/broker-$broker_version"; }
tools_dir() { echo "$cache/tools-$(tools_version)"; }

fetch_broker() { fetch_jars broker "$root/compat-tests/kafka-ref/broker.pom.xml" "$broker_version"; }
fetch_tools() { fetch_jars tools "$root/compat-tests/kafka-ref/tools.pom.xml" "$(tools_version)"; }

# Kafka's bin/ scripts by name -> main class candidates, newest location first (many moved
# from kafka.* in core to org.apache.kafka.tools.* between 3.x and 4.x).
tool_classes() {
  case "$1" in
    kafka-topics) echo org.apache.kafka.tools.TopicCommand kafka.admin.TopicCommand ;;
    kafka-configs) echo org.apache.kafka.tools.ConfigCommand kafka.admin.ConfigCommand ;;
    kafka-console-producer) echo org.apache.kafka.tools.ConsoleProducer kafka.tools.ConsoleProducer ;;
    kafka-console-consumer) echo org.apache.kafka.tools.consumer.ConsoleConsumer kafka.tools.ConsoleConsumer ;;
    kafka-console-share-consumer) echo org.apache.kafka.tools.consumer.ConsoleShareConsumer ;;
    kafka-consumer-groups) echo org.apache.kafka.tools.consumer.group.ConsumerGroupCommand kafka.admin.ConsumerGroupCommand ;;
    kafka-share-groups) echo org.apache.kafka.tools.consumer.group.ShareGroupCommand ;;
    kafka-broker-api-versions) echo org.apache.kafka.tools.BrokerApiVersionsCommand kafka.admin.BrokerApiVersionsCommand ;;
    kafka-get-offsets) echo org.apache.kafka.tools.GetOffsetShell kafka.tools.GetOffsetShell ;;
    kafka-delete-records) echo org.apache.kafka.tools.DeleteRecordsCommand kafka.admin.DeleteRecordsCommand ;;
    kafka-producer-perf-test) echo org.apache.kafka.tools.ProducerPerformance ;;
    kafka-consumer-perf-test) echo org.apache.kafka.tools.ConsumerPerformance kafka.tools.ConsumerPerformance ;;
    kafka-dump-log) echo org.apache.kafka.tools.DumpLogSegments kafka.tools.DumpLogSegments ;;
    kafka-storage) echo org.apache.kafka.tools.StorageTool kafka.tools.StorageTool ;;
    kafka-acls) echo org.apache.kafka.tools.AclCommand kafka.admin.AclCommand ;;
    kafka-log-dirs) echo org.apache.kafka.tools.LogDirsCommand kafka.admin.LogDirsCommand ;;
    kafka-features) echo org.apache.kafka.tools.FeatureCommand kafka.admin.FeatureCommand ;;
    kafka-leader-election) echo org.apache.kafka.tools.LeaderElectionCommand kafka.admin.LeaderElectionCommand ;;
    kafka-reassign-partitions) echo org.apache.kafka.tools.reassign.ReassignPartitionsCommand kafka.admin.ReassignPartitionsCommand ;;
    kafka-transactions) echo org.apache.kafka.tools.TransactionsCommand ;;
    kafka-cluster) echo org.apache.kafka.tools.ClusterTool kafka.tools.ClusterTool ;;
    kafka-metadata-quorum) echo org.apache.kafka.tools.MetadataQuorumCommand ;;
    kafka-client-metrics) echo org.apache.kafka.tools.ClientMetricsCommand ;;
    kafka-delegation-tokens) echo org.apache.kafka.tools.DelegationTokenCommand kafka.admin.DelegationTokenCommand ;;
    kafka-e2e-latency) echo org.apache.kafka.tools.EndToEndLatency kafka.tools.EndToEndLatency ;;
    kafka-verifiable-producer) echo org.apache.kafka.tools.VerifiableProducer ;;
    kafka-verifiable-consumer) echo org.apache.kafka.tools.VerifiableConsumer ;;
    kafka-streams-application-reset) echo org.apache.kafka.tools.StreamsResetter ;;
    kafka-replica-verification) echo org.apache.kafka.tools.ReplicaVerificationTool kafka.tools.ReplicaVerificationTool ;;
    # Not bin/ scripts, but tools Kafka's own system tests drive.
    kafka-client-compatibility-test) echo org.apache.kafka.tools.ClientCompatibilityTest ;;
    kafka-transactional-message-copier) echo org.apache.kafka.tools.TransactionalMessageCopier ;;
    *) return 1 ;;
  esac
}

tool_names() {
  sed -n 's/^    \(kafka-[a-z0-9-]*\)) echo.*/\1/p' "${BASH_SOURCE[0]}"
}

# find_tool NAME: prints "DIR CLASS" for the first candidate class found, preferring the 4.4.0
# broker jars (default tools line only), then the tools jars.
find_tool() {
  local name=$1 classes dirs cls dir
  classes=$(tool_classes "$name") || die "unknown tool '$name' (see: $0 tools)"
  dirs=$(tools_dir)
  if [ "${KAFKA_TOOLS_VERSION:-4}" = 4 ] || [ "${KAFKA_TOOLS_VERSION:-4}" = 4.x ]; then
    dirs="$(broker_dir) $dirs"
  fi
  for dir in $dirs; do
    for cls in $classes; do
      if grep -qxF "$cls" "$dir/classes.txt"; then
        echo "$dir $cls"
        return 0
      fi
    done
  done
  die "no class for $name ($classes) in $dirs"
}

# Quick start-up for short-lived tools: client-sized heap, C1 only, serial GC; JVM warnings
# to stderr (unified logging writes them to stdout by default, where tool output is parsed).
tool_jvm_opts=(-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
  -Xlog:disable -Xlog:all=warning:stderr "-Xlog:cds*=off:stderr"
  -Dlog4j2.configurationFile="$root/compat-tests/kafka-ref/log4j2-tools.properties")

# run_tool NAME ARGS...: runs the tool with a class-data-sharing archive of its own (JDK
# AppCDS, in the jars' cache directory), which cuts the JVM's start-up by half or more. The
# first run of a tool writes the archive as it exits; a run that finds another writing it
# goes without.
run_tool() {
  local name=$1 found dir cls archive status
  shift
  need_java
  fetch_broker
  fetch_tools
  found=$(find_tool "$name")
  dir=${found% *}
  cls=${found#* }
  archive=$dir/cds/$name-$(readlink -f "$(command -v java)" | cksum | cut -d' ' -f1).jsa
  if [ -s "$archive" ]; then
    exec java "${tool_jvm_opts[@]}" -XX:SharedArchiveFile="$archive" ${KAFKA_TOOL_OPTS:-} \
      -cp "$dir/libs/*" "$cls" "$@"
  fi
  mkdir -p "$dir/cds"
  exec 8>"$archive.lock"
  if ! flock -n 8; then
    exec 8>&-
    exec java "${tool_jvm_opts[@]}" ${KAFKA_TOOL_OPTS:-} -cp "$dir/libs/*" "$cls" "$@"
  fi
  status=0
  java "${tool_jvm_opts[@]}" -XX:ArchiveClassesAtExit="$archive.$$" ${KAFKA_TOOL_OPTS:-} \
    -cp "$dir/libs/*" "$cls" "$@" || status=$?
  [ -s "$archive.$$" ] && mv -f "$archive.$$" "$archive"
  rm -f "$archive.$$"
  exit "$status"
}

# Kafka's Uuid.randomUuid: 16 random bytes, URL-safe base64 without padding, never
# starting with '-' (the command line would take it for an option).
random_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    [ "${id:0:1}" != - ] && echo "$id" && return
  done
}

start() {
  need_java
  fetch_broker
  ref_prepare "$state" "$port" "$cport" || exit 1
  local props=$state/server.properties libs
  libs="$(broker_dir)/libs/*"
  ref_write_properties "$props" "$port" "$cport" "$state/data"
  if ! java "${tool_jvm_opts[@]}" -cp "$libs" kafka.tools.StorageTool format \
    --cluster-id "$(random_cluster_id)" --config "$props" --standalone \
    >>"$state/broker.log" 2>&1; then
    tail -n 20 "$state/broker.log" >&2
    die "kafka-storage format failed (log: $state/broker.log)"
  fi
  # As kafka-server-start.sh: 1 GiB heap, G1; logs to broker.log.
  ref_launch "$state" java -Xmx1G -Xms1G -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$root/compat-tests/kafka-ref/log4j2-broker.properties" \
    -cp "$libs" kafka.Kafka "$props"
  if ! ref_wait_ready "$state" "$port" "${KAFKA_REF_START_TIMEOUT:-90}"; then
    ref_stop "$state"
    exit 1
  fi
  echo "kafka-ref: Apache Kafka $broker_version on localhost:$port (pid $(ref_pid "$state"), log $state/broker.log)" >&2
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  fetch)
    need_java
    fetch_broker
    fetch_tools
    ;;
  start) start ;;
  stop) ref_stop "$state" ;;
  status) ref_status "$state" "$port" ;;
  tool)
    [ $# -ge 1 ] || die "usage: $0 tool NAME ARGS..."
    run_tool "$@"
    ;;
  tools)
    fetch_broker
    fetch_tools
    for name in $(tool_names); do
      printf '%-36s %s\n' "$name" "$(find_tool "$name" 2>/dev/null | sed 's#.*/##' || echo -)"
    done
    ;;
  classpath)
    case "${1:-}" in
      broker) fetch_broker && echo "$(broker_dir)/libs/*" ;;
      tools) fetch_tools && echo "$(tools_dir)/libs/*" ;;
      *) die "usage: $0 classpath broker|tools" ;;
    esac
    ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
