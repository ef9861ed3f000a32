#!/usr/bin/env bash
# `dims backfill` against the naive way (check out each weekly point and run `dims update`), and its time per point
# against one `git ls-tree -r -l` of that commit, side by side in one run, on a generated repository of about 5,000
# files and 1,500 commits over a year. Goals: at least 10x faster than the naive way; at most 3x one ls-tree per point.
#
#   Tools/bench/backfill/run.sh [COMMITS] [FILES]     defaults 1500 and 5000
#   DIMS_BIN=/path/to/dims Tools/bench/backfill/run.sh   use an existing binary instead of building one
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"

if [ -z "${DIMS_BIN:-}" ]; then
  (cd "$repo" && swift build -c release --static-swift-stdlib --product dims --scratch-path .build-bench >&2)
  DIMS_BIN="$repo/.build-bench/release/dims"
fi
[ -x "$DIMS_BIN" ] || { echo "run.sh: no dims binary at '$DIMS_BIN'" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/dims-bench-backfill.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 "$here/bench.py" "$DIMS_BIN" "$work" --commits "${1:-1500}" --files "${2:-5000}"
