#!/usr/bin/env bash
# Builds dims and runs every test: unit, store, probes, S3 (against moto_server on 127.0.0.1) and end-to-end;
# then every fuzz target for a few seconds (DIMS_FUZZ_SECONDS, default 5; 0 skips them).
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh --test
swift build --build-tests
swift test --skip-build --parallel "$@"
if [ "${DIMS_FUZZ_SECONDS:-5}" != 0 ]; then Tools/fuzz/run.sh "${DIMS_FUZZ_SECONDS:-5}"; fi
