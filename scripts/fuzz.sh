#!/usr/bin/env bash
# Builds the fuzz preset (clang 14, libFuzzer, ASan + UBSan) and fuzzes each target in turn,
# seeded with its checked-in corpus. Not part of the default test run: ordinary builds
# already run every corpus once as a test (label "fuzz").
#
# usage: scripts/fuzz.sh [SECONDS | --runs N] [TARGET...]
#   SECONDS    how long to fuzz each target (default 60)
#   --runs N   stop each target after N executions instead
#   TARGET     request_fuzz, message_fuzz, record_batch_fuzz (default: all three)
# env: SAMSA_FUZZ_BUILD_DIR  build directory (default build/fuzz)
#      SAMSA_FUZZ_ARGS       extra libFuzzer flags, e.g. "-jobs=2 -workers=2"
#
# New inputs libFuzzer finds go to $BUILD/fuzz-work/TARGET/corpus, never into the checked-in
# corpus; crashes, leaks and sanitizer reports leave their input in
# $BUILD/fuzz-work/TARGET/artifacts/. To keep one as a regression test, copy it into the
# target's corpus folder. Exits non-zero when any target finds something.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-max_total_time=60)
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs)
      [ $# -ge 2 ] || { echo "usage: $0 [SECONDS | --runs N] [TARGET...]" >&2; exit 2; }
      limit=(-runs="$2")
      shift 2
      ;;
    [0-9]*) limit=(-max_total_time="$1"); shift ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(request_fuzz message_fuzz record_batch_fuzz)

# Where each target lives, its seed corpus, and its largest input. Requests and messages
# get room for a few hundred fields; record batches for several compressed batches.
declare -A binary corpus max_len
binary[request_fuzz]=protocol/fuzz/request_fuzz
corpus[request_fuzz]=protocol/fuzz/corpus/request
max_len[request_fuzz]=65536
binary[message_fuzz]=protocol/fuzz/message_fuzz
corpus[message_fuzz]=protocol/fuzz/corpus/message
max_len[message_fuzz]=65536
binary[record_batch_fuzz]=protocol/records/record_batch_fuzz
corpus[record_batch_fuzz]=protocol/records/corpus/record_batch
max_len[record_batch_fuzz]=262144
for t in "${targets[@]}"; do
  [ -n "${binary[$t]:-}" ] || { echo "fuzz: unknown target $t (${!binary[*]})" >&2; exit 2; }
done

build=${SAMSA_FUZZ_BUILD_DIR:-build/fuzz}
scripts/deps.sh test
[ -f "$build/build.ninja" ] || cmake --preset fuzz -B "$build" >/dev/null
cmake --build "$build" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for t in "${targets[@]}"; do
  work=$build/fuzz-work/$t
  mkdir -p "$work/corpus" "$work/artifacts"
  echo "== $t: ${limit[*]} -max_len=${max_len[$t]}" >&2
  # shellcheck disable=SC2086  # SAMSA_FUZZ_ARGS is a list of flags
  if ! "$build/${binary[$t]}" "${limit[@]}" -max_len="${max_len[$t]}" -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" ${SAMSA_FUZZ_ARGS:-} "$work/corpus" "${corpus[$t]}"; then
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]} (inputs under $build/fuzz-work/*/artifacts/)" >&2
  exit 1
fi
echo "fuzz: ${targets[*]}: no findings" >&2
