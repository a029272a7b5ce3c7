#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted as .clang-format says.
# usage: scripts/check-format.sh [--fix]
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format=$(command -v clang-format-14 || command -v clang-format)
mapfile -t files < <(git ls-files '*.cc' '*.h')
[ ${#files[@]} -eq 0 ] && exit 0
if [ "${1:-}" = "--fix" ]; then
  "$clang_format" -i "${files[@]}"
  exit 0
fi
if ! "$clang_format" --dry-run --Werror "${files[@]}" 2>/tmp/samsa-format.log; then
  grep -o '^[^:]*:[0-9]*' /tmp/samsa-format.log | sort -u | head -20 >&2
  echo "check-format: files above are not formatted; run scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
