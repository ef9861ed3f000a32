"""Times `git commit` with and without the dims post-commit hook, alternating, and prints the difference and ratio.

usage: commit_hook.py DIMS_BIN WORKDIR COMMITS
"""
import os
import statistics
import subprocess
import sys
import time

dims, work, commits = sys.argv[1], sys.argv[2], int(sys.argv[3])
config = """version: "1.0.0"
metrics:
  code_base:
    python_files:
      source: files
      paths: ["."]
      include: ["*.py"]
events:
  enabled: true
  cooldown_seconds: 300
  hooks:
    - name: code-change
      trigger: post-commit
      metrics: ["code_base.*"]
"""
env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com", GIT_COMMITTER_NAME="bench",
           GIT_COMMITTER_EMAIL="bench@example.com", DIMS_ACTOR="bench@hooks")


def make(name, hook):
    root = os.path.join(work, name)
    os.makedirs(os.path.join(root, "inventory"))
    with open(os.path.join(root, "inventory", "config.yaml"), "w") as f:
        f.write(config)
    subprocess.run(["git", "init", "-q", root], check=True)
    if hook:
        subprocess.run([dims, "events", "install", "--root", root], check=True, stdout=subprocess.DEVNULL)
    return root


# BENCH_FIFO=1 (root only): commits run under `chrt -f 10`, so on a shared, busy machine they get a CPU at once and
# the time is the commit's own; the hook's shell and the dims it starts inherit the policy.
prefix = ["chrt", "-f", "10"] if os.environ.get("BENCH_FIFO") == "1" else []


def commit(root, n):
    start = time.perf_counter()
    subprocess.run(prefix + ["git", "-C", root, "commit", "-q", "--allow-empty", "-m", f"commit {n}"], check=True, env=env)
    return time.perf_counter() - start


plain, hooked = make("plain", False), make("hooked", True)
for n in range(5):  # warm up both (page cache, git's first-run work)
    commit(plain, -n)
    commit(hooked, -n)
without, with_hook = [], []
for n in range(commits):
    without.append(commit(plain, n))
    with_hook.append(commit(hooked, n))
time.sleep(2)  # let the last background triggers finish before the folder goes

ms = lambda seconds: seconds * 1000
median_without, median_with = statistics.median(without), statistics.median(with_hook)
p90 = lambda xs: sorted(xs)[int(len(xs) * 0.9)]
print(f"commits per clone: {commits} (alternating){', under chrt -f 10' if prefix else ''}")
print(f"git commit without hook: median {ms(median_without):.1f} ms, p90 {ms(p90(without)):.1f} ms")
print(f"git commit with dims hook: median {ms(median_with):.1f} ms, p90 {ms(p90(with_hook)):.1f} ms")
print(f"added by the hook: median {ms(median_with - median_without):+.1f} ms, p90 {ms(p90(with_hook) - p90(without)):+.1f} ms; "
      f"ratio {median_with / median_without:.2f}")
added = ms(median_with - median_without)
print(f"target: at most 20 ms added (median): {'met' if added <= 20 else 'NOT met'}")
