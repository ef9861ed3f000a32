#!/usr/bin/env bash
# The `git` metric after each new commit, `DIMS` against `DIMS_BEFORE` (a build that counts again whenever a ref
# moves). Both run `verify` on their own copy of the start-up fixture's migrated project (run.sh makes it), side by
# side in one hyperfine run, with an empty commit whose message matches the metric before every timed run.
# With WINDOW=month (the fixture's `since: 1 month ago`, about 30 commits) dims counts the window again, as before;
# with WINDOW=all (`since` taken out: the whole history of 1,000 commits) it brings its entry forward, and git walks
# only the new commit.
#
# Usage: DIMS=path DIMS_BEFORE=path [WINDOW=month|all] Tools/bench/startup/after_commit.sh [RUNS]   (default 20 runs)
#   OUT=dir        where run.sh left the fixture (default Tools/bench/out/startup)
#   BENCH_FIFO=1   run under `chrt -f 10`, as run.sh does
# Every run drifts (the count grows by one), so exit status 1 is expected and ignored.
set -euo pipefail
export DIMS_TRUST=1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
runs=${1:-20}
out=${OUT:-$repo/Tools/bench/out/startup}
[ -d "$out/migrated" ] || { echo "after_commit: run Tools/bench/startup/run.sh first (no $out/migrated)" >&2; exit 2; }
work=$(mktemp -d /tmp/dims-after-commit.XXXXXX)
trap 'rm -rf "$work"' EXIT
window=${WINDOW:-month}
for tag in after before; do
    cp -a "$out/migrated" "$work/$tag"
    [ "$window" = all ] && sed -i '/since: "1 month ago"/d' "$work/$tag/inventory/config.yaml"
done
"$DIMS" verify --update --quiet --root "$work/after" >/dev/null || true
"$DIMS_BEFORE" verify --update --quiet --root "$work/before" >/dev/null || true
commit() { echo "git -C $1 -c user.email=bench@example.com -c user.name=Bench commit -q --allow-empty -m fix:bench"; }
fifo=()
[ "${BENCH_FIFO:-}" = 1 ] && fifo=(chrt -f 10)
echo "after_commit: load before timing: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"${fifo[@]}" hyperfine -N -i --style none --warmup 3 --runs "$runs" --export-json "$work/hyperfine.json" \
    --prepare "$(commit "$work/after")" -n "dims verify after a commit ($window)" "$DIMS verify --quiet --root $work/after" \
    --prepare "$(commit "$work/before")" -n "dims verify after a commit ($window, before)" "$DIMS_BEFORE verify --quiet --root $work/before" >/dev/null
echo "after_commit: load after timing: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$work/hyperfine.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print("| command | median ms | p90 ms | cpu ms |")
print("|---|---|---|---|")
for r in results:
    times = sorted(r["times"])
    p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
    print(f"| {r['command']} | {r['median'] * 1000:.1f} | {p90 * 1000:.1f} | {(r['user'] + r['system']) * 1000:.1f} |")
PY
# Both binaries must give git's own count after all those commits.
for tag in after before; do
    bin=$DIMS; [ "$tag" = before ] && bin=$DIMS_BEFORE
    value=$("$bin" verify --json --root "$work/$tag" | python3 -c 'import json, sys; print(next(m["value"] for m in json.load(sys.stdin)["metrics"] if m["path"] == "git.fix_commits_month"))') || true
    since=(); [ "$window" = month ] && since=(--since='1 month ago')
    echo "after_commit: $tag: git.fix_commits_month = $value (git counts $(git -C "$work/$tag" log --all "${since[@]}" --oneline | grep -ci fix))" >&2
done
