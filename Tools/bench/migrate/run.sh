#!/usr/bin/env bash
# Times the migrated verify against the original commands, side by side in one run, on the fixture of
# make_fixture.py (66 shell-command metrics over a generated tree and a moto bucket on 127.0.0.1).
#
# Usage: Tools/bench/migrate/run.sh [OUT_DIR]   (default Tools/bench/out/migrate)
#   DIMS=path/to/dims   the dims binary (default: the release build, .build/release/dims, built when missing)
#   RUNS=N              runs of each side, the best is kept (default 2)
#
# Sides: (1) the original way: each metric's command with `sh -c`, one after another, as the original ran them;
# (2) `dims verify --no-cache` on the original config (dims runs the same commands, 4 at a time);
# (3) `dims verify --no-cache` after `dims config migrate --write` (native sources; unproven ones stay commands).
# Prints each time and the ratios (1)/(3) and (2)/(3), and checks that (1) and (3) give the same values.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
out=${1:-$repo/Tools/bench/out/migrate}
runs=${RUNS:-2}
dims=${DIMS:-$repo/.build/release/dims}
if [ -z "${DIMS:-}" ]; then (cd "$repo" && swift build -c release --product dims >&2); fi
[ -x "$dims" ] || { echo "no dims binary at $dims" >&2; exit 2; }
bucket=nba-sim-raw-data-lake
rm -rf "$out" && mkdir -p "$out/project"

# moto's server stops when its stdin closes: it reads a FIFO this script holds open on fd 3 until it exits.
mkfifo "$out/moto.in"
python3 "$repo/Tests/Fixtures/s3/moto_server.py" "$bucket" 1500 - < "$out/moto.in" > "$out/port" 2>/dev/null &
moto=$!
exec 3> "$out/moto.in"
trap 'exec 3>&-; kill $moto 2>/dev/null || true; wait $moto 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$out/port" ] && break; sleep 0.2; done
export AWS_ENDPOINT_URL_S3="http://127.0.0.1:$(cat "$out/port")" AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret \
    AWS_REGION=us-east-1 AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent \
    DIMS_TRUST=1 DIMS_TRUST_STORE="$out/trust"
metrics=$(python3 "$here/make_fixture.py" "$out/project" "$bucket")
cd "$out/project"

now() { date +%s.%N; }
best() {  # best COMMAND: the shortest wall time of $runs runs, in seconds
    local best=999999 start t
    for _ in $(seq "$runs"); do
        start=$(now); bash -c "$1" >/dev/null 2>&1 || true; t=$(echo "$(now) - $start" | bc -l)
        best=$(echo "if ($t < $best) $t else $best" | bc -l)
    done
    printf '%.2f' "$best"
}

# The original way: every command in turn, its output kept for the comparison below.
cat > "$out/original.py" <<'PY'
import json, subprocess, sys, yaml
config = yaml.safe_load(open("inventory/config.yaml"))
values = {}
for category, entries in config["metrics"].items():
    for name, spec in entries.items():
        done = subprocess.run(["/bin/sh", "-c", spec["command"]], capture_output=True, text=True)
        values[f"{category}.{name}"] = done.stdout.strip()
json.dump(values, open(sys.argv[1], "w"), indent=1, sort_keys=True)
PY
original=$(best "python3 '$out/original.py' '$out/original.json'")
dims_commands=$(best "'$dims' verify --no-cache --json > '$out/dims-commands.json'")
migrate_start=$(now)
"$dims" config migrate --write > "$out/migrate.txt" 2>&1
migrate_time=$(printf '%.2f' "$(echo "$(now) - $migrate_start" | bc -l)")
migrated=$(best "'$dims' verify --no-cache --json > '$out/dims-migrated.json'")

same=$(python3 - "$out/original.json" "$out/dims-migrated.json" <<'PY'
import json, sys
original = json.load(open(sys.argv[1]))
migrated = {m["path"]: m.get("value") for m in json.load(open(sys.argv[2]))["metrics"]}
def same(text, value):
    try:
        return float(text) == float(value)
    except (TypeError, ValueError):
        return text == str(value)
differ = [path for path, text in original.items() if not same(text, migrated.get(path))]
print(f"{len(original) - len(differ)} of {len(original)} metrics give the original's value" + (f"; differ: {differ}" if differ else ""))
PY
)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dims: $dims; best of $runs"
echo "fixture: $metrics shell-command metrics"
echo "proven: $(grep -o '[0-9]* of [0-9]* rewrites proven ([0-9]* %).*' "$out/migrate.txt" || echo 'no summary (see migrate.txt)')"
echo "original commands, one after another: ${original} s"
echo "dims verify, original config:         ${dims_commands} s"
echo "dims config migrate --write (proof):  ${migrate_time} s"
echo "dims verify, migrated config:         ${migrated} s"
echo "ratio original/migrated: $(echo "scale=1; $original / $migrated" | bc -l)x; dims-on-commands/migrated: $(echo "scale=1; $dims_commands / $migrated" | bc -l)x"
echo "$same"
echo "left as commands, with the reason:"
grep -E '^note: [^:]+: (kept|unproven)' "$out/migrate.txt" | sed 's/^note: /  /' || true
