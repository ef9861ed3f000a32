#!/usr/bin/env bash
# Benchmarks the native metric sources against the shell commands they replace, side by side in one run.
#
# Usage: Tools/bench/probes/run.sh [OUT_DIR]   (default Tools/bench/out/probes)
#   DIMS=path/to/dims   the dims binary (default: .build-release/release/dims when it exists)
#
# It generates a tree of 100,000 files in 5,000 folders plus 1 GB of text (once), then times:
#   1. `find . -type f | wc -l` over the tree (best of 3);
#   2. the 30 metrics of original-config.yaml the original way, one shell command after another;
#   3. dims measuring the same 30 metrics after `dims config migrate --write` (see run_dims below);
#   4. `wc -l` over 1 GB of text, and dims measuring one `lines` metric over the same files.
# Targets: (3) at most 1.5x (1); (2) at least 20x (3); (4) dims at 70% or more of wc's throughput.
set -euo pipefail

# The benchmark's commands are its own: trusted for every dims run here (see SECURITY.md), or dims refuses them (exit 6).
export DIMS_TRUST=1

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
out=${1:-$repo/Tools/bench/out/probes}
dims=${DIMS:-$repo/.build-release/release/dims}
tree=$out/tree
big=$out/big-root

# ---------------------------------------------------------------------------
# The dims commands this script needs (the CLI belongs to the dims executable):
#   `dims config migrate --write`  run in a project root: rewrites inventory/config.yaml in place.
#   `dims verify --json`           run in a project root: measures every enabled metric once (no cache).
# Exit status 1 or 2 (drift or failed metrics) is reported but does not stop the benchmark.
run_dims() {  # run_dims ROOT ARGS...
    local root=$1; shift
    (cd "$root" && DIMS_NO_CACHE=1 "$dims" "$@")
}
# ---------------------------------------------------------------------------

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc -l; }
best_of_3() {  # best_of_3 COMMAND: the shortest wall time of three runs, in seconds
    local best=999 start t
    for _ in 1 2 3; do
        start=$(now); bash -c "$1" >/dev/null 2>&1 || true; t=$(elapsed "$start")
        best=$(echo "if ($t < $best) $t else $best" | bc -l)
    done
    printf '%.3f' "$best"
}

if [ ! -d "$tree" ]; then
    echo "Generating the tree in $tree ..."
    "$here/gen-tree.sh" "$tree" >/dev/null
    (cd "$tree" && git init -q . && for m in "rec_1 start" "REC_2 docs" "tidy" "add rec_3"; do
        GIT_COMMITTER_DATE=2025-10-05T12:00:00Z GIT_AUTHOR_DATE=2025-10-05T12:00:00Z \
            git -c user.email=bench@example.com -c user.name=bench commit -q --allow-empty -m "$m"; done)
fi
if [ ! -d "$big/big" ]; then
    echo "Generating 1 GB of text in $big ..."
    mkdir -p "$big"
    "$here/gen-tree.sh" "$big/gen" --big >/dev/null
    mv "$big/gen/big" "$big/big" && rm -rf "$big/gen"
fi
mkdir -p "$tree/inventory" "$big/inventory"
cp "$here/original-config.yaml" "$tree/inventory/config.yaml"
printf 'version: "1.0.0"\nmetrics:\n  text:\n    total_lines:\n      source: lines\n      paths: big\n' > "$big/inventory/config.yaml"

# The original commands, decoded from the YAML (they are one-line double-quoted strings).
mapfile -t commands < <(python3 -c '
import json, re, sys
for line in open(sys.argv[1]):
    m = re.match(r"\s*command:\s*(\".*\")\s*$", line)
    if m: print(json.loads(m.group(1)))
' "$here/original-config.yaml")

echo "Timing find, the original commands and wc -l ..."
find_time=$(best_of_3 "cd '$tree' && find . -type f | wc -l")
start=$(now)
for command in "${commands[@]}"; do (cd "$tree" && sh -c "$command" >/dev/null 2>&1) || true; done
original_time=$(printf '%.3f' "$(elapsed "$start")")
wc_time=$(best_of_3 "cd '$big' && wc -l big/*")
big_bytes=$(du -sb "$big/big" | cut -f1)

printf '\n%-44s %10s\n' "measurement" "seconds"
printf '%-44s %10s\n' "find . -type f | wc -l (best of 3)" "$find_time"
printf '%-44s %10s\n' "${#commands[@]} metrics, original shell commands" "$original_time"
printf '%-44s %10s   (%.0f MB/s)\n' "wc -l over 1 GB (best of 3)" "$wc_time" "$(echo "$big_bytes / $wc_time / 1000000" | bc -l)"

if [ -x "$dims" ]; then
    run_dims "$tree" config migrate --write >/dev/null
    dims_time=$(best_of_3 "cd '$tree' && DIMS_NO_CACHE=1 '$dims' verify --json")
    dims_lines=$(best_of_3 "cd '$big' && DIMS_NO_CACHE=1 '$dims' verify --json")
else
    # Without the binary, time the library itself: harness.swift migrates each command in memory and measures them all.
    echo "No dims binary at '$dims': timing the DIMSProbes library through harness.swift instead."
    scratch=$repo/.build-probes
    (cd "$repo" && swift build -c release --scratch-path "$scratch" --target DIMSProbes >/dev/null)
    release=$scratch/release
    objects=$(ls "$release"/DIMSProbes.build/*.o "$release"/DIMSCore.build/*.o)
    # shellcheck disable=SC2086
    swiftc -O -swift-version 6 -I "$release/Modules" "$here/harness.swift" $objects -o "$out/harness" 2>/dev/null
    printf 'metrics:\n  text:\n    total_lines:\n      command: "wc -l big/* | tail -1 | awk '"'"'{print $1}'"'"'"\n' > "$out/big-config.yaml"
    dims_time=$(best_of_3 "'$out/harness' '$tree' '$here/original-config.yaml'")
    dims_lines=$(best_of_3 "'$out/harness' '$big' '$out/big-config.yaml'")
fi
printf '%-44s %10s\n' "${#commands[@]} metrics, dims (best of 3)" "$dims_time"
printf '%-44s %10s   (%.0f MB/s)\n' "dims lines over 1 GB (best of 3)" "$dims_lines" "$(echo "$big_bytes / $dims_lines / 1000000" | bc -l)"

echo
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo "met"; else echo "MISSED"; fi; }
printf '%-60s %s\n' "dims <= 1.5 x find ($(printf '%.2f' "$(echo "$dims_time / $find_time" | bc -l)") x)" "$(verdict "$dims_time <= 1.5 * $find_time")"
printf '%-60s %s\n' "dims >= 20 x faster than the original ($(printf '%.1f' "$(echo "$original_time / $dims_time" | bc -l)") x)" "$(verdict "$original_time >= 20 * $dims_time")"
printf '%-60s %s\n' "dims lines >= 70% of wc throughput ($(printf '%.0f' "$(echo "100 * $wc_time / $dims_lines" | bc -l)") %)" "$(verdict "$wc_time >= 0.7 * $dims_lines")"
