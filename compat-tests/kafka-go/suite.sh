#!/usr/bin/env bash
# The "kafka-go" compatibility suite (see README.md): segmentio/kafka-go's own tests, from the
# Go module proxy (pinned), compiled once and run one test at a time against the broker. The
# suite interface scripts/compat.sh drives:
#
#   suite.sh name                        prints the suite's name
#   suite.sh prepare [--quick|--full]    downloads the module (checked against the pinned
#                                        sum), copies it under ${SAMSA_CACHE:-~/.cache/samsa}/kafka-go/,
#                                        compiles the test binaries (go test -c) and netfwd
#   suite.sh list [--quick|--full]       test names (package/TestName), one a line
#   suite.sh run --bootstrap HOST:PORT --out FILE --logs DIR --timeout S NAME...
#                                        one JSON line per test to FILE, logs in DIR
#
# kafka-go's tests dial localhost:9092 themselves; each test runs under netfwd (netfwd/main.go),
# which makes localhost:9092 reach the broker without taking the host's port 9092.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../scripts/lib/suite_args.sh
. "$here/../../scripts/lib/suite_args.sh"

module=github.com/segmentio/kafka-go
version=v0.4.51
# The module's h1: hash (go.sum), as the Go checksum database has it.
module_sum=h1:JgDPPG75tC1rWIS2Me6MwcvXJ6f49UQ4HjAOef71Hno=
# The Go it needs (its go.mod says go 1.23).
go_min=1.23
cache=${SAMSA_CACHE:-$HOME/.cache/samsa}/kafka-go
src=$cache/kafka-go-$version
bin=$cache/bin-$version
# The environment kafka-go's CI gives its tests (KAFKA_VERSION picks what they expect of the
# broker; nettest, a generic net.Conn conformance test, is off there for Kafka 3.x too).
test_env=(KAFKA_VERSION=3.7.0 KAFKA_SKIP_NETTEST=1)
# Bumped when advertised_port_patch changes, so the cached copy is made again.
patch_rev=1

check_go() {
  if ! command -v go >/dev/null; then
    echo "kafka-go suite: needs Go >= $go_min on PATH (https://go.dev/dl/; Debian's golang-go is too old)" >&2
    exit 2
  fi
  local v
  v=$(go env GOVERSION)
  v=${v#go}
  if [ "$(printf '%s\n%s\n' "$go_min" "$v" | sort -V | head -n 1)" != "$go_min" ]; then
    echo "kafka-go suite: needs Go >= $go_min, found $v" >&2
    exit 2
  fi
}

# The packages that hold the tests of tests.txt, as directories of the module.
packages() { grep -v '^#' "$here/tests.txt" | awk 'NF {split($1, a, "/"); print a[1]}' | sort -u; }
pkg_dir() { if [ "$1" = kafka ]; then echo .; else echo "$1"; fi; }

fetch_module() {
  local json dir sum
  json=$(cd "$cache" && go mod download -json "$module@$version")
  dir=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])' <<<"$json")
  sum=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["Sum"])' <<<"$json")
  [ "$sum" = "$module_sum" ] ||
    { echo "kafka-go suite: $module@$version has sum $sum, expected $module_sum" >&2; exit 2; }
  rm -rf "$src" "$src.tmp"
  # The module cache is read-only: a writable copy, so go test may write beside the sources.
  cp -r "$dir" "$src.tmp"
  chmod -R u+w "$src.tmp"
  # Its dependencies, checked against its go.sum.
  (cd "$src.tmp" && go mod download)
  advertised_port_patch "$src.tmp"
  mv "$src.tmp" "$src"
}

