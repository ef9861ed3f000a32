#!/usr/bin/env python3
"""Generates a git repository with a year of history for `dims backfill` tests and benchmarks.

Each commit adds, edits, removes and renames files (text with and without a final newline, binary files, executables,
symbolic links, force-added ignored files, nested .gitignore files). The history is written with one `git fast-import`;
the work tree is then checked out at the last commit, with untracked and ignored files added that git must not report.

usage: generate_history.py DIR [--commits N] [--files N] [--days N] [--seed N]
"""
import argparse
import os
import random
import subprocess

START = 1735725600  # 2025-01-01T10:00:00Z
FOLDERS = ["src", "src/pkg", "src/pkg/deep", "src/vendor", "docs", "data", "scripts", ".config", "build", "logs"]
WORDS = ["alpha", "beta", "todo", "TODO", "gamma", "fixme", "delta", "import os", "def f():", "return 1", "# note"]


def text(rng, lines):
    body = "\n".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))) for _ in range(lines))
    return (body if rng.random() < 0.2 else body + "\n").encode()


def binary(rng):
    return bytes(rng.randrange(256) for _ in range(rng.randint(16, 400)))


def new_path(rng, files):
    while True:
        folder = rng.choice(FOLDERS)
        extension = rng.choice([".py", ".py", ".py", ".txt", ".md", ".bin", ".log", ".tmp", ".csv"])
        if folder == "data":
            extension = rng.choice([".csv", ".bin"])
        path = f"{folder}/f{rng.randrange(10 ** 6)}{extension}"
        if path not in files and not any(p.startswith(path + "/") for p in files):
            return path


def content(rng, path):
    return binary(rng) if path.endswith(".bin") else text(rng, rng.randint(1, 60))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--files", type=int, default=150)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.dir, exist_ok=True)
    if not os.path.isdir(os.path.join(args.dir, ".git")):
        subprocess.run(["git", "init", "-q", args.dir], check=True)
    importer = subprocess.Popen(["git", "-C", args.dir, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = importer.stdin
    files = {}  # path -> (mode, bytes)
    step = args.days * 86400 // max(1, args.commits)
    moment = START
    for number in range(1, args.commits + 1):
        ops = []
        if number == 1:
            files[".gitignore"] = ("100644", b"build/\n*.log\ninventory/\n*.tmp\n")
            files["README.md"] = ("100644", b"# Project\nno final newline")
            ops += [("M", ".gitignore") + files[".gitignore"], ("M", "README.md") + files["README.md"]]
            for _ in range(args.files * 2 // 3):
                path = new_path(rng, files)
                files[path] = ("100755" if rng.random() < 0.05 else "100644", content(rng, path))
                ops.append(("M", path) + files[path])
        else:
            for _ in range(rng.randint(1, 4)):
                roll = rng.random()
                plain = [p for p, (mode, _) in files.items() if mode != "120000" and p not in (".gitignore", "README.md")]
                grow = len(files) < args.files
                if roll < (0.35 if grow else 0.2) or not plain:
                    path = new_path(rng, files)
                    files[path] = ("100644", content(rng, path))
                    ops.append(("M", path) + files[path])
                elif roll < 0.7:
                    path = rng.choice(plain)
                    files[path] = (files[path][0], content(rng, path))
                    ops.append(("M", path) + files[path])
                elif roll < 0.8:
                    path = rng.choice(plain)
                    del files[path]
                    ops.append(("D", path))
                elif roll < 0.93:
                    path = rng.choice(plain)
                    target = new_path(rng, files)
                    files[target] = files.pop(path)
                    ops.append(("R", path, target))
                elif roll < 0.97:
                    # A link to a file next to it (it may dangle later), or to a folder.
                    source = rng.choice(plain)
                    folder, name = os.path.split(source)
                    link = f"{folder}/link{rng.randrange(10 ** 6)}.py"
                    if link not in files:
                        target = name if rng.random() < 0.8 else ".."
                        files[link] = ("120000", target.encode())
                        ops.append(("M", link) + files[link])
                else:
                    files["src/.gitignore"] = ("100644", b"*.py\n!keep*.py\n" if rng.random() < 0.5 else b"deep/\n")
                    ops.append(("M", "src/.gitignore") + files["src/.gitignore"])
        moment += rng.randint(step // 3, step * 5 // 3)
        message = rng.choice(["Fix parser", "fix: typo", "Add data", "Refactor", "Bump version", "FIX crash"]).encode()
        out.write(f"commit refs/heads/main\nmark :{number}\ncommitter Dev <dev@example.com> {moment} +0000\n".encode())
        out.write(f"data {len(message)}\n".encode() + message + b"\n")
        if number > 1:
            out.write(f"from :{number - 1}\n".encode())
        for op in ops:
            if op[0] == "M":
                mode, data = op[2], op[3]
                out.write(f"M {mode} inline {op[1]}\ndata {len(data)}\n".encode() + data + b"\n")
            elif op[0] == "D":
                out.write(f"D {op[1]}\n".encode())
            else:
                out.write(f"R {op[1]} {op[2]}\n".encode())
        out.write(b"\n")
    out.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "-C", args.dir, "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    subprocess.run(["git", "-C", args.dir, "reset", "-q", "--hard"], check=True)
    # What the work tree holds and git does not: none of it has a history.
    extra = {"build/output.bin": b"\0" * 5000, "logs/run.log": b"a\nb\n", "src/untracked.py": b"print(1)\n", "untracked/notes.txt": b"x\n", "tmp/cache.tmp": b"\0" * 300}
    for path, data in extra.items():
        os.makedirs(os.path.join(args.dir, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(args.dir, path), "wb") as handle:
            handle.write(data)


if __name__ == "__main__":
    main()
