#!/usr/bin/env bash
# Builds dims and runs every test: each fuzz target for a few seconds (DIMS_FUZZ_SECONDS, default 5; 0 skips
# them), the tests of code that runs on several threads under Thread Sanitizer (a build of its own in .build-tsan;
# DIMS_TSAN=0 skips it; a reported race fails the run), then unit, store, probes, S3 (against moto_server on
# 127.0.0.1), team log (PostgreSQL on 127.0.0.1) and end-to-end tests. The test runner's summary is the last thing
# printed.
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh --test
if [ "${DIMS_FUZZ_SECONDS:-5}" != 0 ]; then Tools/fuzz/run.sh "${DIMS_FUZZ_SECONDS:-5}"; fi
if [ "${DIMS_TSAN:-1}" != 0 ]; then
    # The walker and its pool, every source measured at once, the S3 listing's transfer threads, the archive's
    # parallel compression. halt_on_error: the first race ends the run with its report.
    swift build --build-tests --sanitize=thread --scratch-path .build-tsan
    TSAN_OPTIONS="halt_on_error=1 ${TSAN_OPTIONS:-}" swift test --skip-build --sanitize=thread --scratch-path .build-tsan \
        --filter 'BlockingPoolTests|FileSystemSourceTests|LineMatcherTests|FolderBreakdownTests|MeasurerTests|S3SourceTests|DIMSStoreTests.ArchiveTests'
fi
swift build --build-tests
swift test --skip-build --parallel "$@"
