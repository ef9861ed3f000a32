#!/usr/bin/env bash
# Prints the bench project's inventory/config.yaml: the 20 S3 metrics of metrics.psv over BUCKET, after the lines
# given as further arguments (e.g. "features: {breakdowns: false}").
# usage: Tools/bench/s3/config.sh BUCKET [LINE...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bucket=$1
shift
echo 'version: "1.0.0"'
for line in "$@"; do echo "$line"; done
echo 'metrics:'
echo '  s3_storage:'
grep -v '^#' "$here/metrics.psv" | while IFS='|' read -r name prefix suffix measure extra kind; do
  line="source: s3, bucket: $bucket, measure: $measure"
  [ -n "$prefix" ] && line="$line, prefix: '$prefix'"
  [ -n "$suffix" ] && line="$line, suffix: '$suffix'"
  IFS=';' read -ra pairs <<<"$extra"
  for pair in "${pairs[@]}"; do
    [ -n "$pair" ] || continue
    value=${pair#*=}
    # Numbers stay numbers (precision: 2); text is quoted (date_pattern: '%Y%m%d').
    if [[ $value =~ ^[0-9]+$ ]]; then line="$line, ${pair%%=*}: $value"; else line="$line, ${pair%%=*}: '$value'"; fi
  done
  echo "    $name: {$line}"
done
