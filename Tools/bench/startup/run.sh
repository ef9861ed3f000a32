#!/usr/bin/env bash
# Start-up benchmark: whole dims processes against the original Python tool, side by side in one hyperfine run.
#
# Usage: Tools/bench/startup/run.sh [RUNS]   (default 30 runs of each command, after 3 warm-up runs)
#   DIMS=path/to/dims          the binary to time (default: build one with a plain `swift build -c release`)
#   DIMS_BEFORE=path/to/dims   a second binary timed in the same run (e.g. an older build), for before/after
#   OUT=dir                    where the fixture goes (default Tools/bench/out/startup; regenerated each run)
#   BENCH_FIFO=1               run hyperfine and everything it starts under `chrt -f 10` (root only), so that on a
#                              machine shared with builds the timed processes get a CPU at once (wall ≈ CPU time)
#
# Fixture (make_fixture.py): a git repository of 3,400 files and 1,000 commits with the original's 23 local
# metrics as shell commands (13 lines, 6 files, bytes, grep, age, git log --all --since | grep -i), copied twice:
# `commands` keeps the commands, `migrated` has had `dims config migrate --write`; and `info`, a 600-line config.
# Both dims projects get their baselines from `dims verify --update` first, and the Python tool
# (original_verify.py: PyYAML, one `subprocess.run(shell=True)` per metric) reads the same metrics.yaml.
# Every timed run must exit 0 (no drift). Prints the median, p90 and CPU time of each, and the ratios.
set -euo pipefail

# The fixture's commands are the benchmark's own: trusted for every dims run here (see SECURITY.md).
export DIMS_TRUST=1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
runs=${1:-30}
out=${OUT:-$repo/Tools/bench/out/startup}
command -v hyperfine >/dev/null || { echo "startup: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }

if [ -z "${DIMS:-}" ]; then
    (cd "$repo" && swift build -c release --product dims >&2)
    DIMS=$repo/.build/release/dims
fi

rm -rf "$out" && mkdir -p "$out"
python3 "$here/make_fixture.py" "$out" >&2
cp -a "$out/repo" "$out/migrated"
mv "$out/repo" "$out/commands"
"$DIMS" config migrate --write --root "$out/migrated" >/dev/null
if grep -q 'command:' "$out/migrated/inventory/config.yaml"; then
    echo "startup: config migrate left a command in migrated/inventory/config.yaml" >&2; exit 1
fi
for project in commands migrated; do "$DIMS" verify --update --quiet --root "$out/$project" >/dev/null || true; done
"$DIMS" verify --update --quiet --root "$out/info" >/dev/null
# The same values both ways: the migrated sources must agree with the commands.
python3 - "$out" <<'PY'
import sys, yaml
out = sys.argv[1]
def values(project):
    data = yaml.safe_load(open(f"{out}/{project}/inventory/metrics.yaml"))
    return {(c, n): m["value"] for c, ms in data.items() if c != "metadata" for n, m in ms.items()}
commands, migrated = values("commands"), values("migrated")
if commands != migrated or len(commands) != 23:
    sys.exit(f"startup: migrated metrics measure differently from the commands: {commands} != {migrated}")
PY

binaries=("$DIMS")
[ -n "${DIMS_BEFORE:-}" ] && binaries+=("$DIMS_BEFORE")
cmds=() names=()
for bin in "${binaries[@]}"; do
    tag=$([ "$bin" = "$DIMS" ] && echo "" || echo " (before)")
    names+=("dims --version$tag");                     cmds+=("$bin --version")
    names+=("dims info, 600-line config$tag");         cmds+=("$bin info --root $out/info")
    names+=("dims verify, migrated$tag");              cmds+=("$bin verify --quiet --root $out/migrated")
    names+=("dims verify, commands as they are$tag");  cmds+=("$bin verify --quiet --root $out/commands")
done
names+=("original Python tool, verify")
cmds+=("python3 $here/original_verify.py --root $out/commands")
args=()
for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done

echo "startup: load before timing: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
fifo=()
[ "${BENCH_FIFO:-}" = 1 ] && fifo=(chrt -f 10)
"${fifo[@]}" hyperfine -N --style none --warmup 3 --runs "$runs" --export-json "$out/hyperfine.json" "${args[@]}" >/dev/null
echo "startup: load after timing: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 "$here/report.py" "$out/hyperfine.json"
