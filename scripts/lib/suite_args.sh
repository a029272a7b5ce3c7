# Sourced by the compatibility suites' suite.sh: the options of `suite.sh run`.
#
#   run() {
#     local bootstrap="" out="" logs="" limit=120 tests=()
#     parse_run_args "$@"
#
# parse_run_args sets the caller's locals (bash scopes them dynamically): --bootstrap
# HOST:PORT, --out FILE, --logs DIR, --timeout S (into limit); every other word is a test name.
parse_run_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --bootstrap) bootstrap=$2; shift ;;
      --out) out=$2; shift ;;
      --logs) logs=$2; shift ;;
      --timeout) limit=$2; shift ;;
      *) tests+=("$1") ;;
    esac
    shift
  done
}
