#!/usr/bin/env bash
# Builds dims (release) and runs it on this repository's own inventory/: `Tools/dims.sh verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh
swift build -c release --product dims >&2
exec .build/release/dims "$@"
