#!/usr/bin/env bash
# The "franz-go" compatibility suite (see README.md): franz-go's own pkg/kgo integration
# tests, from the Go module proxy at a pinned version, pointed at the broker. The suite
# interface scripts/compat.sh drives:
#
#   suite.sh name                        prints the suite's name
#   suite.sh prepare [--quick|--full]    downloads the module (go mod download, checked
#                                        against the pinned go.sum hash), copies it out of
#                                        the read-only module cache and compiles the test
#                                        binary once, under ${SAMSA_CACHE:-~/.cache/samsa}/franz-go/
#   suite.sh list [--quick|--full]       test names, one a line
#   suite.sh run --bootstrap HOST:PORT --out FILE --logs DIR --timeout S NAME...
#                                        one JSON line per test to FILE, logs in DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

module=github.com/twmb/franz-go
version=v1.22.2
# go.sum's hash of the module zip (sum.golang.org checks it too).
module_sum=h1:EdwIHGzD/4mgCpl/sNS0C74JYn6cL/r2KYS+8UC96Ww=
cache=${SAMSA_CACHE:-$HOME/.cache/samsa}/franz-go
src=$cache/franz-go-$version

check_go() {
  command -v go >/dev/null ||
    { echo "franz-go suite: needs Go (go1.26 or newer, or GOTOOLCHAIN=auto to fetch it); none on PATH" >&2; exit 2; }
  command -v python3 >/dev/null || { echo "franz-go suite: needs python3 (run.py)" >&2; exit 2; }
}

# Downloads the module, copies it to $src (writable: go test wants to write nothing there,
# but the module cache's files are read-only and a copy can be removed with rm -rf) and
# compiles pkg/kgo's tests into $src/kgo.test. The module's own go.sum pins its
# dependencies (klauspost/compress, pierrec/lz4, kmsg), which go fetches while building.
build() {
  local info dir sum
  info=$(cd "$cache" && go mod download -json "$module@$version") ||
    { echo "franz-go suite: go mod download $module@$version failed" >&2; exit 2; }
  dir=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])' <<<"$info")
  sum=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["Sum"])' <<<"$info")
  [ "$sum" = "$module_sum" ] ||
    { echo "franz-go suite: $module@$version has hash $sum, pinned $module_sum" >&2; exit 2; }
  rm -rf "$src" "$src.tmp"
  cp -r "$dir" "$src.tmp"
  chmod -R u+w "$src.tmp"
  if ! (cd "$src.tmp" && go test -c -o kgo.test ./pkg/kgo/) >"$cache/build.log" 2>&1; then
    tail -n 30 "$cache/build.log" >&2
    echo "franz-go suite: compiling pkg/kgo's tests failed (log: $cache/build.log)" >&2
    exit 2
  fi
  # Every test the suite names must exist in this version.
  local listed missing
  listed=$(cd "$src.tmp/pkg/kgo" && ../../kgo.test -test.list '^Test')
  missing=$(python3 "$here/run.py" list --src "$src.tmp" --full | grep -vxF -f <(echo "$listed") || true)
  [ -z "$missing" ] ||
    { echo "franz-go suite: not in kgo.test -test.list: $missing" >&2; exit 2; }
  mv "$src.tmp" "$src"
}

prepare() {
  check_go
  mkdir -p "$cache"
  (
    flock 8
    [ -f "$src/.complete" ] && [ -x "$src/kgo.test" ] && exit 0
    build
    touch "$src/.complete"
    echo "franz-go suite: $module@$version, $(go version)" >&2
  ) 8>"$cache/.lock"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  name) echo franz-go ;;
  prepare) prepare ;;
  list) python3 "$here/run.py" list --src "$src" "$@" ;;
  run)
    [ -f "$src/.complete" ] || prepare >&2
    python3 "$here/run.py" run --src "$src" "$@"
    ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
