#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs samsa on localhost:9092.
# Installs the Debian packages it needs, builds the release binary, and runs it with the
# arguments given (a server.properties file and/or --override key=value); with none, the
# embedded single-node default (data under ./data).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" release samsa >&2
exec "$root/build/release/server/samsa" "$@"
