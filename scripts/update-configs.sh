#!/usr/bin/env bash
# Re-derives controller/schema/configs.schema (Kafka's broker and topic configuration
# definitions, as facts) from Apache Kafka's own classes, fetched from Maven Central.
# usage: scripts/update-configs.sh [KAFKA_VERSION]   (default: 4.4.0)
# Needs a JDK 17+ and Maven. Kafka's jars land in ~/.m2 (or MAVEN_OPTS' -Dmaven.repo.local).
# A Java release changes two JVM-derived defaults (see the file's header); use Java 17.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
release=${1:-4.4.0}
tool=$here/configfacts

command -v mvn >/dev/null || { echo "update-configs: needs Maven (mvn) and a JDK 17+" >&2; exit 2; }
mvn -q -B -Dstyle.color=never -Dkafka.version="$release" -f "$tool/pom.xml" clean package >&2

out=$root/controller/schema/configs.schema
java -cp "$tool/target/samsa-configfacts-0.1.0.jar:$(cat "$tool/target/classpath.txt")" \
  samsa.configfacts.Main facts "$out.tmp" 2> >(grep -v '^SLF4J' >&2)
mv "$out.tmp" "$out"
grep -q "^kafka $release\$" "$out" || { echo "update-configs: $out is not from Kafka $release" >&2; exit 1; }
echo "update-configs: wrote $out ($(grep -c '^broker ' "$out") broker, $(grep -c '^topic ' "$out") topic configs)" >&2
