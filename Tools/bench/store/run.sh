#!/usr/bin/env bash
# The event log benchmarks, side by side in one run: dims against a C program doing the same work with
# liblmdb directly (Tools/bench/lmdb_floor.c). Prints each figure, its target and the ratio.
#
#   Tools/bench/store/run.sh [EVENTS]      (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/../../.."
EVENTS=${1:-1000000}
WORK=$(mktemp -d /tmp/dims-bench-store.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

Tools/setup.sh
swift build -c release --static-swift-stdlib --product dims-bench --scratch-path .build-release >&2
swift build -c release --static-swift-stdlib --product dims --scratch-path .build-release >&2
BENCH=.build-release/release/dims-bench
DIMS=.build-release/release/dims
gcc -O2 -o "$WORK/lmdb_floor" Tools/bench/lmdb_floor.c -llmdb -lz

field() { sed -n "s/.*$1=\([0-9.e+-]*\).*/\1/p"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

echo "== event log, $EVENTS events, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
mkdir -p "$WORK/c" "$WORK/project/inventory/.dims"
c_append=$("$WORK/lmdb_floor" append "$WORK/c" "$EVENTS" 1000 | field events_per_s)
d_append=$("$BENCH" append "$WORK/project/inventory/.dims" "$EVENTS" 1000 | field events_per_s)
printf "append, durable batches of 1000: C %.0f ev/s, dims %.0f ev/s, dims/C %s (target >= 0.50)\n" "$c_append" "$d_append" "$(ratio "$d_append" "$c_append")"

c_scan=$("$WORK/lmdb_floor" scan "$WORK/c" | field events_per_s)
d_scan=$("$BENCH" scan "$WORK/project/inventory/.dims" | field events_per_s)
printf "full scan with CRC check: C %.0f ev/s, dims (decoding every event) %.0f ev/s, dims/C %s\n" "$c_scan" "$d_scan" "$(ratio "$d_scan" "$c_scan")"

replay=$("$BENCH" replay "$WORK/project/inventory/.dims")
printf "replay into every projection: %.0f ev/s (target >= 1000000), peak RSS %s MB (target < 150)\n" \
  "$(echo "$replay" | field events_per_s)" "$(echo "$replay" | field peak_rss_mb)"

c_seek=$("$WORK/lmdb_floor" seek "$WORK/c" 500 | field ms_per_query)
d_asof=$("$BENCH" asof "$WORK/project/inventory/.dims" 500 | field ms_per_query)
d_hist=$("$BENCH" history "$WORK/project/inventory/.dims" 500 30 | field ms_per_query)
printf "state of 60 metrics as of a random time, in process: C %.3f ms, dims %.3f ms (target < 5)\n" "$c_seek" "$d_asof"
printf "one metric's 30-day history, in process: dims %.3f ms (target < 5)\n" "$d_hist"

# Whole processes: a project whose log is the one above.
cat > "$WORK/project/inventory/config.yaml" <<'YAML'
version: "1.0.0"
metrics:
  category0:
    metric0: {command: "echo 1", parse_type: integer}
YAML
python3 - "$DIMS" "$WORK/project" <<'PY'
import subprocess, sys, time, statistics
dims, root = sys.argv[1], sys.argv[2]
import os
def run(args, now="2025-12-31T00:00:00Z", n=30):
    times = []
    env = dict(os.environ, DIMS_NOW=now)
    for _ in range(n):
        t = time.perf_counter()
        r = subprocess.run([dims, *args, "--root", root], capture_output=True, env=env)
        times.append((time.perf_counter() - t) * 1000)
        if r.returncode != 0:
            sys.exit(f"dims {' '.join(args)} failed: {r.stderr.decode()}")
    return statistics.median(times)
print(f"dims diff --since (whole process, 60 metrics): {run(['diff', '--since', '2024-06-15']):.1f} ms median (target < 30)")
history = run(['history', 'category0.metric0', '--days', '30'], now='2024-07-01T00:00:00Z')
print(f"dims history --days 30 (whole process): {history:.1f} ms median (target < 30)")
PY

rm -rf "$WORK/single" && mkdir "$WORK/single"
printf "one durable single-event append: %s ms mean\n" "$("$BENCH" append-single "$WORK/single" 200 | field mean_ms)"
