#!/usr/bin/env bash
# The "java" compatibility suite (see README.md): scenarios on Apache Kafka's Java admin
# client and console tools. The suite interface scripts/compat.sh drives:
#
#   suite.sh name                        prints the suite's name
#   suite.sh prepare [--quick|--full]    builds the scenario program, fetches the Kafka tools
#   suite.sh list [--quick|--full]       scenario names, one a line
#   suite.sh run --bootstrap HOST:PORT --out FILE --logs DIR --timeout S NAME...
#                                        one JSON line per scenario to FILE, logs in DIR
#   suite.sh record-api-versions HOST:PORT   rewrites expected/api-versions-kafka-4.4.0.txt
#                                        from a running Apache Kafka 4.4.0 (kafka-ref.sh start)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$here/target/samsa-compat-java-0.1.0.jar
cp_file=$here/target/classpath.txt
export KAFKA_REF_SH=${KAFKA_REF_SH:-$root/scripts/kafka-ref.sh}
# old-clients/: the old-client-* scenarios' program and its class paths, one per client release.
old=$here/old-clients
export SAMSA_OLD_CLIENTS=$old/target
old_versions="2.8.2 3.9.2"

# Builds target/ when pom.xml, a source or expected/ is newer than the jar; one build at a
# time (a lock in target/), so runs sharing the tree do not build over each other.
build() {
  mkdir -p "$here/target"
  (
    flock 8
    if [ -s "$jar" ] && [ -s "$cp_file" ] &&
      [ -z "$(find "$here/pom.xml" "$here/src" "$here/expected" -newer "$jar" -print -quit)" ]; then
      exit 0
    fi
    command -v mvn >/dev/null || { echo "java suite: needs Maven (mvn) and a JDK 17+" >&2; exit 2; }
    if ! mvn -q -B -Dstyle.color=never -f "$here/pom.xml" package >"$here/target/build.log" 2>&1; then
      cat "$here/target/build.log" >&2
      echo "java suite: the build failed" >&2
      exit 2
    fi
  ) 8>"$here/target/.build.lock"
}

# Builds old-clients/target (the jar, compiled against kafka-clients 2.8.2, and
# classpath-VERSION.txt for each of $old_versions) when missing or older than its sources.
build_old() {
  mkdir -p "$old/target"
  (
    flock 8
    local stale=
    for v in $old_versions; do [ -s "$old/target/classpath-$v.txt" ] || stale=1; done
    [ -s "$old/target/samsa-compat-old-clients-0.1.0.jar" ] || stale=1
    [ -n "$(find "$old/pom.xml" "$old/src" -newer "$old/target/samsa-compat-old-clients-0.1.0.jar" -print -quit 2>/dev/null)" ] && stale=1
    [ -z "$stale" ] && exit 0
    local ok=1
    mvn -q -B -Dstyle.color=never -f "$old/pom.xml" package >"$old/target/build.log" 2>&1 || ok=
    for v in $old_versions; do
      [ -n "$ok" ] || break
      mvn -q -B -Dstyle.color=never -f "$old/pom.xml" -Dkafka.client.version="$v" \
        dependency:build-classpath@classpath >>"$old/target/build.log" 2>&1 || ok=
    done
    if [ -z "$ok" ]; then
      cat "$old/target/build.log" >&2
      echo "java suite: the old-clients build failed" >&2
      exit 2
    fi
    touch "$old/target/samsa-compat-old-clients-0.1.0.jar"
  ) 8>"$old/target/.build.lock"
}

main() {
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar:$(cat "$cp_file")" samsa.compat.Main "$@"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  name) echo java ;;
  prepare)
    build
    build_old
    "$KAFKA_REF_SH" fetch
    if [ "${1:-}" = --full ]; then KAFKA_TOOLS_VERSION=3.9 "$KAFKA_REF_SH" fetch; fi
    ;;
  list) build && main list "$@" ;;
  run) build && build_old && main run "$@" ;;
  record-api-versions)
    [ $# -eq 1 ] || { echo "usage: $0 record-api-versions HOST:PORT" >&2; exit 2; }
    build
    out=$here/expected/api-versions-kafka-4.4.0.txt
    {
      sed -n '/^#/p' "$out"
      main api-versions --bootstrap "$1"
    } >"$out.new"
    mv "$out.new" "$out"
    echo "wrote $out" >&2
    ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
