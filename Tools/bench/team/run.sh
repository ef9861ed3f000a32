#!/usr/bin/env bash
# The team log benchmark, side by side in one run: dims pushing and pulling EVENTS events through PostgreSQL
# against psql's \copy of the same rows (the floor: no encoding, no dedup, no seq assignment, no local log),
# and the time `dims verify` adds with the team log on. Prints each figure and the ratio.
#
#   Tools/bench/team/run.sh [EVENTS]      (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../../.."
EVENTS=${1:-100000}
WORK=$(mktemp -d /tmp/dims-bench-team.XXXXXX)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
AS=""; [ "$(id -u)" -eq 0 ] && AS="runuser -u postgres --"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() { $AS "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap stop EXIT

Tools/setup.sh --test
swift build -c release --static-swift-stdlib --product dims-bench --scratch-path .build-release >&2
swift build -c release --static-swift-stdlib --product dims --scratch-path .build-release >&2
BENCH=$PWD/.build-release/release/dims-bench
DIMS=$PWD/.build-release/release/dims

# A server of its own on 127.0.0.1, durable as a real one (fsync on).
[ -n "$AS" ] && chown postgres "$WORK"
echo bench-secret > "$WORK/pw"
$AS "$PGBIN/initdb" -D "$WORK/pg" -U dims --pwfile="$WORK/pw" --auth-host=scram-sha-256 --auth-local=trust >/dev/null
$AS "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-p $PORT -c listen_addresses=127.0.0.1 -k $WORK" start >/dev/null
# The projects are this run's own: trust them (their config names the server).
export PGPASSWORD=bench-secret DIMS_BENCH_PG_PASSWORD=bench-secret DIMS_TRUST=1
psql() { "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U dims -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "CREATE DATABASE team" -c "CREATE DATABASE floor"

project() {  # project DIR: a project whose config reaches the team database
  mkdir -p "$1/inventory"
  cat > "$1/inventory/config.yaml" <<YAML
version: "1.0.0"
database:
  enabled: true
  connection: {host: 127.0.0.1, port: $PORT, database: team, user: dims, password: "\${DIMS_BENCH_PG_PASSWORD}", sslmode: disable}
metrics:
  code:
    files: {source: files, paths: ["."], include: ["*.txt"]}
    lines: {source: lines, paths: ["."], include: ["*.txt"]}
YAML
  for i in $(seq 20); do echo "line $i" > "$1/f$i.txt"; done
}
now() { date +%s.%N; }
rate() { python3 -c "print(f'{$EVENTS/($2-$1):.0f}')"; }

echo "== team log, $EVENTS events, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
project "$WORK/a"
project "$WORK/b"
"$BENCH" append "$WORK/a/inventory/.dims" "$EVENTS" 1000 >/dev/null
(cd "$WORK/a" && "$DIMS" db migrate >/dev/null)

t0=$(now); (cd "$WORK/a" && "$DIMS" sync >/dev/null); t1=$(now)
push=$(rate "$t0" "$t1")
t0=$(now); (cd "$WORK/b" && "$DIMS" sync >/dev/null); t1=$(now)
pull=$(rate "$t0" "$t1")

# The floor: the same rows, copied out and in by psql.
psql -d team -c "\\copy dims_events TO '$WORK/rows.tsv'"
"$PGBIN/pg_dump" -h 127.0.0.1 -p "$PORT" -U dims -s -t dims_events team | psql -d floor >/dev/null
t0=$(now); psql -d floor -c "\\copy dims_events FROM '$WORK/rows.tsv'"; t1=$(now)
copy_in=$(rate "$t0" "$t1")
t0=$(now); psql -d team -c "\\copy (SELECT seq, record FROM dims_events ORDER BY seq) TO '/dev/null'"; t1=$(now)
copy_out=$(rate "$t0" "$t1")
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
echo "push (dims sync, local log -> server): dims $push ev/s, psql \\copy in $copy_in ev/s, dims/floor $(ratio "$push" "$copy_in")"
echo "pull (dims sync, server -> empty local log): dims $pull ev/s, psql \\copy out $copy_out ev/s, dims/floor $(ratio "$pull" "$copy_out")"

# What the team log adds to one verify: pull first and push after, against the same project without it.
project "$WORK/c"
sed '/^database:/,/connection:/d' "$WORK/c/inventory/config.yaml" > "$WORK/c/off.yaml"
cp "$WORK/c/inventory/config.yaml" "$WORK/c/on.yaml"
python3 - "$DIMS" "$WORK/c" <<'PY'
import os, shutil, subprocess, sys, time, statistics
dims, root = sys.argv[1], sys.argv[2]
def run(config, n=15):
    shutil.copy(f"{root}/{config}.yaml", f"{root}/inventory/config.yaml")
    subprocess.run([dims, "verify", "--update"], cwd=root, capture_output=True)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        r = subprocess.run([dims, "verify"], cwd=root, capture_output=True)
        times.append(time.perf_counter() - t)
        if r.returncode not in (0, 1) or b"offline" in r.stderr:
            sys.exit(f"verify failed: {r.stderr.decode()}")
    return statistics.median(times) * 1000
off, on = run("off"), run("on")
print(f"dims verify (2 metrics), median of 15: team log off {off:.1f} ms, on {on:.1f} ms, added {on - off:.1f} ms")
start = []
for args in (["--version"], ["info"]):
    t = [0.0] * 20
    for i in range(20):
        s = time.perf_counter(); subprocess.run([dims] + args, cwd=root, capture_output=True); t[i] = time.perf_counter() - s
    start.append(f"dims {' '.join(args)} {statistics.median(t) * 1000:.1f} ms")
print("start-up (team log on in config, libpq not loaded): " + ", ".join(start))
PY
echo "libpq linked into dims: $(ldd "$DIMS" | grep -c libpq || true) (loaded with dlopen on the first connection)"
