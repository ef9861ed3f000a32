#!/usr/bin/env bash
# Generates the benchmark tree: 100,000 files in 5,000 folders shaped like a data project, and optionally 1 GB of text.
# Usage: gen-tree.sh DIR [--big]
set -euo pipefail
dir=${1:?usage: gen-tree.sh DIR [--big]}
big=${2:-}
mkdir -p "$dir"
python3 - "$dir" "$big" <<'PY'
import os, random, sys
root, big = sys.argv[1], sys.argv[2] == "--big"
random.seed(7)
areas = [("scripts", 1500, [".py", ".py", ".py", ".sh", ".md"]), ("docs", 800, [".md", ".md", ".txt", ".png"]),
         ("sql", 200, [".sql", ".sql", ".md"]), ("data", 2000, [".json", ".csv", ".parquet"]),
         ("tests", 300, [".py", ".py", ".json"]), (".cache", 200, [".bin", ".py"])]
line = "value = compute(alpha, beta)  # a line of ordinary source text\n"
folders = 0
for area, count, exts in areas:
    for i in range(count):
        depth = 1 + i % 3
        parts = [area] + [f"{area[:3]}{i // (10 ** k) % 50}" for k in range(depth)] + [f"f{i}"]
        folder = os.path.join(root, *parts)
        os.makedirs(folder, exist_ok=True)
        folders += 1
        for j in range(20):
            ext = exts[(i + j) % len(exts)]
            name = ("test_" if j % 7 == 0 else "") + f"n{j}{'_plus_minus' if j % 11 == 0 else ''}{ext}"
            lines = random.randint(1, 40)
            body = "### Heading\n" + line * lines if ext == ".md" else line * lines
            if j % 13 == 0: body = body.rstrip("\n")
            with open(os.path.join(folder, name), "w") as f: f.write(body)
if big:
    os.makedirs(os.path.join(root, "big"), exist_ok=True)
    chunk = (line * 16384).encode()
    for k in range(8):
        with open(os.path.join(root, "big", f"text{k}.txt"), "wb") as f:
            for _ in range(128 * 1024 * 1024 // len(chunk) + 1): f.write(chunk)
print(f"{folders} folders")
PY
find "$dir" -path "$dir/big" -prune -o -type f -print | wc -l | xargs echo files:
