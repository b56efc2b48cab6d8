#!/usr/bin/env bash
# The test command: installs what a fresh Debian machine with the Swift toolchain lacks, builds,
# runs the embedded-broker smoke test with kcat, then the whole Swift test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

packages=(librdkafka-dev libsqlite3-dev libcurl4-openssl-dev kcat pkg-config)
python3 -m venv --help > /dev/null 2>&1 || packages+=(python3-venv)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" > /dev/null 2>&1 || missing+=("$package")
done
if (( ${#missing[@]} )); then
    sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    echo "test: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" > /dev/null
fi

swift build --build-tests
scripts/smoke-broker.sh
swift test --skip-build "$@"
