#!/usr/bin/env bash
# Installs everything the tests need, builds with ASan and UBSan (the dev preset), and runs
# every default test. Exits non-zero on any failure.
#
# usage: scripts/test.sh            the default run (what CI runs)
#        scripts/test.sh --full     also the long suites (see README)
set -euo pipefail
cd "$(dirname "$0")/.."
full=0
for arg in "$@"; do
  case "$arg" in
    --full) full=1 ;;
    *) echo "usage: $0 [--full]" >&2; exit 2 ;;
  esac
done

scripts/deps.sh test
scripts/check-format.sh
scripts/build.sh dev

# Sanitizer reports are failures: abort on the first one, and LeakSanitizer is on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --preset dev --label-regex 'unit|integration' --no-tests=error

# Compatibility: others' clients and suites against this build of samsa and against Apache
# Kafka 4.4.0 (scripts/compat.sh; fails when a test in compat-tests/expected-pass.txt fails).
SAMSA_BIN=${SAMSA_BIN:-$PWD/build/dev/server/samsa} scripts/compat.sh "$([ "$full" = 1 ] && echo --full || echo --quick)"
