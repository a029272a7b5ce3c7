#!/usr/bin/env bash
# Regenerates the golden data that Apache Kafka's own Java classes write (see
# scripts/javatools/README.md):
#   protocol/testdata/golden/<folder>/<schema>.jsonl   messages, per schema file and version
#   protocol/testdata/batches/java_<codec>.{bin,json}  v2 record batches
#   protocol/schema/errors.schema                      Kafka's error codes
# Deterministic (fixed seeds): re-running gives identical files. Needs a JDK 17+ and Maven;
# Kafka's jars come from Maven Central into ~/.m2.
# usage: scripts/make-goldens.sh [--check]
#   --check  regenerate into a temporary folder and fail if anything differs from the tree
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tool=$root/scripts/javatools/run.sh
check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$tool" messages "$root/protocol/schema" "$tmp/golden"
"$tool" batches "$tmp/batches"
"$tool" errors "$tmp/errors.schema"
# An independent decoder, driven only by our schema files, must agree with every sample.
python3 "$root/scripts/javatools/check_goldens.py" "$root/protocol/schema" "$tmp/golden"

if [ "$check" = 1 ]; then
  status=0
  diff -r -q "$root/protocol/testdata/golden" "$tmp/golden" || status=1
  diff -r -q "$root/protocol/testdata/batches" "$tmp/batches" || status=1
  diff -q "$root/protocol/schema/errors.schema" "$tmp/errors.schema" || status=1
  [ "$status" = 0 ] && echo "make-goldens: the committed goldens are up to date" >&2
  exit "$status"
fi

mkdir -p "$root/protocol/testdata"
rm -rf "$root/protocol/testdata/golden" "$root/protocol/testdata/batches"
mv "$tmp/golden" "$tmp/batches" "$root/protocol/testdata/"
mv "$tmp/errors.schema" "$root/protocol/schema/errors.schema"
echo "make-goldens: wrote protocol/testdata/{golden,batches} and protocol/schema/errors.schema" >&2
