#!/usr/bin/env bash
# The test command: installs what a fresh Debian machine with the Swift toolchain lacks, builds,
# smoke-tests `sluice broker` with kcat, then runs the whole Swift test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
swift build --build-tests
scripts/smoke-broker.sh
swift test --skip-build "$@"
