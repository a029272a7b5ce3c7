#!/usr/bin/env bash
# Re-derives protocol/schema/ from the message specs inside Apache Kafka's jars on
# Maven Central. Usage: scripts/update-schema.sh [KAFKA_VERSION]   (default: the release
# recorded in protocol/schema/RELEASE)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
release=${1:-$(cat "$root/protocol/schema/RELEASE")}
source "$here/lib/maven.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for artifact in kafka-clients kafka-group-coordinator kafka-transaction-coordinator kafka-storage kafka-metadata; do
  jar=$(maven_fetch org.apache.kafka "$artifact" "$release")
  unzip -q -o "$jar" '*.json' -d "$work/$artifact" 2>/dev/null || true
done
rm -rf "$root/protocol/schema/api" "$root/protocol/schema/header" "$root/protocol/schema/data" \
  "$root/protocol/schema/metadata" "$root/protocol/schema/coordinator"
find "$work" -name '*.json' -print0 | sort -z | xargs -0 python3 "$here/schema/convert.py" "$root/protocol/schema" "$release"
echo "$release" >"$root/protocol/schema/RELEASE"
