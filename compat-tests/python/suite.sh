#!/usr/bin/env bash
# The "python" compatibility suite (see README.md): scenarios on confluent-kafka and
# kafka-python, run with pytest. The suite interface scripts/compat.sh drives:
#
#   suite.sh name                        prints the suite's name
#   suite.sh prepare [--quick|--full]    installs requirements.txt from PyPI into a venv under
#                                        ${SAMSA_CACHE:-~/.cache/samsa}/python/
#   suite.sh list [--quick|--full]       scenario names, one a line
#   suite.sh run --bootstrap HOST:PORT --out FILE --logs DIR --timeout S NAME...
#                                        one JSON line per scenario to FILE, logs in DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${SAMSA_CACHE:-$HOME/.cache/samsa}/python
# One venv per requirements.txt content: a changed pin builds a new one.
venv=$cache/venv-$(sha256sum "$here/requirements.txt" | cut -c1-12)

prepare() {
  mkdir -p "$cache"
  (
    flock 8
    [ -x "$venv/bin/python" ] && [ -f "$venv/.complete" ] && exit 0
    if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
      echo "python suite: installing python3-venv" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >&2
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
    touch "$venv/.complete"
  ) 8>"$cache/.lock"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  name) echo python ;;
  prepare) prepare ;;
  list) python3 "$here/run.py" list "$@" ;;
  run)
    [ -f "$venv/.complete" ] || prepare >&2
    python3 "$here/run.py" run --python "$venv/bin/python" "$@"
    ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
