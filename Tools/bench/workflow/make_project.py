#!/usr/bin/env python3
"""Writes a benchmark project in the original system's format: 60 metrics in 9 categories and a year of daily history.

Usage: make_project.py DIR [NOW]   (NOW is the ISO 8601 time the benchmark runs at, e.g. 2025-10-22T09:00:00Z)

Every metric reads a small file (`cat`, `wc -l`, `head -1`), is listed in cache.ttl_overrides with 24 hours so that a
second `verify` takes every value from the cache, and has a baseline in metrics.yaml equal to the value it measures,
so `verify` finds no drift. inventory/historical/ holds one file per day for the 365 days before NOW.
"""
import datetime
import os
import random
import sys

CATEGORIES = {
    "s3_storage": ["total_objects", "total_size_gb", "hoopr_files", "espn_files", "nba_api_files", "kaggle_files", "pbp_files"],
    "prediction_system": ["total_lines", "model_lines", "feature_lines", "train_lines", "eval_lines", "serve_lines", "test_lines"],
    "plus_minus": ["python_lines", "sql_lines", "doc_lines", "lineup_files", "possession_files", "rapm_lines", "test_files"],
    "code_base": ["python_files", "ml_scripts", "test_files", "shell_scripts", "notebooks", "config_files", "total_lines"],
    "documentation": ["markdown_files", "total_size_mb", "adr_count", "guides", "readme_lines", "changelog_lines", "index_pages"],
    "git_metrics": ["book_commits", "total_commits", "branches", "tags", "contributors", "merged_prs", "open_prs"],
    "workflows": ["workflow_count", "automated", "manual", "deprecated", "session_steps", "checklist_items"],
    "sql_schemas": ["master_schema_lines", "tables", "views", "indexes", "migrations", "functions"],
    "local_data": ["espn_size_gb", "parquet_files", "csv_files", "json_files", "raw_size_gb", "box_score_files"],
}
FLOATS = {"total_size_gb", "total_size_mb", "espn_size_gb", "raw_size_gb"}
STABLE = ["prediction_system", "plus_minus.python_lines", "sql_schemas", "git_metrics.book_commits", "workflows"]
VOLATILE = ["s3_storage", "code_base", "documentation", "local_data", "git_metrics"]
DAYS = 365


def metrics():
    """(category, name, kind) for every metric; kind is float or integer."""
    result = [(c, n, "float" if n in FLOATS else "integer") for c, names in CATEGORIES.items() for n in names]
    assert len(result) == 60, len(result)
    return result


def fmt(value, kind):
    return f"{value:.2f}" if kind == "float" else str(int(value))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    root = sys.argv[1]
    now = datetime.datetime.fromisoformat((sys.argv[2] if len(sys.argv) > 2 else "2025-10-22T09:00:00Z").replace("Z", "+00:00"))
    rng = random.Random(42)
    current = {}
    config = ['version: "1.0.0"',
              "features: {database_backend: false, event_driven: false, smart_cache: true}",
              "cache:", "  enabled: true", "  backend: file", "  default_ttl_hours: 24", "  cache_dir: inventory/cache",
              "  ttl_overrides:"]
    config += [f"    {c}.{n}: 24" for c, n, _ in metrics()]
    config += ["verification:", "  thresholds: {minor_drift_pct: 5, moderate_drift_pct: 15, major_drift_pct: 25}",
               "  stable_metrics: [" + ", ".join(STABLE) + "]", "  volatile_metrics: [" + ", ".join(VOLATILE) + "]",
               "database: {retention: {history_days: 365, snapshots_daily: 90}}", "metrics:"]
    category = None
    for index, (c, n, kind) in enumerate(metrics()):
        if c != category:
            config.append(f"  {c}:")
            category = c
        value = round(rng.uniform(10, 500), 2) if kind == "float" else rng.randint(1_000, 200_000)
        if index % 3 == 1 and kind == "integer":
            # `wc -l` over a file with VALUE lines: kept small so generating the project stays fast.
            value = rng.randint(50, 3_000)
            write(f"{root}/values/{c}/{n}.lines", "x\n" * value)
            command = f"wc -l < values/{c}/{n}.lines"
        elif index % 3 == 2:
            write(f"{root}/values/{c}/{n}.txt", f"{fmt(value, kind)}\nsecond line\n")
            command = f"head -1 values/{c}/{n}.txt"
        else:
            write(f"{root}/values/{c}/{n}.txt", fmt(value, kind) + "\n")
            command = f"cat values/{c}/{n}.txt"
        current[(c, n)] = value
        config += [f"    {n}:", f'      command: "{command}"', f"      parse_type: {kind}"]
        if kind == "float":
            config.append("      precision: 2")
        config.append(f'      description: "{n.replace("_", " ").capitalize()} of {c.replace("_", " ")}"')
    write(f"{root}/inventory/config.yaml", "\n".join(config) + "\n")

    verified = (now - datetime.timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M:%S.000000")
    lines = ["metadata:", "  version: 1.0.0", f"  last_updated: '{verified}'", f"  last_verified: '{verified}'",
             "  verified_by: dims_cli.py", "  system: NBA Simulator AWS"]
    for c, names in CATEGORIES.items():
        lines.append(f"{c}:")
        for n in names:
            kind = "float" if n in FLOATS else "integer"
            lines += [f"  {n}:", f"    value: {fmt(current[(c, n)], kind)}", f"    last_verified: '{verified}'",
                      "    verification_method: command", "    cached: false"]
    write(f"{root}/inventory/metrics.yaml", "\n".join(lines) + "\n")

    # A year of daily snapshots, each metric growing towards its current value.
    for back in range(DAYS, 0, -1):
        day = (now - datetime.timedelta(days=back)).date()
        stamp = f"{day.isoformat()}T12:00:00.000000"
        lines = ["metadata:", f"  snapshot_date: '{day.isoformat()}'", f"  last_updated: '{stamp}'", "  system: NBA Simulator AWS"]
        for c, names in CATEGORIES.items():
            lines.append(f"{c}:")
            for n in names:
                kind = "float" if n in FLOATS else "integer"
                value = current[(c, n)] * (1 - 0.3 * back / DAYS)
                lines += [f"  {n}:", f"    value: {fmt(value, kind)}", f"    last_verified: '{stamp}'"]
        write(f"{root}/inventory/historical/{day.isoformat()}.yaml", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
