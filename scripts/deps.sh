#!/usr/bin/env bash
# Installs the Debian packages samsa needs. Idempotent and quick when all are present.
# usage: scripts/deps.sh [build|test|all]   (default: build)
set -euo pipefail
what=${1:-build}

build_pkgs=(
  build-essential cmake ninja-build pkg-config python3 curl ca-certificates unzip
  libboost1.81-dev libzstd-dev liblz4-dev libsnappy-dev zlib1g-dev rapidjson-dev
  libssl-dev libgtest-dev libgmock-dev libbenchmark-dev libspdlog-dev libfmt-dev
)
# Tests add the fuzzing and formatting toolchain, librdkafka (a test client only), kcat,
# and a JDK and Maven for Kafka's own tools, the reference broker and the Java compat suite.
test_pkgs=(
  clang-14 libclang-rt-14-dev clang-format-14 librdkafka-dev kcat default-jdk-headless maven
)

pkgs=("${build_pkgs[@]}")
case "$what" in
  build) ;;
  test | all) pkgs+=("${test_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# A JDK may already be present from elsewhere (e.g. a Temurin install on PATH).
if command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1; then
  missing=("${missing[@]/default-jdk-headless/}")
fi
if command -v mvn >/dev/null 2>&1; then
  missing=("${missing[@]/maven/}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
