#!/usr/bin/env bash
# How much the post-commit hook of `dims events install` slows a commit: the same commits timed side by side, in one
# run, in two clones of one repository, one with the hook and one without (the baseline), alternating.
# Target: the hook adds at most 20 ms to a commit (it starts `dims events trigger` in the background and returns).
#
#   Tools/bench/hooks/run.sh [COMMITS]        COMMITS defaults to 200 per clone
#   DIMS_BIN=/path/to/dims Tools/bench/hooks/run.sh   use an existing binary instead of building one
#   BENCH_FIFO=1 ...                          time the commits under `chrt -f 10` (needs root), as the workflow benchmark
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
commits="${1:-200}"

if [ -z "${DIMS_BIN:-}" ]; then
  (cd "$repo" && swift build -c release --static-swift-stdlib --product dims --scratch-path .build-bench >&2)
  DIMS_BIN="$repo/.build-bench/release/dims"
fi
[ -x "$DIMS_BIN" ] || { echo "run.sh: no dims binary at '$DIMS_BIN'" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/dims-bench-hooks.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 "$here/commit_hook.py" "$DIMS_BIN" "$work" "$commits"
