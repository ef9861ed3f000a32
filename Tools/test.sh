#!/usr/bin/env bash
# Builds dims and runs every test: unit, store, probes, S3 (against moto_server on 127.0.0.1) and end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh --test
swift build --build-tests
swift test --skip-build --parallel "$@"
