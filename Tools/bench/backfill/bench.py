#!/usr/bin/env python3
"""Times `dims backfill --every 1w` against the naive way (check out each point and run `dims update`), and the time per
point against one `git ls-tree -r -l` of that commit, side by side in one run.

usage: bench.py DIMS WORK [--commits N] [--files N] [--runs N]
"""
import argparse
import json
import os
import shutil
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = """version: "1.0.0"
metrics:
  code_base:
    python_files: {source: files, paths: ., include: "*.py", gitignore: true}
    all_files: {source: files, paths: ., gitignore: true}
    python_lines: {source: lines, paths: ., include: "*.py", gitignore: true}
    src_lines: {source: lines, paths: src}
    src_bytes: {source: bytes, paths: src}
    todos: {source: grep, paths: ., pattern: "TODO", gitignore: true}
    docs: {source: files, paths: docs, missing: zero}
    python_share: {source: formula, formula: "python_files / all_files * 100", parse_type: float}
  activity:
    commits: {source: git}
    fixes: {source: git, grep: "fix", ignore_case: true}
"""


def run(arguments, cwd, env=None, quiet=True):
    merged = dict(os.environ, **(env or {}))
    result = subprocess.run(arguments, cwd=cwd, env=merged, stdout=subprocess.PIPE if quiet else None, stderr=subprocess.PIPE)
    if result.returncode not in (0, 5):
        raise SystemExit(f"{' '.join(arguments)} failed ({result.returncode}): {result.stderr.decode()[-400:]}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dims")
    parser.add_argument("work")
    parser.add_argument("--commits", type=int, default=1500)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    repo = os.path.join(args.work, "repo")
    run(["python3", os.path.join(HERE, "generate_history.py"), repo, "--commits", str(args.commits), "--files", str(args.files), "--seed", "11"], args.work)
    os.makedirs(os.path.join(repo, "inventory"), exist_ok=True)
    with open(os.path.join(repo, "inventory/config.yaml"), "w") as handle:
        handle.write(CONFIG)
    env = {"DIMS_ACTOR": "bench@host", "DIMS_TRUST": "1", "NO_COLOR": "1"}
    files = int(run(["sh", "-c", "git ls-tree -r HEAD | wc -l"], repo).decode())

    # dims backfill, each run into a fresh store.
    times = []
    for _ in range(args.runs):
        shutil.rmtree(os.path.join(repo, "inventory/.dims"), ignore_errors=True)
        started = time.perf_counter()
        answer = json.loads(run([args.dims, "backfill", "--every", "1w", "--json"], repo, env))
        times.append(time.perf_counter() - started)
    backfill = sorted(times)[len(times) // 2]
    plan = json.loads(run([args.dims, "backfill", "--every", "1w", "--dry-run", "--json"], repo, env))
    points = [(p["commit"], p["time"]) for p in plan["measured"]]

    # One `git ls-tree -r -l` of each point: the floor of reading a tree with sizes.
    started = time.perf_counter()
    for commit, _ in points:
        run(["git", "ls-tree", "-r", "-l", commit], repo)
    ls_tree = time.perf_counter() - started

    # The naive way: check out each point in a clone and run `dims update` there.
    naive_dir = os.path.join(args.work, "naive")
    shutil.rmtree(naive_dir, ignore_errors=True)
    run(["git", "clone", "-q", repo, naive_dir], args.work)
    started = time.perf_counter()
    for commit, moment in points:
        run(["git", "checkout", "-q", "-f", "--detach", commit], naive_dir)
        run(["git", "clean", "-q", "-ffdx", "-e", "/inventory/"], naive_dir)
        os.makedirs(os.path.join(naive_dir, "inventory"), exist_ok=True)
        with open(os.path.join(naive_dir, "inventory/config.yaml"), "w") as handle:
            handle.write(CONFIG)
        run([args.dims, "update"], naive_dir, dict(env, DIMS_NOW=moment))
    naive = time.perf_counter() - started

    count = len(points)
    print(f"repository: {args.commits} commits, {files} files at HEAD; {count} weekly points; {answer['readings']} readings")
    print(f"dims backfill --every 1w: {backfill:.2f} s ({backfill / count * 1000:.1f} ms per point; median of {args.runs})")
    print(f"naive (checkout + dims update per point): {naive:.2f} s ({naive / count * 1000:.1f} ms per point)")
    print(f"git ls-tree -r -l per point: {ls_tree / count * 1000:.1f} ms")
    print(f"speed-up over naive: {naive / backfill:.1f}x (goal >= 10x)")
    print(f"backfill per point / ls-tree per point: {backfill / ls_tree:.2f} (goal <= 3)")


if __name__ == "__main__":
    main()