# A few tests check that the broker advertises port 9092, the port they dialled: TestDialer,
# TestDialerTLS, TestDialerResolver (Broker{Host: "localhost", Port: 9092, ID: 1} in their
# expected partitions) and two of TestConn's subtests. The broker under test listens (and
# advertises) elsewhere, so in the copy those compare with KAFKA_GO_TEST_PORT, the port the
# suite passes them (the broker's real one); the rest of each check stays as written.
advertised_port_patch() {
  local dir=$1 n
  n=$(grep -c 'Port: 9092, ID: 1}' "$dir/dialer_test.go")
  [ "$n" = 9 ] || { echo "kafka-go suite: dialer_test.go has $n 'Port: 9092, ID: 1}', expected 9" >&2; exit 2; }
  n=$(grep -c '\.Port != 9092 {' "$dir/conn_test.go")
  [ "$n" = 2 ] || { echo "kafka-go suite: conn_test.go has $n '.Port != 9092 {', expected 2" >&2; exit 2; }
  sed -i 's/Port: 9092, ID: 1}/Port: samsaAdvertisedPort, ID: 1}/' "$dir/dialer_test.go"
  sed -i 's/\.Port != 9092 {/.Port != samsaAdvertisedPort {/' "$dir/conn_test.go"
  cat >"$dir/zz_samsa_port_test.go" <<'GO'
package kafka

// Added by samsa's compat-tests/kafka-go/suite.sh: the port the broker under test advertises.

import (
	"os"
	"strconv"
)

var samsaAdvertisedPort = func() int {
	if p, err := strconv.Atoi(os.Getenv("KAFKA_GO_TEST_PORT")); err == nil {
		return p
	}
	return 9092
}()
GO
}

build_tests() {
  local p
  rm -rf "$bin" "$bin.tmp"
  mkdir -p "$bin.tmp"
  for p in $(packages); do
    echo "kafka-go suite: go test -c ./$p" >&2
    (cd "$src" && go test -c -o "$bin.tmp/$p.test" "./$(pkg_dir "$p")")
  done
  mv "$bin.tmp" "$bin"
}

build_netfwd() {
  if [ ! -x "$cache/netfwd" ] || [ -n "$(find "$here/netfwd" -newer "$cache/netfwd" -type f)" ]; then
    (cd "$here/netfwd" && go build -o "$cache/netfwd.tmp" .)
    mv -f "$cache/netfwd.tmp" "$cache/netfwd"
  fi
}

prepare() {
  check_go
  command -v python3 >/dev/null || { echo "kafka-go suite: needs python3" >&2; exit 2; }
  mkdir -p "$cache"
  (
    flock 8
    if [ "$(cat "$src/.complete" 2>/dev/null)" != "$patch_rev" ]; then
      fetch_module
      echo "$patch_rev" >"$src/.complete"
      rm -f "$bin/.complete"
    fi
    if [ ! -f "$bin/.complete" ]; then
      build_tests
      touch "$bin/.complete"
    fi
    build_netfwd
  ) 8>"$cache/.lock"
  "$bin/kafka.test" -test.list '.*' >/dev/null
}

list() {
  local mode=${1:---quick}
  grep -v '^#' "$here/tests.txt" | awk -v mode="$mode" 'NF && (mode == "--full" || $2 == "quick") {print $1}'
}

# run: each test alone (-test.run '^Name$'), in its package directory (some read fixtures/),
# under netfwd, with go's own -test.timeout a little under the limit so a hung test ends with
# its goroutines dumped into the log.
run() {
  local bootstrap="" out="" logs="" limit=120 tests=()
  parse_run_args "$@"
  mkdir -p "$logs"
  if [ ! -f "$bin/.complete" ] || [ ! -x "$cache/netfwd" ]; then prepare >&2; fi
  local port=${bootstrap##*:} ports=9092 t pkg name start rc log go_limit=$((limit > 20 ? limit - 10 : limit))
  [ "$port" = 9092 ] || ports+=",$port"
  for t in "${tests[@]}"; do
    log=$logs/$t.log
    mkdir -p "$(dirname "$log")"
    start=$(date +%s%3N)
    pkg=${t%%/*} name=${t#*/}
    rc=0
    if [ "$pkg" = "$t" ] || [ ! -x "$bin/$pkg.test" ] || ! grep -q "^$t " "$here/tests.txt"; then
      echo "netfwd: no such test: $t" >"$log"
      rc=125
    else
      (cd "$src/$(pkg_dir "$pkg")" &&
        exec env "${test_env[@]}" KAFKA_GO_TEST_PORT="$port" timeout -k 5 "$limit" "$cache/netfwd" -to "$bootstrap" \
          -ports "$ports" -wait "$limit" -- "$bin/$pkg.test" -test.run "^$name\$" -test.v \
          -test.count 1 -test.timeout "${go_limit}s") >"$log" 2>&1 </dev/null || rc=$?
    fi
    python3 "$here/report.py" "$t" "$name" "$rc" "$(($(date +%s%3N) - start))" "$limit" "$log" >>"$out"
  done
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  name) echo kafka-go ;;
  prepare) prepare ;;
  list) list "$@" ;;
  run) run "$@" ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
