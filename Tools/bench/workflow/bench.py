#!/usr/bin/env python3
"""Times dims commands as whole processes in a prepared project and prints median, p90 and the verdict per target.

Usage: bench.py DIMS PROJECT RUNS HISTORY_METRIC DIFF_SINCE [--markdown FILE]

Uses hyperfine when it is on PATH (its JSON export, exit codes checked), else a time.perf_counter loop around
subprocess.run. Any run that exits non-zero fails the benchmark (exit status 1) with the command and its output.
The verdict compares the wall-clock median with the target; "cpu ms" (mean user + system time per run) is printed
beside it because it moves far less than wall time when other work shares the machine.
"""
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def percentile(samples, fraction):
    """Linear interpolation between closest ranks."""
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def run_checked(argv, cwd):
    result = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"bench: '{' '.join(argv)}' exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def time_python(argv, cwd, runs):
    """(wall seconds per run, mean CPU seconds per run); one untimed warm-up run first."""
    run_checked(argv, cwd)
    samples = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"bench: '{' '.join(argv)}' exited {result.returncode}: {result.stderr.decode()}")
        samples.append(elapsed)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / runs
    return samples, cpu


def time_hyperfine(argv, cwd, runs):
    """(wall seconds per run, mean CPU seconds per run) from hyperfine (no shell, one warm-up run)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        command = " ".join(argv)
        result = subprocess.run(["hyperfine", "-N", "--style", "none", "--warmup", "1", "--runs", str(runs),
                                 "--export-json", export.name, command], cwd=cwd, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            sys.exit(f"bench: hyperfine failed on '{command}' (a run exited non-zero?)\n{result.stderr}")
        data = json.load(open(export.name))["results"][0]
    codes = data.get("exit_codes") or []
    if any(code != 0 for code in codes):
        sys.exit(f"bench: '{command}' exited {sorted(set(codes))}")
    return data["times"], data["user"] + data["system"]


def main():
    dims, project, runs, metric, since = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    markdown = sys.argv[sys.argv.index("--markdown") + 1] if "--markdown" in sys.argv else None
    use_hyperfine = shutil.which("hyperfine") is not None and os.environ.get("BENCH_NO_HYPERFINE") != "1"
    # (label, arguments, target ms, original's quoted figure, original ms for the ratio)
    cases = [
        ("dims --version (process floor)", ["--version"], None, "-", None),
        ("verify (all cached)", ["verify"], 50, "2 s", 2000),
        ("snapshot", ["snapshot"], 50, "1 s", 1000),
        ("generate (4 formats)", ["generate"], 300, "2-5 s", 2000),
        (f"history --days 365", ["history", metric, "--days", "365"], 30, "-", None),
        (f"diff --since {since}", ["diff", "--since", since], 30, "-", None),
    ]
    # The timed verify must take every value from the cache and find no drift: check one run's answer first.
    answer = run_checked([dims, "verify"], project).stdout
    summary = re.search(r"Summary: (\d+)/(\d+) OK", answer)
    cached = re.search(r"Cached: (\d+) of (\d+) values came from the cache", answer)
    if not summary or summary[1] != summary[2] or not cached or cached[1] != cached[2]:
        sys.exit(f"bench: verify must find every metric OK and cached before timing; it printed:\n{answer[-600:]}")
    print(f"bench: verify finds {summary[1]} metrics OK, {cached[1]} cached; timing {runs} runs each with "
          f"{'hyperfine' if use_hyperfine else 'a python perf_counter loop'}", file=sys.stderr)
    results = []
    for label, args, target, original, original_ms in cases:
        argv = [dims] + args
        seconds, cpu = (time_hyperfine if use_hyperfine else time_python)(argv, project, runs)
        samples = [s * 1000 for s in seconds]
        median, p90 = statistics.median(samples), percentile(samples, 0.9)
        ratio = f"{original_ms / median:.0f}x" if original_ms else "-"
        verdict = "-" if target is None else "PASS" if median < target else "FAIL"
        results.append((label, median, p90, min(samples), target, original, ratio, verdict, cpu * 1000))

    header = ("command", "median ms", "p90 ms", "min ms", "cpu ms", "target ms", "original", "original/dims", "result")
    table = [header] + [(r[0], f"{r[1]:.1f}", f"{r[2]:.1f}", f"{r[3]:.1f}", f"{r[8]:.1f}", f"< {r[4]}" if r[4] else "-", r[5], r[6], r[7]) for r in results]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))
    if markdown:
        with open(markdown, "w") as f:
            f.write("| " + " | ".join(header) + " |\n|" + "|".join("---" for _ in header) + "|\n")
            for row in table[1:]:
                f.write("| " + " | ".join(row) + " |\n")
    failed = [r[0] for r in results if r[7] == "FAIL"]
    targets = [r for r in results if r[4] is not None]
    print(f"\n{len(targets) - len(failed)} of {len(targets)} targets met (median against target)" + (f"; missed: {', '.join(failed)}" if failed else ""))


if __name__ == "__main__":
    main()
