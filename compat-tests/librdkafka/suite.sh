#!/usr/bin/env bash
# The "librdkafka" compatibility suite (see README.md): librdkafka's own test suite from
# Debian's librdkafka source package, built against Debian's librdkafka, pointed at the
# broker. The suite interface scripts/compat.sh drives:
#
#   suite.sh name                        prints the suite's name
#   suite.sh prepare [--quick|--full]    installs the build packages (apt-get), fetches the
#                                        Debian source package, builds tests/test-runner,
#                                        all under ${SAMSA_CACHE:-~/.cache/samsa}/librdkafka/
#   suite.sh list [--quick|--full]       test names, one a line
#   suite.sh run --bootstrap HOST:PORT --out FILE --logs DIR --timeout S NAME...
#                                        one JSON line per test to FILE, logs in DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Debian bookworm's librdkafka: the source package of the librdkafka1 the machine runs.
upstream=2.0.2
version=$upstream-1
pool=http://deb.debian.org/debian/pool/main/libr/librdkafka
dsc_sha256=88eb09e84f3d838676c45d2db47633923d069b8605f6b4b48895155ab2b4c64f
cache=${SAMSA_CACHE:-$HOME/.cache/samsa}/librdkafka
src=$cache/librdkafka-$version
# Debian's library and the package's Build-Depends (less debhelper).
packages=(g++ make curl python3 librdkafka-dev liblz4-dev libsasl2-dev libssl-dev libzstd-dev
  rapidjson-dev zlib1g-dev)

install_packages() {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} = 0 ] && return
  echo "librdkafka suite: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

# Fetches the .dsc, checks it against the pinned hash and the tarballs against the .dsc.
fetch_source() {
  local dl=$cache/download f sum
  mkdir -p "$dl"
  if [ ! -s "$dl/librdkafka_$version.dsc" ]; then
    curl -sSfL -o "$dl/librdkafka_$version.dsc.part" "$pool/librdkafka_$version.dsc"
    mv -f "$dl/librdkafka_$version.dsc.part" "$dl/librdkafka_$version.dsc"
  fi
  echo "$dsc_sha256  $dl/librdkafka_$version.dsc" | sha256sum -c --quiet - ||
    { rm -f "$dl/librdkafka_$version.dsc"; echo "librdkafka suite: the .dsc's hash differs" >&2; exit 2; }
  for f in "librdkafka_$upstream.orig.tar.gz" "librdkafka_$version.debian.tar.xz"; do
    sum=$(sed -n '/^Checksums-Sha256:/,/^[A-Z]/p' "$dl/librdkafka_$version.dsc" | awk -v f="$f" '$3 == f {print $1}')
    [ -n "$sum" ] || { echo "librdkafka suite: $f is not in the .dsc" >&2; exit 2; }
    if ! echo "$sum  $dl/$f" | sha256sum -c --quiet - >/dev/null 2>&1; then
      curl -sSfL -o "$dl/$f.part" "$pool/$f"
      mv -f "$dl/$f.part" "$dl/$f"
      echo "$sum  $dl/$f" | sha256sum -c --quiet - || { echo "librdkafka suite: $f's hash differs" >&2; exit 2; }
    fi
  done
  rm -rf "$src" "$src.tmp"
  mkdir -p "$src.tmp"
  tar -xzf "$dl/librdkafka_$upstream.orig.tar.gz" -C "$src.tmp" --strip-components=1
  tar -xJf "$dl/librdkafka_$version.debian.tar.xz" -C "$src.tmp"
  # Debian's patches, as dpkg-source would apply them.
  if [ -f "$src.tmp/debian/patches/series" ]; then
    grep -v '^#' "$src.tmp/debian/patches/series" | while read -r f _; do
      [ -n "$f" ] && patch -s -d "$src.tmp" -p1 <"$src.tmp/debian/patches/$f"
    done
  fi
  mv "$src.tmp" "$src"
}

# Builds tests/test-runner against Debian's librdkafka and librdkafka++ (librdkafka-dev):
# the library in the source tree is never built; the tests' make rule that wants it is
# told the static archives are up to date (-o), so -lrdkafka finds Debian's shared one.
build() {
  (cd "$src" && ./configure --prefix=/usr >"$cache/configure.log" 2>&1) ||
    { tail -n 30 "$cache/configure.log" >&2; exit 2; }
  if ! make -C "$src/tests" -j"$(nproc)" -o ../src/librdkafka.a -o ../src-cpp/librdkafka++.a \
    test-runner >"$cache/build.log" 2>&1; then
    tail -n 40 "$cache/build.log" >&2
    echo "librdkafka suite: the build failed (log: $cache/build.log)" >&2
    exit 2
  fi
  ldd "$src/tests/test-runner" | grep -q 'librdkafka\.so\.1 => /' ||
    { echo "librdkafka suite: test-runner is not linked to Debian's librdkafka" >&2; exit 2; }
}

prepare() {
  mkdir -p "$cache"
  (
    flock 8
    install_packages
    [ -f "$src/.complete" ] && exit 0
    fetch_source
    build
    touch "$src/.complete"
  ) 8>"$cache/.lock"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  name) echo librdkafka ;;
  prepare)
    prepare
    # kafka-topics for the tests that run it (KAFKA_PATH, see run.py).
    "${KAFKA_REF_SH:-$here/../../scripts/kafka-ref.sh}" fetch
    ;;
  list)
    [ -f "$src/tests/test.c" ] || prepare >&2
    python3 "$here/run.py" list --src "$src" "$@"
    ;;
  run)
    [ -f "$src/.complete" ] || prepare >&2
    python3 "$here/run.py" run --src "$src" "$@"
    ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
