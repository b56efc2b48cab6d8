#!/usr/bin/env bash
# Installs the Debian packages Sluice builds and tests against, if any is missing:
# librdkafka (Kafka), SQLite and curl headers, kcat (the independent Kafka client the smoke test
# uses), pkg-config, and Python's venv (the official provider SDKs run in one).
set -euo pipefail
packages=(librdkafka-dev libsqlite3-dev libcurl4-openssl-dev kcat pkg-config)
python3 -m venv --help > /dev/null 2>&1 || packages+=(python3-venv)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" > /dev/null 2>&1 || missing+=("$package")
done
(( ${#missing[@]} )) || exit 0
sudo=""
[[ "$(id -u)" == 0 ]] || sudo="sudo"
echo "installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" > /dev/null
