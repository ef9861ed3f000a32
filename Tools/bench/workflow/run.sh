#!/usr/bin/env bash
# Times the workflow commands (verify cached, snapshot, generate, history, diff) as whole processes on a project of
# 60 metrics with a year of imported daily history, against the issue's targets.
#
#   Tools/bench/workflow/run.sh [RUNS]        RUNS defaults to 20
#   DIMS_BIN=/path/to/dims Tools/bench/workflow/run.sh   use an existing binary instead of building one
#   BENCH_KEEP=1 ...                          keep the generated project (its path is printed)
#   BENCH_MARKDOWN=FILE ...                   also write the result table as Markdown to FILE
#   BENCH_NO_HYPERFINE=1 ...                  time with the python loop even when hyperfine is installed
#   BENCH_FIFO=1 ...                          time under `chrt -f 10` (needs root): on a shared, busy machine the
#                                             timed processes then get a CPU at once, so wall time reflects dims
set -euo pipefail

# The fixture's commands are the benchmark's own: trusted for every dims run here (see SECURITY.md), or dims
# refuses them (exit 6) and the script would time a refusal.
export DIMS_TRUST=1
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
runs="${1:-20}"

export DIMS_NOW="${DIMS_NOW:-2025-10-22T09:00:00Z}"
export DIMS_ACTOR="bench@workflow"
metric="s3_storage.total_objects"
since="$(date -u -d "${DIMS_NOW%%T*} - 183 days" +%F)"   # about six months back: 2025-04-22

if [ -z "${DIMS_BIN:-}" ]; then
  (cd "$repo" && swift build -c release --static-swift-stdlib --product dims --scratch-path .build-bench >&2)
  DIMS_BIN="$repo/.build-bench/release/dims"
fi
[ -x "$DIMS_BIN" ] || { echo "run.sh: no dims binary at '$DIMS_BIN'" >&2; exit 2; }

project="$(mktemp -d "${TMPDIR:-/tmp}/dims-bench-workflow.XXXXXX")"
if [ "${BENCH_KEEP:-0}" = "1" ]; then
  echo "run.sh: project kept at $project" >&2
else
  trap 'rm -rf "$project"' EXIT
fi
git init -q "$project"
python3 "$here/make_project.py" "$project" "$DIMS_NOW"

cd "$project"
echo "run.sh: importing $(ls inventory/historical | wc -l) historical files" >&2
"$DIMS_BIN" import >&2
# First verify measures everything and fills the cache; the values equal the imported baselines, so nothing moves.
update="$("$DIMS_BIN" verify --update)"
if grep -q "Updated" <<<"$update"; then
  echo "run.sh: the first verify moved baselines (the generated values should match them):" >&2
  grep "Updated" <<<"$update" >&2
  exit 1
fi
"$DIMS_BIN" log stats >&2 || true

echo "run.sh: load average $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) CPUs" >&2
priority=()
if [ "${BENCH_FIFO:-0}" = "1" ]; then
  priority=(chrt -f 10)
  echo "run.sh: timing under SCHED_FIFO priority 10" >&2
fi
"${priority[@]}" python3 "$here/bench.py" "$DIMS_BIN" "$project" "$runs" "$metric" "$since" ${BENCH_MARKDOWN:+--markdown "$BENCH_MARKDOWN"}
