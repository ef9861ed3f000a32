#!/usr/bin/env bash
# The cost of the projection and meta checksums on the event-log benchmarks, side by side in one run: dims-bench
# built from this tree, and from the same tree with the checksums turned off (ProjectionRecord.seal/open made
# identities in a copy). Prints each figure and the ratio with/without.
#
#   Tools/bench/store/checksums.sh [EVENTS]           wall time (default 1000000; ROUNDS=N interleaved rounds, default 5, medians)
#   INSTRUCTIONS=1 Tools/bench/store/checksums.sh [EVENTS]
#                                                     instructions counted by callgrind in the benchmarked calls alone
#                                                     (default 20000 events): repeatable on a loaded machine
set -euo pipefail
cd "$(dirname "$0")/../../.."
INSTRUCTIONS=${INSTRUCTIONS:-0}
EVENTS=${1:-$([ "$INSTRUCTIONS" = 1 ] && echo 20000 || echo 1000000)}
WORK=$(mktemp -d /tmp/dims-bench-crc.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The copy without checksums, in .build-unsealed (kept, so that a second run builds only what changed). The schema
# record is then stored without its checksum too, which the copy accepts.
PLAIN=$PWD/.build-unsealed/tree
git ls-files -z | python3 -c '
import os, shutil, sys
plain = sys.argv[1]
def patched(path, text):
    if path == "Sources/DIMSStore/ProjectionRecord.swift":
        for head, identity in [("    static func seal(_ body: consuming [UInt8], key: [UInt8]) -> [UInt8] {", "if true { return body }"),
                               ("    static func open(_ record: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, _ checksum: RecordChecksum) -> UnsafeRawBufferPointer? {", "if true { return record }")]:
            assert head in text, head
            text = text.replace(head, head + "\n        " + identity, 1)
    if path == "Sources/DIMSStore/MetaRecord.swift":
        assert "version <= 2 { return version }" in text
        text = text.replace("version <= 2 { return version }", "version <= Layout.schemaVersion { return version }", 1)
    return text
for path in sys.stdin.read().split("\0"):
    if not path or not os.path.isfile(path): continue
    data = open(path, "rb").read()
    if path.endswith(".swift"): data = patched(path, data.decode()).encode()
    target = os.path.join(plain, path)
    # Only changed files are written, so that a second run builds only what changed.
    if os.path.exists(target) and open(target, "rb").read() == data: continue
    os.makedirs(os.path.dirname(target), exist_ok=True)
    open(target, "wb").write(data)
' "$PLAIN"
# The same dependency versions as this tree (Package.resolved is not in git).
[ -f Package.resolved ] && cmp -s Package.resolved "$PLAIN/Package.resolved" || cp Package.resolved "$PLAIN/" 2>/dev/null || true
swift build -c release --product dims-bench --scratch-path .build-release >&2
(cd "$PLAIN" && swift build -c release --product dims-bench --scratch-path "$PLAIN/../build" >&2)
WITH=.build-release/release/dims-bench
WITHOUT=$PLAIN/../build/release/dims-bench

if [ "$INSTRUCTIONS" = 1 ]; then
  # Instructions of the benchmarked call alone (callgrind's collection toggled on inside it): setup, the store's
  # open and the generation of events are left out. Each figure is per event (append, replay) or per query.
  count() { # BENCH SYMBOL ARGS...: the instructions callgrind counts inside SYMBOL (its mangled name)
    local bench=$1 symbol=$2; shift 2
    valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" --collect-atstart=no --toggle-collect="$symbol" "$bench" "$@" > /dev/null 2> "$WORK/cg.err"
    local n; n=$(callgrind_annotate "$WORK/cg.out" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
    if [ -z "$n" ] || [ "$n" = 0 ]; then echo "ERROR: callgrind counted nothing in $symbol ($*): $(tail -3 "$WORK/cg.err")" >&2; exit 1; fi
    echo "$n"
  }
  APPEND='$s9DIMSStore8EventLogC6appendySay8DIMSCore06LoggedB0VGAhA10StoreErrorVYKF'
  REPLAY='$s9DIMSStore8EventLogC6replay8archivesSi6events_Si7skippedtSSSg_tAA10StoreErrorVYKF'
  ASOF='$s9DIMSStore8EventLogC6states4asOfSDy8DIMSCore10MetricPathVAF07StateAsF0VGAF9TimestampV_tKF'
  SERIES='$s9DIMSStore8EventLogC6series2of4from2toSay8DIMSCore5PointVGAH10MetricPathV_AH9TimestampVAOtKF'
  echo "== projection checksums, instructions (callgrind), $EVENTS events, $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  for variant in without with; do
    bench=$WITHOUT; [ $variant = with ] && bench=$WITH
    dir="$WORK/$variant"; mkdir -p "$dir"
    a=$(count "$bench" "$APPEND" append "$dir" "$EVENTS" 1000)
    r=$(count "$bench" "$REPLAY" replay "$dir")
    q=$(count "$bench" "$ASOF" asof "$dir" 300)
    h=$(count "$bench" "$SERIES" history "$dir" 300 30)
    echo "$variant $a $r $q $h" >> "$WORK/results"
  done
  python3 - "$WORK/results" "$EVENTS" <<'PY'
import sys
rows = {line.split()[0]: [int(x) for x in line.split()[1:]] for line in open(sys.argv[1])}
events = int(sys.argv[2])
for i, (label, per) in enumerate([("append, batches of 1000", events), ("replay into every projection", events),
                                  ("state of 60 metrics as of T", 300), ("one metric's 30-day history", 300)]):
    without, with_ = rows["without"][i], rows["with"][i]
    print(f"{label}: without {without / per:,.0f}, with {with_ / per:,.0f} instructions per {'event' if per == events else 'query'}, "
          f"with/without {with_ / without:.4f} (+{with_ - without:,} instructions in all, {100 * (with_ / without - 1):+.2f} %)")
PY
  exit 0
fi

field() { sed -n "s/.*$1=\([0-9.e+-]*\).*/\1/p"; }

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
