#!/usr/bin/env bash
# Builds dims and runs every test: each fuzz target for a few seconds (DIMS_FUZZ_SECONDS, default 5; 0 skips
# them), the concurrent file walker's tests under Thread Sanitizer (a build of their own in .build-tsan;
# DIMS_TSAN=1 runs it), then unit, store, probes, S3 (against moto_server on 127.0.0.1), team log (PostgreSQL on
# 127.0.0.1) and end-to-end tests. The test runner's summary is the last thing printed.
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh --test
if [ "${DIMS_FUZZ_SECONDS:-5}" != 0 ]; then Tools/fuzz/run.sh "${DIMS_FUZZ_SECONDS:-5}"; fi
if [ "${DIMS_TSAN:-0}" != 0 ]; then
    swift build --build-tests --sanitize=thread --scratch-path .build-tsan
    swift test --skip-build --sanitize=thread --scratch-path .build-tsan --filter 'FileSystemSourceTests|MeasurerTests'
fi
swift build --build-tests
swift test --skip-build --parallel "$@"
