#!/usr/bin/env python3
"""Writes the start-up benchmark's projects, in the original system's format.

Usage: make_fixture.py OUT

OUT/repo   a git repository of 3,400 files and 1,000 commits (two branches, dates over the last three years up
           to an hour ago) with inventory/config.yaml: 23 local metrics as the original wrote them, one shell
           command each (13 `lines`, 6 `files`, one each of `bytes`, `grep`, `age`, and a `git log --all --since
           ... | grep -i ... | wc -l`), shaped like the original's (Tools/bench/probes/original-config.yaml): most
           `lines` metrics `wc -l` a few named files, three `find DIR -exec cat` a whole folder.
OUT/info   a project whose inventory/config.yaml is 600 lines (100 command metrics and the usual sections), for
           timing `dims info`.

The history is written with `git fast-import`, so generating takes about a second.
"""
import os
import random
import subprocess
import sys
import time

FILES = [  # (folder, extension, count)
    ("scripts/models", "py", 500), ("scripts/features", "py", 400), ("scripts/etl", "py", 400),
    ("scripts/ops", "sh", 100), ("tests", "py", 400), ("sql/schema", "sql", 120), ("sql/migrations", "sql", 80),
    ("docs/guides", "md", 400), ("docs/adr", "md", 200), ("docs/notes", "txt", 100),
    ("data/raw", "json", 350), ("data/processed", "csv", 350),
]
SUBJECTS = ["fix: handle empty {} rows", "feat: add {} loader", "docs: explain {}", "refactor: split {}",
            "test: cover {}", "Fix {} drift", "chore: bump {}", "perf: cache {}"]
WORDS = ["lineup", "possession", "rapm", "schedule", "boxscore", "roster", "odds", "injury", "pace", "elo"]

# The 23 metrics: (category, name, command). Each migrates to a native source with `dims config migrate`.
METRICS = [
    ("prediction_system", "total_lines", "wc -l scripts/models/m0/f1.py scripts/models/m0/f2.py scripts/models/m0/f5.py scripts/models/m1/f6.py 2>/dev/null | tail -1 | awk '{print $1}'"),
    ("prediction_system", "model_lines", "wc -l scripts/models/m3/f0.py scripts/models/m3/f1.py scripts/models/m4/f2.py 2>/dev/null | tail -1 | awk '{print $1}'"),
    ("prediction_system", "feature_lines", "wc -l scripts/features/m1/f0.py scripts/features/m1/f1.py 2>/dev/null | tail -1 | awk '{print $1}'"),
    ("prediction_system", "trainer_lines", "wc -l scripts/models/m0/f3.py 2>/dev/null | awk '{print $1}'"),
    ("prediction_system", "serve_lines", "wc -l scripts/models/m2/f7.py 2>/dev/null | awk '{print $1}'"),
    ("plus_minus", "python_lines", "wc -l scripts/features/m0/f1.py scripts/features/m0/f4.py scripts/features/m3/f9.py 2>/dev/null | tail -1 | awk '{print $1}'"),
    ("plus_minus", "sql_lines", "find sql/schema -name '*.sql' -exec cat {} + 2>/dev/null | wc -l"),
    ("plus_minus", "doc_lines", "wc -l docs/guides/m0/f1.md docs/guides/m0/f2.md 2>/dev/null | tail -1 | awk '{print $1}'"),
    ("code_base", "python_files", "find . -name '*.py' -type f 2>/dev/null | wc -l | tr -d ' '"),
    ("code_base", "test_files", "find tests -name '*.py' -type f 2>/dev/null | wc -l | tr -d ' '"),
    ("code_base", "shell_scripts", "find scripts -name '*.sh' -type f 2>/dev/null | wc -l | tr -d ' '"),
    ("code_base", "test_lines", "find tests -name '*.py' -exec cat {} + 2>/dev/null | wc -l"),
    ("code_base", "etl_lines", "wc -l scripts/etl/m0/f0.py 2>/dev/null | awk '{print $1}'"),
    ("documentation", "markdown_files", "find docs -name '*.md' -type f 2>/dev/null | wc -l | tr -d ' '"),
    ("documentation", "total_size_mb", "du -sm docs 2>/dev/null | awk '{print $1}'"),
    ("documentation", "guide_lines", "wc -l docs/guides/m2/f0.md docs/guides/m2/f1.md docs/guides/m5/f3.md 2>/dev/null | tail -1 | awk '{print $1}'"),
    ("documentation", "adr_lines", "find docs/adr -name '*.md' -exec cat {} + 2>/dev/null | wc -l"),
    ("documentation", "readme_sections", "grep -c '^##' docs/guides/m0/f0.md"),
    ("sql_schemas", "sql_files", "find sql -name '*.sql' -type f 2>/dev/null | wc -l | tr -d ' '"),
    ("sql_schemas", "master_schema_lines", "wc -l sql/schema/m0/f0.sql 2>/dev/null | awk '{print $1}'"),
    ("data", "json_files", "find data -name '*.json' -type f 2>/dev/null | wc -l | tr -d ' '"),
    ("data", "days_since_raw_change", "echo $(( ($(date +%s) - $(stat -c %Y data/raw)) / 86400 ))"),
    ("git", "fix_commits_month", "git log --all --since='1 month ago' --oneline | grep -i 'fix' | wc -l"),
]
SECTIONS = [
    'version: "1.0.0"',
    "features: {database_backend: false, event_driven: false, smart_cache: true}",
    "cache:", "  enabled: true", "  backend: file", "  default_ttl_hours: 24", "  cache_dir: inventory/cache",
    "verification:", "  thresholds: {minor_drift_pct: 5, moderate_drift_pct: 15, major_drift_pct: 25}",
    "  stable_metrics: [prediction_system, sql_schemas, git.fix_commits_month]",
    "  volatile_metrics: [code_base, documentation, data]",
    "database: {retention: {history_days: 365, snapshots_daily: 90}}",
]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def config(metrics):
    lines = list(SECTIONS) + ["metrics:"]
    category = None
    for c, n, command in metrics:
        if c != category:
            lines += ["", f"  # {c.replace('_', ' ').title()} metrics", f"  {c}:"]
            category = c
        quoted = command.replace("\\", "\\\\").replace('"', '\\"')
        lines += [f"    {n}:", f'      command: "{quoted}"', '      parse_type: "integer"',
                  f'      description: "{n.replace("_", " ").capitalize()} of {c.replace("_", " ")}"']
    return "\n".join(lines) + "\n"


