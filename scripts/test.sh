#!/usr/bin/env bash
# The test command: installs what a fresh Debian machine with the Swift toolchain lacks, builds,
# smoke-tests `sluice broker` with kcat, then runs the whole Swift test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
# The SDK conformance and schema tests create this venv themselves if missing; creating it here
# keeps a slow PyPI download out of any single test's time limit.
scripts/python-venv.sh > /dev/null
swift build --build-tests
scripts/smoke-broker.sh
scripts/smoke-serve.sh
swift test --skip-build "$@"
