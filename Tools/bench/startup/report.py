#!/usr/bin/env python3
"""Prints the start-up benchmark's table from hyperfine's JSON export: median, p90, CPU, target and ratios."""
import json
import statistics
import sys

TARGETS = {  # name prefix -> milliseconds
    "dims --version": 5, "dims info, 600-line config": 8,
    "dims verify, migrated": 19, "dims verify, commands as they are": 60,
}


def main():
    results = json.load(open(sys.argv[1]))["results"]
    rows = {}
    for r in results:
        times = sorted(t * 1000 for t in r["times"])
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        rows[r["command"]] = (statistics.median(times), p90, (r["user"] + r["system"]) * 1000, len(times))
    python = rows.get("original Python tool, verify", (None,))[0]
    print(f"| command | median ms | p90 ms | cpu ms | runs | target ms | Python / dims | result |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (median, p90, cpu, count) in rows.items():
        target = TARGETS.get(name)
        ratio = f"{python / median:.1f}x" if python and "verify" in name and "Python" not in name else "-"
        result = "-" if target is None else ("PASS" if median <= target else "FAIL")
        if name == "dims verify, migrated" and python and python / median < 15:
            result = "FAIL (ratio)"
        print(f"| {name} | {median:.1f} | {p90:.1f} | {cpu:.1f} | {count} | {target or '-'} | {ratio} | {result} |")


if __name__ == "__main__":
    main()
