#!/usr/bin/env bash
# The "spring-kafka" compatibility suite (see README.md): a Spring Boot application of our own
# on spring-kafka, and JUnit 5 @SpringBootTest scenarios that run it against the broker. The
# suite interface scripts/compat.sh drives:
#
#   suite.sh name                        prints the suite's name
#   suite.sh prepare [--quick|--full]    resolves Spring Boot, spring-kafka and the rest from
#                                        Maven Central (Maven's local repository, ~/.m2) and
#                                        compiles the application and the scenarios
#   suite.sh list [--quick|--full]       scenario names, one a line
#   suite.sh run --bootstrap HOST:PORT --out FILE --logs DIR --timeout S NAME...
#                                        runs the scenarios in one JVM (SuiteLauncher): one
#                                        JSON line per scenario to FILE, logs in DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../scripts/lib/suite_args.sh
. "$here/../../scripts/lib/suite_args.sh"
cp_file=$here/target/test-classpath.txt
stamp=$here/target/.built

# Compiles target/ when pom.xml or a source is newer than the last build; one build at a time
# (a lock in target/). MVN_OFFLINE=-o builds from the local repository only.
build() {
  mkdir -p "$here/target"
  (
    flock 8
    if [ -f "$stamp" ] && [ -s "$cp_file" ] &&
      [ -z "$(find "$here/pom.xml" "$here/src" -newer "$stamp" -print -quit)" ]; then
      exit 0
    fi
    command -v mvn >/dev/null || { echo "spring-kafka suite: needs Maven (mvn) and a JDK 17+ (scripts/deps.sh test installs both)" >&2; exit 2; }
    command -v java >/dev/null || { echo "spring-kafka suite: needs a JDK 17+ (scripts/deps.sh test installs one)" >&2; exit 2; }
    if ! mvn ${MVN_OFFLINE:-} -B -q -Dstyle.color=never -f "$here/pom.xml" test-compile \
      >"$here/target/build.log" 2>&1; then
      cat "$here/target/build.log" >&2
      echo "spring-kafka suite: the build failed" >&2
      exit 2
    fi
    touch "$stamp"
  ) 8>"$here/target/.build.lock"
}

launcher() {
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m \
    -cp "$here/target/test-classes:$here/target/classes:$(cat "$cp_file")" \
    samsa.compat.spring.suite.SuiteLauncher "$@"
}

# run ARGS: SuiteLauncher exits 3 after reporting a test that hung; the tests it had not
# reported then run in a fresh JVM.
run() {
  local bootstrap="" out="" logs="" limit=120 tests=()
  parse_run_args "$@"
  export SAMSA_COMPAT_BOOTSTRAP=$bootstrap
  local rc left t
  while [ ${#tests[@]} -gt 0 ]; do
    rc=0
    launcher run --bootstrap "$bootstrap" --out "$out" --logs "$logs" --timeout "$limit" "${tests[@]}" || rc=$?
    [ "$rc" -eq 3 ] || return "$rc"
    left=()
    for t in "${tests[@]}"; do
      grep -qF "{\"test\":\"$t\"," "$out" 2>/dev/null || left+=("$t")
    done
    tests=("${left[@]+"${left[@]}"}")
  done
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  name) echo spring-kafka ;;
  prepare) build ;;
  list) MVN_OFFLINE=-o build && launcher list "$@" ;;
  run) MVN_OFFLINE=-o build && run "$@" ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
