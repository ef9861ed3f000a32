#!/usr/bin/env bash
# What breakdowns by prefix cost: `dims verify --no-cache` of the 20 S3 metrics of Tools/bench/s3 on one moto
# bucket of OBJECTS objects, with breakdowns (the default) and without (`features: {breakdowns: false}`), run
# alternately RUNS times each against the same server. Prints each run's wall time and the CPU time of the dims
# process itself (user + system: the server's time is not in it), their medians, and the ratios.
#
# usage: Tools/bench/breakdown/run.sh [OBJECTS] [RUNS]      (default 100000 3)
# env:   DIMS  the dims binary (default .build/release/dims)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
objects=${1:-100000}
runs=${2:-3}
dims=${DIMS:-$repo/.build/release/dims}
bucket=bench-lake
work=$(mktemp -d)
trap 'exec 3>&-; [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

echo "Seeding $objects objects into moto..."
mkfifo "$work/server.in"
python3 "$repo/Tests/Fixtures/s3/moto_server.py" "$bucket" "$objects" - <"$work/server.in" >"$work/port" &
server=$!
exec 3>"$work/server.in"
while [ ! -s "$work/port" ]; do sleep 0.2; done
export AWS_ENDPOINT_URL_S3=http://127.0.0.1:$(cat "$work/port") AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret
export AWS_DEFAULT_REGION=us-east-1 HOME=$work DIMS_TRUST=1

for variant in with without; do
  mkdir -p "$work/$variant/inventory"
  extra=("cache: {enabled: false}")
  [ "$variant" = without ] && extra+=("features: {breakdowns: false}")
  "$repo/Tools/bench/s3/config.sh" "$bucket" "${extra[@]}" >"$work/$variant/inventory/config.yaml"
done

echo "uptime: $(uptime)"
for run in $(seq "$runs"); do
  for variant in with without; do
    (cd "$work/$variant" && /usr/bin/time -f "%e %U %S" -o "$work/time" "$dims" verify --no-cache >/dev/null 2>&1) || true
    read -r wall user system <"$work/time"
    echo "$variant $wall $(python3 -c "print(f'{$user + $system:.2f}')")" | tee -a "$work/results"
  done
done

python3 - "$work/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def median(variant, column): return statistics.median(float(r[column]) for r in rows if r[0] == variant)
wall_with, wall_without = median("with", 1), median("without", 1)
cpu_with, cpu_without = median("with", 2), median("without", 2)
print(f"median wall: with {wall_with:.2f} s, without {wall_without:.2f} s, ratio {wall_with / wall_without:.3f}")
print(f"median dims CPU (user+sys): with {cpu_with:.2f} s, without {cpu_without:.2f} s, ratio {cpu_with / cpu_without:.3f}")
PY
