#!/usr/bin/env bash
# Load test of `dims serve`: wrk against /api/overview and /metrics on a log of 1,000,000 events while
# `dims update` appends in a loop, beside the same writers with no load (how long a writer waits).
#
# Usage: Tools/bench/serve/run.sh [SECONDS] [CONNECTIONS]   (default 20 s per endpoint, 16 connections, 2 threads)
#   DIMS=path/to/dims, DIMS_BENCH=path/to/dims-bench   binaries (default: `swift build -c release` of both)
#   OUT=dir                                            where the project goes (default Tools/bench/out/serve)
#   EVENTS=N                                           events in the log (default 1000000)
#
# The project has 60 command metrics (`cat values/N.txt`) named like the events dims-bench generates
# (category{i%6}.metric{i}), so the log's 1,000,000 events are theirs. Prints requests/s, latency percentiles and
# failed requests per endpoint (wrk --latency), and two writers' times alone and under load: `dims update` (wall
# time) and `dims-bench commits` (each append of 60 readings timed from asking for the write transaction to its
# durable commit, so a wait for the writer lock is inside it: readers never take that lock, only another writer,
# here `dims update`, so under load the longest append is bounded by one write transaction of the update plus its own).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
seconds=${1:-20}
connections=${2:-16}
events=${EVENTS:-1000000}
out=${OUT:-$repo/Tools/bench/out/serve}
command -v wrk >/dev/null || { echo "serve bench: needs wrk (apt-get install wrk)" >&2; exit 2; }

if [ -z "${DIMS:-}" ] || [ -z "${DIMS_BENCH:-}" ]; then
    (cd "$repo" && for product in dims dims-serve dims-bench; do swift build -c release --product $product >&2; done)
    DIMS=${DIMS:-$repo/.build/release/dims}
    DIMS_BENCH=${DIMS_BENCH:-$repo/.build/release/dims-bench}
fi

rm -rf "$out" && mkdir -p "$out/project/inventory" "$out/project/values"
project=$out/project
git -C "$project" init -q
{
    echo 'version: "1.0.0"'
    echo 'cache: {enabled: false}'
    echo 'metrics:'
    for category in 0 1 2 3 4 5; do
        echo "  category$category:"
        for metric in $(seq "$category" 6 59); do
            echo "    metric$metric: {command: \"cat values/$metric.txt\", parse_type: integer, description: \"Metric $metric\"}"
            echo $((100000 + metric)) > "$project/values/$metric.txt"
        done
    done
} > "$project/inventory/config.yaml"
export DIMS_TRUST=1 DIMS_TRUST_STORE=$out/trust
echo "serve bench: appending $events events" >&2
"$DIMS_BENCH" append "$project/inventory/.dims" "$events" 10000 60 >&2
"$DIMS" verify --update --quiet --root "$project" >/dev/null || true

updates() {  # updates COUNT FILE: COUNT runs of `dims update`, one wall time in ms per line
    for _ in $(seq "$1"); do
        local start end
        start=$(date +%s%N)
        "$DIMS" update --root "$project" >/dev/null 2>&1 || echo "update failed" >&2
        end=$(date +%s%N)
        echo $(( (end - start) / 1000000 )) >> "$2"
    done
}
summary() {  # summary FILE: count, median and max of the times in FILE
    sort -n "$1" | awk '{a[NR]=$1} END {printf "%d updates, median %d ms, max %d ms", NR, a[int((NR+1)/2)], a[NR]}'
}
commits() {  # commits FILE: count, median, p99 and max of the append times `dims-bench commits` printed to FILE
    awk '/^commit_ms/ {print $2}' "$1" | sort -n | awk '{a[NR]=$1} END {i = int(NR * 0.99); if (i < 1) i = 1; printf "%d appends, median %.2f ms, p99 %.2f ms, max %.2f ms", NR, a[int((NR+1)/2)], a[i], a[NR]}'
}

updates 10 "$out/alone.txt"
"$DIMS_BENCH" commits "$project/inventory/.dims" 200 50 > "$out/commits-alone.txt"

"$DIMS" serve --root "$project" --port 0 > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; [ -n "${writer:-}" ] && kill $writer 2>/dev/null || true; [ -n "${appender:-}" ] && kill $appender 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'http://' "$out/serve.log" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$out/serve.log" | head -1 | cut -d: -f2)
[ -n "$port" ] || { echo "serve bench: dims serve did not start: $(cat "$out/serve.log")" >&2; exit 1; }

( while true; do updates 1 "$out/loaded.txt"; done ) &
writer=$!
"$DIMS_BENCH" commits "$project/inventory/.dims" 1000000 50 > "$out/commits-loaded.txt" &
appender=$!
echo "# dims serve under load: $events events, $connections connections, ${seconds}s per endpoint, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for path in /api/overview /metrics; do
    curl -sf "http://127.0.0.1:$port$path" > /dev/null || { echo "serve bench: $path failed before the run" >&2; exit 1; }
    wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path" > "$out/wrk$(echo $path | tr / _).txt"
    result=$out/wrk$(echo $path | tr / _).txt
    rps=$(awk '/Requests\/sec/ {print $2}' "$result")
    p50=$(awk '$1 == "50%" {print $2}' "$result")
    p99=$(awk '$1 == "99%" {print $2}' "$result")
    total=$(awk '/requests in/ {print $1}' "$result")
    errors=$(awk '/Non-2xx/ {s += $NF} /Socket errors/ {gsub(",", ""); s += $4 + $6 + $8 + $10} END {print s + 0}' "$result")
    echo "- GET $path: $rps requests/s, p50 $p50, p99 $p99, $total requests, $errors failed"
done
kill $writer $appender 2>/dev/null || true; wait $writer $appender 2>/dev/null || true; writer=; appender=
echo "- dims update alone: $(summary "$out/alone.txt")"
echo "- dims update under load: $(summary "$out/loaded.txt")"
echo "- append of 60 readings alone: $(commits "$out/commits-alone.txt")"
echo "- append of 60 readings under load (with the update loop): $(commits "$out/commits-loaded.txt")"
echo "- server: $(grep -E 'VmHWM' /proc/$server/status 2>/dev/null | tr -s ' ' || echo 'gone')"
echo "- log: $("$DIMS" log stats --root "$project" | head -2 | tail -1)"