def make_repo(root, rng):
    """The files and a history of 1,000 commits, written by git fast-import."""
    os.makedirs(root)
    subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
    paths = []
    for folder, extension, count in FILES:
        for i in range(count):
            paths.append(f"{folder}/m{i // 25}/f{i % 25}.{extension}")
    assert len(paths) == 3400
    contents = {}
    for path in paths:
        if path.endswith(".md"):
            body = "".join(f"## Section {k}\n\n{rng.choice(WORDS)} notes\n" for k in range(rng.randint(2, 12)))
        else:
            body = "".join(f"{rng.choice(WORDS)} = {rng.randint(0, 10**6)}\n" for _ in range(rng.randint(5, 80)))
        contents[path] = body
    now = int(time.time())
    start = now - 3 * 365 * 86400
    stream = []
    mark = 0

    def commit(branch, when, message, changes, parent=None):
        nonlocal mark
        mark += 1
        data = message.encode()
        stream.append(f"commit refs/heads/{branch}\nmark :{mark}\n".encode())
        stream.append(f"author Bench <bench@example.com> {when} +0000\ncommitter Bench <bench@example.com> {when} +0000\n".encode())
        stream.append(f"data {len(data)}\n".encode() + data + b"\n")
        if parent:
            stream.append(f"from :{parent}\n".encode())
        for path, body in changes:
            blob = body.encode()
            stream.append(f"M 100644 inline {path}\ndata {len(blob)}\n".encode() + blob + b"\n")
        return mark

    # 980 commits on main (the first adds every file), 20 on a release branch from the 900th.
    times = sorted(rng.randint(start, now - 3600) for _ in range(1000))
    head = commit("main", times[0], "Initial import", [(p, contents[p]) for p in paths])
    fork = None
    for k in range(1, 980):
        path = rng.choice(paths)
        contents[path] += f"{rng.choice(WORDS)} = {k}\n"
        message = rng.choice(SUBJECTS).format(rng.choice(WORDS))
        head = commit("main", times[k], message, [(path, contents[path])], parent=head)
        if k == 900:
            fork = head
    tip = fork
    for k in range(980, 1000):
        path = rng.choice(paths)
        tip = commit("release", times[k], rng.choice(SUBJECTS).format("release"), [(path, contents[path] + f"r{k}\n")], parent=tip)
    subprocess.run(["git", "-C", root, "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", root, "checkout", "-q", "-f", "main"], check=True)
    subprocess.run(["git", "-C", root, "gc", "-q"], check=True)


def main():
    out = sys.argv[1]
    rng = random.Random(18)
    repo = f"{out}/repo"
    make_repo(repo, rng)
    write(f"{repo}/inventory/config.yaml", config(METRICS))
    write(f"{repo}/.gitignore", "inventory/.dims/\n")

    # dims info: a 600-line config of 100 metrics, each with a value file.
    info = f"{out}/info"
    metrics = []
    for i in range(100):
        c = ["s3_storage", "prediction_system", "plus_minus", "code_base", "documentation", "git_metrics",
             "workflows", "sql_schemas", "local_data", "data"][i // 10]
        write(f"{info}/values/{c}/m{i}.txt", f"{rng.randint(1000, 200000)}\n")
        metrics.append((c, f"metric_{i}", f"cat values/{c}/m{i}.txt"))
    text = config(metrics)
    lines = text.count("\n")
    filler = [f"# {'-' * 40} note {k}" for k in range(600 - lines)]
    write(f"{info}/inventory/config.yaml", "\n".join(filler) + "\n" + text)


if __name__ == "__main__":
    main()
