#!/usr/bin/env bash
# What breakdowns cost, side by side in one run, with breakdowns (the default) and without
# (`features: {breakdowns: false}`), the two variants run alternately:
#   s3:    `dims verify --no-cache` of the 20 S3 metrics of Tools/bench/s3 on one moto bucket of OBJECTS objects, RUNS
#          times each against the same server;
#   files: `dims verify --no-cache` of the 30 metrics of Tools/bench/probes (original-config.yaml after
#          `dims config migrate --write`) on its tree of 100,000 files in 5,000 folders, FILE_RUNS times each.
# Prints each run's wall time and the CPU time of the dims process itself (user + system: moto's time is not in
# it), their medians, and the ratios.
#
# With INSTRUCTIONS=1, each variant runs once under valgrind's callgrind instead, which counts the instructions dims
# executes (all threads): unlike times, the counts repeat on a machine shared with builds. BEFORE names a second dims
# binary (an earlier build) counted the same way, for a before-and-after.
#
# usage: Tools/bench/breakdown/run.sh [OBJECTS] [RUNS] [WHAT]      (default 100000 3 both; WHAT: s3, files or both)
# env:   DIMS       the dims binary (default .build/release/dims)
#        INSTRUCTIONS, BEFORE   see above
#        FILE_RUNS  runs of each variant over the tree (default 15: a run takes a fraction of a second)
#        TREE       an existing tree from Tools/bench/probes/gen-tree.sh to reuse (default: generated in a temp folder)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
objects=${1:-100000}
runs=${2:-3}
what=${3:-both}
file_runs=${FILE_RUNS:-15}
dims=${DIMS:-$repo/.build/release/dims}
bucket=bench-lake
work=$(mktemp -d)
trap 'exec 3>&-; [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

# time_run LABEL DIR: runs `dims verify --no-cache` in DIR and appends "LABEL WALL CPU" to the results. The CPU time is
# the child's rusage from wait4, to the microsecond (`/usr/bin/time` rounds it to 10 ms, a few per cent of a run here).
time_run() {
  (cd "$2" && python3 -c '
import os, subprocess, sys, time
start = time.monotonic()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, _, usage = os.wait4(child.pid, 0)
print(f"{time.monotonic() - start:.3f} {usage.ru_utime + usage.ru_stime:.4f}")
' "$dims" verify --no-cache >"$work/time") || true
  read -r wall cpu <"$work/time"
  echo "$1 $wall $cpu" | tee -a "$work/results"
}

if [ "$what" != files ]; then
  echo "Seeding $objects objects into moto..."
  mkfifo "$work/server.in"
  python3 "$repo/Tests/Fixtures/s3/moto_server.py" "$bucket" "$objects" - <"$work/server.in" >"$work/port" &
  server=$!
  exec 3>"$work/server.in"
  while [ ! -s "$work/port" ]; do sleep 0.2; done
  export AWS_ENDPOINT_URL_S3=http://127.0.0.1:$(cat "$work/port") AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret
  export AWS_DEFAULT_REGION=us-east-1
fi
export HOME=$work DIMS_TRUST=1

if [ "$what" != s3 ]; then
  tree=${TREE:-$work/tree}
  if [ ! -d "$tree/scripts" ]; then
    echo "Generating 100,000 files in 5,000 folders..."
    "$repo/Tools/bench/probes/gen-tree.sh" "$tree" >/dev/null
  fi
  mkdir -p "$tree/inventory"
  cp "$repo/Tools/bench/probes/original-config.yaml" "$tree/inventory/config.yaml"
  (cd "$tree" && "$dims" config migrate --write >/dev/null 2>&1) || true
  migrated=$(grep -c 'source:' "$tree/inventory/config.yaml" || true)
  echo "The tree's config: $migrated of 30 metrics native after 'dims config migrate --write'"
  sed '1a cache: {enabled: false}' "$tree/inventory/config.yaml" >"$work/files-with.yaml"
  sed '1a cache: {enabled: false}\nfeatures: {breakdowns: false}' "$tree/inventory/config.yaml" >"$work/files-without.yaml"
fi

if [ "$what" != files ]; then
  for variant in with without; do
    mkdir -p "$work/$variant/inventory"
    extra=("cache: {enabled: false}")
    [ "$variant" = without ] && extra+=("features: {breakdowns: false}")
    "$repo/Tools/bench/s3/config.sh" "$bucket" "${extra[@]}" >"$work/$variant/inventory/config.yaml"
  done
fi

# instructions LABEL DIMS DIR: runs `dims verify --no-cache` in DIR under callgrind (on a copy of DIMS without debug
# information, which valgrind cannot read) and appends "LABEL INSTRUCTIONS" to the results.
instructions() {
  strip -g -o "$work/dims-stripped" "$2"
  (cd "$3" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/dims-stripped" verify --no-cache >/dev/null 2>"$work/callgrind.log") || true
  echo "$1 $(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/callgrind.log")" | tee -a "$work/counts"
}

if [ "${INSTRUCTIONS:-0}" = 1 ]; then
  echo "uptime: $(uptime)"
  for binary in "$dims" ${BEFORE:+"$BEFORE"}; do
    name=$([ "$binary" = "$dims" ] && echo dims || echo before)
    if [ "$what" != files ]; then
      for variant in with without; do instructions "$name-s3-$variant" "$binary" "$work/$variant"; done
    fi
    if [ "$what" != s3 ]; then
      for variant in with without; do
        cp "$work/files-$variant.yaml" "$tree/inventory/config.yaml"
        instructions "$name-files-$variant" "$binary" "$tree"
      done
    fi
  done
  echo "uptime: $(uptime)"
  python3 - "$work/counts" <<'PY'
import sys
counts = {label: int(count) for label, count in (line.split() for line in open(sys.argv[1]))}
for name in ("dims", "before"):
    for source in ("s3", "files"):
        with_, without = counts.get(f"{name}-{source}-with"), counts.get(f"{name}-{source}-without")
        if with_ and without:
            print(f"{name} {source}: instructions with {with_:,}, without {without:,}, added {with_ - without:,} ({with_ / without - 1:+.2%})")
PY
  exit 0
fi

echo "uptime: $(uptime)"
if [ "$what" != files ]; then
  for run in $(seq "$runs"); do
    for variant in with without; do time_run "s3-$variant" "$work/$variant"; done
  done
fi
if [ "$what" != s3 ]; then
  cp "$work/files-with.yaml" "$tree/inventory/config.yaml"
  time_run warm-up "$tree" >/dev/null
  for run in $(seq "$file_runs"); do
    for variant in with without; do
      cp "$work/files-$variant.yaml" "$tree/inventory/config.yaml"
      time_run "files-$variant" "$tree"
    done
  done
fi
echo "uptime: $(uptime)"

python3 - "$work/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for source in ("s3", "files"):
    def median(variant, column):
        values = [float(r[column]) for r in rows if r[0] == f"{source}-{variant}"]
        return statistics.median(values) if values else None
    if median("with", 1) is None: continue
    wall_with, wall_without = median("with", 1), median("without", 1)
    cpu_with, cpu_without = median("with", 2), median("without", 2)
    print(f"{source}: median wall: with {wall_with:.3f} s, without {wall_without:.3f} s, ratio {wall_with / wall_without:.3f}")
    print(f"{source}: median dims CPU (user+sys): with {cpu_with:.3f} s, without {cpu_without:.3f} s, ratio {cpu_with / cpu_without:.3f}")
PY
