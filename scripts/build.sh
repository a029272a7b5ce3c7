#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release). Installs build packages first.
# usage: scripts/build.sh [dev|release|tsan|fuzz] [ninja targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
scripts/deps.sh "$([ "$preset" = fuzz ] && echo test || echo build)"
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" ${1:+--target "$@"}
