#!/usr/bin/env python3
"""The original system's `verify`, as the baseline of the start-up benchmark: one shell subprocess per metric.

Usage: original_verify.py --root DIR   (reads DIR/inventory/config.yaml, with its `command:` metrics, and the
baselines in DIR/inventory/metrics.yaml; runs the commands in DIR)

Like the original `dims_cli.py verify`: loads both YAML files with PyYAML, runs each metric's command with
`subprocess.run(shell=True)`, parses the output as the metric's `parse_type`, compares it with its baseline
by the drift thresholds, and prints the original's lines and summary. Exit status 1 when a metric drifted.
"""
import subprocess
import sys

import yaml


def parse(text, kind):
    text = text.strip()
    if kind == "float":
        return float(text)
    if kind == "integer":
        return int(float(text))
    return text


def main():
    root = sys.argv[sys.argv.index("--root") + 1] if "--root" in sys.argv else "."
    with open(f"{root}/inventory/config.yaml") as f:
        config = yaml.safe_load(f)
    with open(f"{root}/inventory/metrics.yaml") as f:
        current = yaml.safe_load(f) or {}
    thresholds = config.get("verification", {}).get("thresholds", {})
    minor = thresholds.get("minor_drift_pct", 5)
    moderate = thresholds.get("moderate_drift_pct", 15)
    major = thresholds.get("major_drift_pct", 25)
    ok = drifted = failed = 0
    for category, metrics in config["metrics"].items():
        for name, spec in metrics.items():
            result = subprocess.run(spec["command"], shell=True, cwd=root, capture_output=True, text=True, timeout=spec.get("timeout", 30))
            try:
                value = parse(result.stdout, spec.get("parse_type", "integer"))
            except ValueError:
                print(f"❌ {category}.{name}: ERROR ({result.stderr.strip() or 'no output'})")
                failed += 1
                continue
            baseline = (current.get(category) or {}).get(name, {}).get("value")
            if baseline is None or baseline == value:
                print(f"✅ {category}.{name}: {value:,} (OK)")
                ok += 1
                continue
            change = abs(value - baseline) / abs(baseline) * 100 if baseline else 100.0
            level = "minor" if change < minor else "moderate" if change < moderate else "major" if change < major else "critical"
            print(f"⚠️  {category}.{name}: {value:,} (drifted {change:+.1f}% from {baseline:,}, {level})")
            drifted += 1
    total = ok + drifted + failed
    print(f"\nSummary: {ok}/{total} OK, {drifted} drifted" + (f", {failed} failed" if failed else ""))
    return 1 if drifted or failed else 0


if __name__ == "__main__":
    sys.exit(main())
