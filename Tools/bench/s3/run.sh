#!/usr/bin/env bash
# S3 benchmark: 20 S3 metrics measured by dims from one pass, against one `aws s3 ls --recursive --summarize`
# and against the original way (one CLI or boto3 listing per metric), side by side on the same moto server.
#
# usage: Tools/bench/s3/run.sh [OBJECTS]          (default 100000)
# env:   DIMS          the dims binary (default .build/release/dims)
#        DIMS_ARGS     how to run it in the bench project (default: "verify"); it runs with the project as its
#                      working directory, so `inventory/config.yaml` there holds the 20 metrics of metrics.psv
#        ORIGINAL_RUNS how many of the 20 original listings to time (default 20); fewer are extrapolated, and say so
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
objects=${1:-100000}
dims=${DIMS:-$repo/.build/release/dims}
dims_args=${DIMS_ARGS:-verify}
original_runs=${ORIGINAL_RUNS:-20}
bucket=bench-lake
work=$(mktemp -d)
trap 'exec 3>&-; [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

echo "Seeding $objects objects into moto..."
mkfifo "$work/server.in"
python3 "$repo/Tests/Fixtures/s3/moto_server.py" "$bucket" "$objects" - <"$work/server.in" >"$work/port" &
server=$!
exec 3>"$work/server.in"
while [ ! -s "$work/port" ]; do sleep 0.2; done
port=$(cat "$work/port")
export AWS_ENDPOINT_URL_S3=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret
export AWS_DEFAULT_REGION=us-east-1 HOME=$work

seconds() { local start=$1; python3 -c "import time; print(f'{time.time() - $start:.1f}')"; }
now() { python3 -c "import time; print(time.time())"; }

# The bench project: 20 S3 metrics in inventory/config.yaml.
mkdir -p "$work/project/inventory"
"$here/config.sh" "$bucket" >"$work/project/inventory/config.yaml"

echo
echo "== aws s3 ls s3://$bucket --recursive --summarize"
start=$(now)
aws s3 ls "s3://$bucket" --recursive --summarize | tail -2
aws_seconds=$(seconds "$start")
echo "time: ${aws_seconds}s"

echo
echo "== dims ($dims $dims_args), 20 S3 metrics"
if [ -x "$dims" ]; then
  start=$(now)
  (cd "$work/project" && /usr/bin/time -f "peak RSS: %M KB" "$dims" $dims_args) 2>&1 | tail -25
  dims_seconds=$(seconds "$start")
  echo "time: ${dims_seconds}s"
else
  dims_seconds=""
  echo "skipped: no dims binary at '$dims' (build it with: swift build -c release)"
fi

echo
echo "== the original way: one listing per metric ($original_runs of 20 timed)"
start=$(now)
count=0
while IFS='|' read -r name prefix suffix measure extra kind <&4; do
  [ "$count" -ge "$original_runs" ] && break
  case $kind in
    cli-count) value=$(aws s3 ls "s3://$bucket/$prefix" --recursive 2>/dev/null | wc -l | tr -d ' ') ;;
    cli-grep) value=$(aws s3 ls "s3://$bucket/$prefix" --recursive 2>/dev/null | grep -c "$suffix" || echo 0) ;;
    *) value=$(python3 "$here/original_metric.py" "$bucket" "$prefix" "$suffix" "$measure" "$extra" 2>/dev/null || echo 0) ;;
  esac
  echo "  $name: $value"
  count=$((count + 1))
done 4< <(grep -v '^#' "$here/metrics.psv")
original_seconds=$(seconds "$start")
if [ "$count" -lt 20 ]; then
  original_seconds=$(python3 -c "print(f'{$original_seconds * 20 / $count:.1f}')")
  echo "time: ${original_seconds}s (extrapolated from $count listings)"
else
  echo "time: ${original_seconds}s"
fi

echo
echo "== summary ($objects objects, 20 S3 metrics)"
echo "aws s3 ls --recursive --summarize: ${aws_seconds}s"
echo "original way (one listing per metric): ${original_seconds}s"
if [ -n "$dims_seconds" ]; then
  echo "dims: ${dims_seconds}s ($(python3 -c "print(f'{$original_seconds / $dims_seconds:.1f}')")x faster than the original way)"
fi
