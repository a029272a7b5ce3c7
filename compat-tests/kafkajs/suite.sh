#!/usr/bin/env bash
# The "kafkajs" compatibility suite (see README.md): scenarios of our own on kafkajs 2.2.4
# (and its codec packages) from the npm registry, run with Node.js. The suite interface
# scripts/compat.sh drives:
#
#   suite.sh name                        prints the suite's name
#   suite.sh prepare [--quick|--full]    `npm ci` of package-lock.json into
#                                        ${SAMSA_CACHE:-~/.cache/samsa}/kafkajs/node-<hash>/
#   suite.sh list [--quick|--full]       scenario names, one a line
#   suite.sh run --bootstrap HOST:PORT --out FILE --logs DIR --timeout S NAME...
#                                        one JSON line per scenario to FILE, logs in DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${SAMSA_CACHE:-$HOME/.cache/samsa}/kafkajs
# One install per lockfile content: a changed pin installs anew.
prefix=$cache/node-$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -c1-12)

need_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "kafkajs suite: node or npm missing; installing Debian's nodejs and npm (apt-get)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 18 ] || { echo "kafkajs suite: needs Node.js >= 18, found $(node --version)" >&2; exit 2; }
}

prepare() {
  need_node
  mkdir -p "$cache"
  (
    flock 8
    [ -f "$prefix/.complete" ] && exit 0
    # The lz4 and zstd codecs are native add-ons built by node-gyp: they need make, a C++
    # compiler and python3. They are optional dependencies: without them the codec scenarios
    # report "error" and everything else runs.
    if ! command -v make >/dev/null || ! command -v g++ >/dev/null || ! command -v python3 >/dev/null; then
      echo "kafkajs suite: installing make, g++ and python3 for the native codecs (apt-get)" >&2
      { apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make g++ python3 >&2; } ||
        echo "kafkajs suite: could not install a compiler; the lz4/zstd scenarios will fail" >&2
    fi
    rm -rf "$prefix"
    mkdir -p "$prefix"
    cp "$here/package.json" "$here/package-lock.json" "$prefix/"
    # node-gyp builds against the installed Node's headers (Debian's nodejs ships them
    # under /usr/include/node) instead of downloading them; cppzst (zstd) needs C++17 for
    # them.
    local nodedir
    nodedir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
    if [ -f "$nodedir/include/node/node.h" ]; then export npm_config_nodedir=$nodedir; fi
    (cd "$prefix" && CXXFLAGS="${CXXFLAGS:-} -std=c++17" npm ci --no-audit --no-fund --no-update-notifier \
      --loglevel=error >&2)
    (cd "$prefix" && node -e '
      for (const m of ["kafkajs-snappy", "kafkajs-lz4", "@kafkajs/zstd"]) {
        try { require(m); } catch (e) { console.error(`kafkajs suite: codec ${m} unavailable: ${e.message}`); }
      }
      console.error(`kafkajs suite: kafkajs ${require("kafkajs/package.json").version} on Node.js ${process.version}`);
    ')
    touch "$prefix/.complete"
  ) 8>"$cache/.lock"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  name) echo kafkajs ;;
  prepare) prepare ;;
  list) need_node; node "$here/run.js" list "$@" ;;
  run)
    need_node
    [ -f "$prefix/.complete" ] || prepare >&2
    NODE_PATH=$prefix/node_modules node "$here/run.js" run "$@"
    ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
