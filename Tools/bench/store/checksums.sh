#!/usr/bin/env bash
# The cost of the projection checksums on the event-log benchmarks, side by side in one run: dims-bench built
# from this tree, and from the same tree with the checksums turned off (ProjectionRecord.seal/open made
# identities in a copy). Prints each figure and the ratio with/without.
#
#   Tools/bench/store/checksums.sh [EVENTS]      (default 1000000)
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

echo "== projection checksums, $EVENTS events, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
for round in 1 2; do
  for variant in without with; do
    bench=$WITHOUT; [ $variant = with ] && bench=$WITH
    dir="$WORK/$variant-$round"; mkdir -p "$dir"
    a=$("$bench" append "$dir" "$EVENTS" 1000 | field events_per_s)
    r=$("$bench" replay "$dir" | field events_per_s)
    q=$("$bench" asof "$dir" 300 | field ms_per_query)
    h=$("$bench" history "$dir" 300 30 | field ms_per_query)
    eval "${variant}_append_$round=$a ${variant}_replay_$round=$r ${variant}_asof_$round=$q ${variant}_history_$round=$h"
    rm -rf "$dir"
  done
done
best() { python3 -c "print(max($1, $2))"; }
least() { python3 -c "print(min($1, $2))"; }
wa=$(best "$with_append_1" "$with_append_2"); oa=$(best "$without_append_1" "$without_append_2")
wr=$(best "$with_replay_1" "$with_replay_2"); or=$(best "$without_replay_1" "$without_replay_2")
wq=$(least "$with_asof_1" "$with_asof_2"); oq=$(least "$without_asof_1" "$without_asof_2")
wh=$(least "$with_history_1" "$with_history_2"); oh=$(least "$without_history_1" "$without_history_2")
printf "append, durable batches of 1000: without %.0f ev/s, with %.0f ev/s, with/without %s (goal >= 0.95)\n" "$oa" "$wa" "$(ratio "$wa" "$oa")"
printf "replay into every projection:   without %.0f ev/s, with %.0f ev/s, with/without %s (goal >= 0.95)\n" "$or" "$wr" "$(ratio "$wr" "$or")"
printf "state of 60 metrics as of T:     without %.3f ms, with %.3f ms, with/without %s (goal <= 1.05)\n" "$oq" "$wq" "$(ratio "$wq" "$oq")"
printf "one metric's 30-day history:     without %.3f ms, with %.3f ms, with/without %s (goal <= 1.05)\n" "$oh" "$wh" "$(ratio "$wh" "$oh")"
dir="$WORK/open"; mkdir -p "$dir"; "$WITH" append "$dir" "$EVENTS" 1000 > /dev/null
printf "opening the %s-event store, with the page structure checks: %s\n" "$EVENTS" "$("$WITH" open "$dir")"
