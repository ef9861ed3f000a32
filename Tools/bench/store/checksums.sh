#!/usr/bin/env bash
# The cost of the projection checksums on the event-log benchmarks, side by side in one run: dims-bench built
# from this tree, and from the same tree with the checksums turned off (ProjectionRecord.seal/open made
# identities in a copy). Prints each figure and the ratio with/without.
#
#   Tools/bench/store/checksums.sh [EVENTS]      (default 1000000; ROUNDS=N interleaved rounds, default 5, medians)
set -euo pipefail
cd "$(dirname "$0")/../../.."
EVENTS=${1:-1000000}
WORK=$(mktemp -d /tmp/dims-bench-crc.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The copy without checksums.
mkdir -p "$WORK/plain"
git ls-files -z | xargs -0 -I{} cp --parents {} "$WORK/plain/"
python3 - "$WORK/plain/Sources/DIMSStore/ProjectionRecord.swift" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("    static func seal(_ body: [UInt8], key: [UInt8]) -> [UInt8] {", "    static func seal(_ body: [UInt8], key: [UInt8]) -> [UInt8] {\n        if true { return body }", 1)
s = s.replace("    static func open(_ record: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {", "    static func open(_ record: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {\n        if true { return record }", 1)
open(p, "w").write(s)
PY
swift build -c release --product dims-bench --scratch-path .build-release >&2
(cd "$WORK/plain" && swift build -c release --product dims-bench --scratch-path "$WORK/plain/.build" >&2)
WITH=.build-release/release/dims-bench
WITHOUT=$WORK/plain/.build/release/dims-bench

field() { sed -n "s/.*$1=\([0-9.e+-]*\).*/\1/p"; }
ratio() { python3 -c "print(f'{$1/$2:.3f}')"; }

ROUNDS=${ROUNDS:-5}
echo "== projection checksums, $EVENTS events, $ROUNDS interleaved rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
results=$WORK/results
for round in $(seq "$ROUNDS"); do
  # Alternate which variant goes first, so a change of load hits both alike.
  order="without with"; [ $((round % 2)) = 0 ] && order="with without"
  for variant in $order; do
    bench=$WITHOUT; [ $variant = with ] && bench=$WITH
    dir="$WORK/$variant-$round"; mkdir -p "$dir"
    a=$("$bench" append "$dir" "$EVENTS" 1000 | field events_per_s)
    r=$("$bench" replay "$dir" | field events_per_s)
    q=$("$bench" asof "$dir" 300 | field ms_per_query)
    h=$("$bench" history "$dir" 300 30 | field ms_per_query)
    echo "$variant $a $r $q $h $(cut -d' ' -f1 /proc/loadavg)" >> "$results"
    rm -rf "$dir"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def median(variant, column):
    return statistics.median(float(r[column]) for r in rows if r[0] == variant)
loads = [float(r[5]) for r in rows]
print(f"load average during the rounds: {min(loads):.1f}-{max(loads):.1f}")
for column, label, unit, goal, higher in [(1, "append, durable batches of 1000", "ev/s", 0.95, True), (2, "replay into every projection", "ev/s", 0.95, True),
                                          (3, "state of 60 metrics as of T", "ms", 1.05, False), (4, "one metric's 30-day history", "ms", 1.05, False)]:
    without, with_ = median("without", column), median("with", column)
    every = lambda v: ", ".join(r[column] for r in rows if r[0] == v)
    print(f"{label}: median without {without:g} {unit}, with {with_:g} {unit}, with/without {with_ / without:.3f} "
          f"(goal {'>=' if higher else '<='} {goal}); without [{every('without')}], with [{every('with')}]")
PY
dir="$WORK/open"; mkdir -p "$dir"; "$WITH" append "$dir" "$EVENTS" 1000 > /dev/null
printf "opening the %s-event store, with the page structure checks: %s\n" "$EVENTS" "$("$WITH" open "$dir")"
