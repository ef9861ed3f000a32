#!/usr/bin/env bash
# The event-log benchmarks of two versions side by side in one run: dims-bench built from this tree and from the
# commit REV (default main), each figure run twice per version, best kept. Prints each figure and the ratio
# this/REV, so a change to the store's internals shows whether it moved them. Timings move with the machine's load;
# the instructions each version executes (valgrind's callgrind, on a store of EVENTS/10 events) do not, so they are
# printed too.
#
#   Tools/bench/store/compare.sh [REV] [EVENTS]      (defaults: main, 1000000)
set -euo pipefail
cd "$(dirname "$0")/../../.."
REV=${1:-main}
EVENTS=${2:-1000000}
WORK=$(mktemp -d /tmp/dims-bench-compare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/base"
git archive "$REV" | tar -x -C "$WORK/base"
swift build -c release --product dims-bench --scratch-path .build-release >&2
# The base's build folder is kept (.build-bench-base), so that a second run against the same REV builds little.
(cd "$WORK/base" && swift build -c release --product dims-bench --scratch-path "$OLDPWD/.build-bench-base" >&2)
THIS=.build-release/release/dims-bench
BASE=.build-bench-base/release/dims-bench

field() { sed -n "s/.*$1=\([0-9.e+-]*\).*/\1/p"; }
ratio() { python3 -c "print(f'{$1/$2:.3f}')"; }
best() { python3 -c "print(max($1, $2))"; }
least() { python3 -c "print(min($1, $2))"; }

echo "== event log, this tree against $REV ($(git rev-parse --short "$REV")), $EVENTS events, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
for round in 1 2; do
  for variant in base this; do
    bench=$BASE; [ $variant = this ] && bench=$THIS
    dir="$WORK/$variant-$round"; mkdir -p "$dir"
    a=$("$bench" append "$dir" "$EVENTS" 1000 | field events_per_s)
    s=$("$bench" scan "$dir" | field events_per_s)
    r=$("$bench" replay "$dir" | field events_per_s)
    q=$("$bench" asof "$dir" 300 | field ms_per_query)
    h=$("$bench" history "$dir" 300 30 | field ms_per_query)
    eval "${variant}_append_$round=$a ${variant}_scan_$round=$s ${variant}_replay_$round=$r ${variant}_asof_$round=$q ${variant}_history_$round=$h"
    rm -rf "$dir"
  done
done
ta=$(best "$this_append_1" "$this_append_2"); ba=$(best "$base_append_1" "$base_append_2")
ts=$(best "$this_scan_1" "$this_scan_2"); bs=$(best "$base_scan_1" "$base_scan_2")
tr=$(best "$this_replay_1" "$this_replay_2"); br=$(best "$base_replay_1" "$base_replay_2")
tq=$(least "$this_asof_1" "$this_asof_2"); bq=$(least "$base_asof_1" "$base_asof_2")
th=$(least "$this_history_1" "$this_history_2"); bh=$(least "$base_history_1" "$base_history_2")
printf "append, durable batches of 1000: %s %.0f ev/s, this %.0f ev/s, this/%s %s\n" "$REV" "$ba" "$ta" "$REV" "$(ratio "$ta" "$ba")"
printf "full scan, decoding every event: %s %.0f ev/s, this %.0f ev/s, this/%s %s\n" "$REV" "$bs" "$ts" "$REV" "$(ratio "$ts" "$bs")"
printf "replay into every projection:    %s %.0f ev/s, this %.0f ev/s, this/%s %s\n" "$REV" "$br" "$tr" "$REV" "$(ratio "$tr" "$br")"
printf "state of 60 metrics as of T:     %s %.3f ms, this %.3f ms, this/%s %s\n" "$REV" "$bq" "$tq" "$REV" "$(ratio "$tq" "$bq")"
printf "one metric's 30-day history:     %s %.3f ms, this %.3f ms, this/%s %s\n" "$REV" "$bh" "$th" "$REV" "$(ratio "$th" "$bh")"

# Instructions executed, the same work on the same store for both (callgrind counts them exactly).
SMALL=$((EVENTS / 10))
mkdir -p "$WORK/small"
"$THIS" append "$WORK/small" "$SMALL" 1000 > /dev/null
# valgrind cannot read the debug information of a Swift release build: it counts copies without it.
strip -g -o "$WORK/this-bench" "$THIS" && strip -g -o "$WORK/base-bench" "$BASE"
THIS=$WORK/this-bench BASE=$WORK/base-bench
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
echo "== instructions, $SMALL events"
for figure in "scan" "replay" "asof 100" "history 100 30"; do
  # shellcheck disable=SC2086
  set -- $figure
  name=$1; shift
  b=$(count "$BASE" "$name" "$WORK/small" "$@"); t=$(count "$THIS" "$name" "$WORK/small" "$@")
  printf "%-8s %s %s instructions, this %s, this/%s %s\n" "$name" "$REV" "$b" "$t" "$REV" "$(ratio "$t" "$b")"
done
mkdir -p "$WORK/append-base" "$WORK/append-this"
b=$(count "$BASE" append "$WORK/append-base" $((SMALL / 10)) 1000); t=$(count "$THIS" append "$WORK/append-this" $((SMALL / 10)) 1000)
printf "%-8s %s %s instructions, this %s, this/%s %s (%s events)\n" "append" "$REV" "$b" "$t" "$REV" "$(ratio "$t" "$b")" $((SMALL / 10))
