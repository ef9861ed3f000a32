#!/usr/bin/env bash
# Start-up profile of one dims binary: what the loader does, how many pages and system calls a start costs, and
# where the CPU time goes (perf, by shared object and by symbol).
#
# Usage: Tools/bench/startup/profile.sh DIMS [PROJECT [VERIFY_PROJECT]]   (PROJECT: a project for `dims info`, e.g. the
#        fixture's Tools/bench/out/startup/info; VERIFY_PROJECT one for `dims verify`, e.g. .../startup/migrated;
#        without them only `dims --version` is profiled)
# Each command's instructions are counted with callgrind (on a copy without debug information, which valgrind cannot
# read): unlike wall time, the count repeats to a few parts in a thousand on a machine shared with builds.
set -uo pipefail
dims=$1
project=${2:-}
verify_project=${3:-}
runs=30
stripped=$(mktemp /tmp/dims-profile-bin.XXXXXX)
strip -g -o "$stripped" "$dims"
trap 'rm -f "$stripped"' EXIT
instructions() {  # instructions ARGS...: the instructions one run executes, all threads
    local out
    out=$(mktemp /tmp/dims-callgrind.XXXXXX)
    valgrind --tool=callgrind --callgrind-out-file="$out" "$stripped" "$@" >/dev/null 2>"$out.log"
    grep -o 'Collected : [0-9]*' "$out.log" | awk '{printf "%\047d", $3}'
    rm -f "$out" "$out.log"
}

echo "## $dims"
echo "- size: $(du -h "$dims" | cut -f1), shared libraries: $(ldd "$dims" | grep -c '=>')"
echo "- relative relocations: $(readelf -r "$dims" | grep -c R_X86_64_RELATIVE || true)"
profile() {  # profile LABEL ARGS...
    local label=$1; shift
    local stats
    stats=$(LD_DEBUG=statistics "$dims" "$@" 2>&1 >/dev/null | grep -E 'total startup time|final number of relocations:' | sed 's/^ *[0-9]*: *//' | tr -s ' ' | paste -sd ';')
    local faults syscalls
    faults=$( { /usr/bin/time -f '%R' "$dims" "$@" >/dev/null; } 2>&1 | tail -1)
    syscalls=$(strace -f -c "$dims" "$@" 2>&1 >/dev/null | awk '/total/ {print $4}')
    echo "- \`dims $label\`: instructions $(instructions "$@"), minor page faults $faults, system calls $syscalls, loader: $stats"
    perf record -q -e cpu-clock -F 20000 -g -o /tmp/dims-profile.$$ -- sh -c "for i in \$(seq $runs); do $dims $* >/dev/null; done" >/dev/null 2>&1
    echo "  - CPU by object (perf, $runs runs):"
    perf report -i /tmp/dims-profile.$$ --no-children --sort dso -q -g none 2>/dev/null | awk 'NF && $1+0 >= 1 {printf "    %s %s\n", $1, $2}'
    echo "  - top symbols, inclusive:"
    perf report -i /tmp/dims-profile.$$ --children --sort sym -q -g none 2>/dev/null \
        | grep -E 'ArgumentParser|conformsToProtocol|getTypeByMangledName|_dl_relocate|do_lookup_x|Yams|ConfigLoader|EventLog|PlainScalar|NSRegular|icu|page_fault' \
        | head -8 | awk '{sym=$4; for (i=5;i<=NF;i++) sym=sym" "$i; printf "    %s %s\n", $1, substr(sym, 1, 110)}'
    rm -f /tmp/dims-profile.$$
}
profile "--version" --version
[ -n "$project" ] && profile "info" info --root "$project"
[ -n "$verify_project" ] && profile "verify" verify --quiet --root "$verify_project"
exit 0
