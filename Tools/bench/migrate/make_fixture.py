"""Writes a project in the original system's format: a generated tree with a git history, and an
inventory/config.yaml of 66 shell-command metrics (find/wc/du/grep/git pipelines, `aws s3 ls` pipelines with awk,
boto3 one-liners with and without paginators, cost and ratio one-liners, files that no longer exist) over the
tree and over BUCKET, as moto_server.py seeds it.

usage: make_fixture.py ROOT BUCKET [SCALE]
The S3 commands find their endpoint in AWS_ENDPOINT_URL_S3, as the aws CLI, boto3 and dims all read it.
"""
import os
import random
import subprocess
import sys

ROOT, BUCKET = sys.argv[1], sys.argv[2]
SCALE = int(sys.argv[3]) if len(sys.argv) > 3 else 1


def write(relative, text):
    path = os.path.join(ROOT, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def tree():
    rng = random.Random(11)
    for n in range(40 * SCALE):
        write(f"scripts/etl/job_{n:03d}.py", "".join(f"# step {i}\n" for i in range(rng.randint(5, 60))))
    for name in ["train", "predict", "features", "evaluate"]:
        body = "".join(("def f%d():\n    return %d  # TODO tune\n" % (i, i)) if i % 7 == 0 else "class C%d: pass\n" % i for i in range(rng.randint(20, 90)))
        write(f"scripts/ml/{name}.py", body)
    for n in range(12):
        write(f"scripts/plus_minus_{n}.py", "x = 1\n" * rng.randint(3, 30))
        write(f"scripts/shell/run_{n}.sh", "echo run\n" * rng.randint(2, 9))
    for n in range(25 * SCALE):
        write(f"tests/test_case_{n:03d}.py", "def test():\n    assert True\n")
    for n in range(30 * SCALE):
        write(f"docs/topic_{n:03d}.md", "# Topic\n" + "text\n" * rng.randint(1, 40))
    for n in range(8):
        write(f"docs/workflows/{n:02d}_flow.md", "# Flow\nstep\n")
    write("docs/a.md", "# A\n" + "line\n" * 17)
    write("docs/b.md", "# B\n" + "line\n" * 9)
    write("docs/guide.md", "# Guide\n" + "line\n" * 23)
    write("docs/old_notes.md", "# Notes\n" + "line\n" * 5)
    write("sql/schema.sql", "".join(f"CREATE TABLE t{i} (id int);\nSELECT * FROM t{i};\n" for i in range(120)))
    write("sql/plus_minus/views.sql", "select 1;\n" * 44)
    write("data/raw/games.csv", "id,score\n" + "".join(f"{i},{i % 120}\n" for i in range(20000 * SCALE)))
    write("data/raw/players.csv", "id\n" + "".join(f"{i}\n" for i in range(5000)))
    for n in range(6):
        write(f"notebooks/analysis_{n}.ipynb", "{}\n")
    write(".hidden/secret_tool.py", "pass\n")
    write("README.md", "# Project\n")


def git_history():
    env = dict(os.environ, GIT_AUTHOR_DATE="2024-03-01T10:00:00Z", GIT_COMMITTER_DATE="2024-03-01T10:00:00Z")

    def git(*args, **extra):
        subprocess.run(["git", "-C", ROOT, *args], check=True, capture_output=True, env=dict(env, **extra))

    git("init", "-q")
    git("config", "user.email", "alice@example.com")
    git("config", "user.name", "alice")
    git("add", "-A")
    git("commit", "-qm", "Initial import")
    messages = ["Add book recommendation engine", "Fix ETL job", "book: more titles", "Docs for workflows", "Tune features"]
    for n in range(30):
        write(f"docs/changelog/{n:02d}.md", f"change {n}\n")
        git("add", "-A")
        author = "bob <bob@example.com>" if n % 3 == 0 else "alice <alice@example.com>"
        day = f"2025-0{1 + n % 9}-1{n % 10}T12:00:00Z"
        git("commit", "-qm", messages[n % len(messages)], f"--author={author}", GIT_AUTHOR_DATE=day, GIT_COMMITTER_DATE=day)


BOTO = "import boto3; s3 = boto3.client('s3'); "
PAGES = "p = s3.get_paginator('list_objects_v2'); "


def paginate(prefix=""):
    return f"p.paginate(Bucket='{BUCKET}'" + (f", Prefix='{prefix}')" if prefix else ")")


def objects(prefix=""):
    return f"for page in {paginate(prefix)} for o in page.get('Contents', [])"


def py(code):
    return 'python3 -c "' + code + '"'


def metrics():
    b = BUCKET
    dated = ("import boto3, datetime; s3 = boto3.client('s3'); " + PAGES
             + f"keys = [o['Key'] {objects('espn/schedule/')}]; "
             + "dates = sorted(set(datetime.datetime.strptime(k.split('/')[-1][:8], '%Y%m%d') for k in keys)); ")
    local = {
        "code_base": [
            ("python_files", "find . -name '*.py' -type f | wc -l"),
            ("script_files", "find scripts -name '*.py' -type f 2>/dev/null | wc -l | tr -d ' '"),
            ("test_files", "find tests -name 'test_*.py' -type f | wc -l"),
            ("shell_scripts", "find . -path './scripts/*' -name '*.sh' -type f | wc -l"),
            ("notebooks", "find notebooks -name '*.ipynb' -type f | wc -l"),
            ("ml_lines", "find scripts/ml -name '*.py' -exec cat {} \\; 2>/dev/null | wc -l"),
            ("core_lines", "wc -l scripts/ml/train.py scripts/ml/predict.py scripts/ml/features.py | tail -1 | awk '{print $1}'"),
            ("etl_lines", "wc -l scripts/etl/*.py | tail -1 | awk '{print $1}'"),
            ("todo_train", "grep -c TODO scripts/ml/train.py"),
            ("defs_features", "grep -cE 'def |class ' scripts/ml/features.py"),
            ("top_level_entries", "ls scripts | wc -l"),
            ("archived_csv", "find archive/old -name '*.csv' -type f 2>/dev/null | wc -l"),
        ],
        "plus_minus_system": [
            ("python_lines", "find scripts -name 'plus_minus*.py' -exec cat {} \\; | wc -l"),
            ("sql_lines", "find sql/plus_minus -name '*.sql' -exec cat {} \\; 2>/dev/null | wc -l"),
            ("total_lines", "echo $(( $(find scripts -name 'plus_minus*.py' -exec cat {} \\; | wc -l) + $(wc -l docs/a.md docs/b.md | tail -1 | awk '{print $1}') ))"),
        ],
        "documentation": [
            ("markdown_files", "find . -name '*.md' -type f 2>/dev/null | wc -l | tr -d ' '"),
            ("docs_markdown", "find docs -name '*.md' -type f | wc -l"),
            ("workflows", "find docs/workflows -name '*.md' -type f | wc -l"),
            ("ab_lines", "cat docs/a.md docs/b.md | wc -l"),
            ("guide_lines", "wc -l docs/guide.md docs/old_notes.md docs/removed_plan.md 2>/dev/null | tail -1 | awk '{print $1}'"),
            ("docs_kb", "du -sk docs | awk '{print $1}'"),
            ("headings", "cat docs/a.md docs/b.md | grep -c '^#'"),
        ],
        "sql_schemas": [
            ("total_lines", "wc -l < sql/schema.sql"),
            ("selects", "grep -ci 'select' sql/schema.sql"),
            ("extra_lines", "[ -f sql/extra.sql ] && wc -l < sql/extra.sql || echo 0"),
        ],
        "local_data": [
            ("raw_mb", "du -sm data/raw | awk '{print $1}'"),
            ("raw_kb", "du -sk data/raw | cut -f1"),
            ("espn_mb", "[ -d data/espn ] && du -sm data/espn | awk '{print $1}' || echo 0"),
        ],
        "git": [
            ("commits", "git log --oneline | wc -l"),
            ("rev_count", "git rev-list --count HEAD"),
            ("book_recommendation_commits", "git log --oneline | grep -i 'book' | wc -l"),
            ("commits_since_2025", "git log --since=2025-01-01 --oneline | wc -l"),
            ("doc_commits", "git log --oneline -- docs | wc -l"),
            ("bob_commits", "git log --author=bob --oneline | wc -l"),
        ],
    }
    s3 = [
        ("total_objects", f"aws s3 ls s3://{b}/ --recursive --summarize | grep 'Total Objects:' | awk '{{print $3}}'"),
        ("total_bytes", f"aws s3 ls s3://{b}/ --recursive --summarize | grep 'Total Size' | awk '{{print $3}}'"),
        ("listed_lines", f"aws s3 ls s3://{b}/ --recursive | wc -l"),
        ("hoopr_files", f"aws s3 ls s3://{b}/hoopr_parquet/ --recursive 2>/dev/null | wc -l | tr -d ' '"),
        ("hoopr_parquet", f"aws s3 ls s3://{b}/hoopr_parquet/ --recursive | grep '\\.parquet$' | wc -l"),
        ("raw_json", f"aws s3 ls s3://{b}/raw/ --recursive | grep -c '.json'"),
        ("raw_bytes", f"aws s3 ls s3://{b}/raw/ --recursive | awk '{{sum+=$3}} END {{print sum}}'"),
        ("misc_objects", f"aws s3 ls s3://{b}/misc/ --recursive 2>/dev/null | wc -l || echo 0"),
        ("espn_objects", f"aws s3 ls s3://{b}/espn/ --recursive | wc -l"),
        ("deep_objects", f"aws s3 ls s3://{b}/deep/ --recursive | wc -l"),
        ("top_folders", f"aws s3 ls s3://{b}/ | wc -l"),
        ("hoopr_not_tmp", f"aws s3 ls s3://{b}/hoopr_parquet/ --recursive | grep -v tmp | wc -l"),
        ("boto_objects", py(BOTO + PAGES + f"print(sum(len(page.get('Contents', [])) for page in {paginate()}))")),
        ("boto_raw_keycount", py(BOTO + PAGES + f"print(sum(page.get('KeyCount', 0) for page in {paginate('raw/')}))")),
        ("boto_size_mb", py(BOTO + PAGES + f"print(round(sum(o['Size'] {objects()}) / 1024 / 1024, 3))")),
        ("boto_size_kb", py(BOTO + PAGES + f"print(round(sum(o['Size'] {objects()}) / 1024, 2))")),
        ("boto_small_files", py(BOTO + PAGES + f"print(sum(1 {objects()} if o.get('Size', 0) < 1024))")),
        ("boto_large_hoopr", py(BOTO + PAGES + f"print(sum(1 {objects('hoopr_parquet/')} if o['Size'] >= 2048))")),
        ("boto_parquet", py(BOTO + PAGES + f"print(sum(1 {objects('hoopr_parquet/')} if o['Key'].endswith('.parquet')))")),
        ("boto_avg_kb", py(BOTO + PAGES + f"sizes = [o['Size'] {objects()}]; print(round(sum(sizes) / len(sizes) / 1024, 2))")),
        ("boto_box_keycount", py(BOTO + f"r = s3.list_objects_v2(Bucket='{b}', Prefix='raw/box/'); print(r.get('KeyCount', 0))")),
        ("boto_misc_count", py(BOTO + f"r = s3.list_objects_v2(Bucket='{b}', Prefix='misc/'); print(len(r.get('Contents', [])))")),
        ("boto_pbp_bytes", py(BOTO + f"r = s3.list_objects_v2(Bucket='{b}', Prefix='raw/pbp/'); print(sum(o['Size'] for o in r.get('Contents', [])))")),
        ("boto_four_prefixes_kb", py(BOTO + "print(round(sum(o['Size'] for p in ['raw/box/', 'raw/pbp/', 'misc/', 'espn/'] "
                                       + f"for o in s3.list_objects_v2(Bucket='{b}', Prefix=p).get('Contents', [])) / 1024, 2))")),
        ("boto_schedule_gaps", py(dated + "print(sum(1 for i in range(len(dates) - 1) if (dates[i + 1] - dates[i]).days > 1))")),
        ("boto_schedule_missing_days", py(dated + "print(sum((dates[i + 1] - dates[i]).days - 1 for i in range(len(dates) - 1)))")),
        ("boto_unpaginated_total", py(BOTO + f"r = s3.list_objects_v2(Bucket='{b}'); print(r.get('KeyCount', 0))")),
        ("monthly_cost_usd", py(BOTO + PAGES + f"total = sum(o['Size'] {objects()}); print('%.2f' % (round(total / 1024**3, 2) * 0.023 + 29))")),
        ("box_share_pct", py(BOTO + PAGES + f"a = sum(1 {objects('raw/box/')}); b = sum(1 {objects('raw/')}); print(round(a / b * 100, 1))")),
        ("newest_raw_age_days", "echo $(( ($(date +%s) - $(date -d \"$(aws s3 ls s3://" + b + "/raw/ --recursive | sort | tail -1 | awk '{print $1\" \"$2}')\" +%s)) / 86400 ))"),
        ("oldest_hoopr_age_hours", "echo $(( ($(date +%s) - $(date -d \"$(aws s3 ls s3://" + b + "/hoopr_parquet/ --recursive | sort | head -1 | awk '{print $1\" \"$2}')\" +%s)) / 3600 ))"),
        ("folder_count", py(BOTO + f"r = s3.list_objects_v2(Bucket='{b}', Delimiter='/'); print(len(r.get('CommonPrefixes', [])))")),
    ]
    lines = ['version: "1.0.0"', "cache: {enabled: true, default_ttl_hours: 24}", "verification:",
             "  thresholds: {minor_drift_pct: 5, moderate_drift_pct: 15, major_drift_pct: 25}", "  volatile_metrics: [s3_storage, code_base]",
             "metrics:"]
    float_metrics = {"boto_size_mb", "boto_size_kb", "boto_avg_kb", "boto_four_prefixes_kb", "monthly_cost_usd", "box_share_pct"}
    precision = {"boto_size_mb": 3, "boto_size_kb": 2, "boto_avg_kb": 2, "boto_four_prefixes_kb": 2, "monthly_cost_usd": 2, "box_share_pct": 1}
    groups = list(local.items()) + [("s3_storage", s3)]
    for category, entries in groups:
        lines.append(f"  {category}:")
        for name, command in entries:
            quoted = "'" + command.replace("'", "''") + "'"
            lines.append(f"    {name}:")
            lines.append(f"      command: {quoted}")
            lines.append(f"      parse_type: {'float' if name in float_metrics else 'integer'}")
            if name in precision:
                lines.append(f"      precision: {precision[name]}")
            # Python starting boto3 and the aws CLI can take longer than the default 30 s on a loaded machine.
            lines.append("      timeout: 300")
            lines.append(f"      description: \"{category} {name.replace('_', ' ')}\"")
    write("inventory/config.yaml", "\n".join(lines) + "\n")
    return sum(len(entries) for _, entries in groups)


tree()
count = metrics()
git_history()
print(count)
