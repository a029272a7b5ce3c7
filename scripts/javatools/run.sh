#!/usr/bin/env bash
# Builds (when needed) and runs samsa's Kafka golden-data tool. See README.md.
# usage: scripts/javatools/run.sh SUBCOMMAND ARGS...
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar=$here/target/samsa-javatools-0.1.0.jar
cp_file=$here/target/classpath.txt

stale=0
if [ ! -s "$jar" ] || [ ! -s "$cp_file" ]; then
  stale=1
elif [ -n "$(find "$here/pom.xml" "$here/src" -newer "$jar" -print -quit)" ]; then
  stale=1
fi
if [ "$stale" = 1 ]; then
  command -v mvn >/dev/null || { echo "javatools: needs Maven (mvn) and a JDK 17+" >&2; exit 2; }
  # Kafka's jars come from Maven Central into ~/.m2 (or MAVEN_OPTS' -Dmaven.repo.local).
  mkdir -p "$here/target"
  log=$here/target/build.log
  if ! mvn -q -B -Dstyle.color=never -f "$here/pom.xml" package >"$log" 2>&1; then
    cat "$log" >&2
    echo "javatools: the build failed" >&2
    exit 2
  fi
fi
exec java -cp "$jar:$(cat "$cp_file")" samsa.javatools.Main "$@"
