"""The deterministic objects of a seeded test or bench bucket: keys with spaces, `+`, `%`, unicode, control characters,
deep prefixes, sizes on both sides of 1,024 bytes, and dated key names with gaps."""
import datetime
import random

SIZES = [0, 1, 100, 1023, 1024, 1025, 2048, 5000]


def objects(count, seed=7):
    """Returns a list of (key, size) of `count` objects."""
    rng = random.Random(seed)
    special = ["weird/a b.txt", "weird/a+b.txt", "weird/100%.txt", "weird/caf\u00e9/\u00fcber \u65e5\u672c.bin",
               "weird/x&y<z>'q\".txt", "weird/%2F literal.txt", "weird/plus+and space+.txt", "weird/~tilde=eq?.txt",
               "weird/line\nbreak.txt", "weird/tab\there.txt", "weird/control\x01.txt"]
    deep = ["deep/" + "/".join(f"level{d}" for d in range(depth)) + f"/leaf{depth}.dat" for depth in range(1, 30)]
    start = datetime.date(2023, 10, 1)
    days = [start + datetime.timedelta(days=n) for n in range(120) if n % 17 not in (5, 6) and n not in (40, 41, 42)]
    dated = [f"espn/schedule/{day.strftime('%Y%m%d')}.json" for day in days]
    keys = special + deep + dated
    number = 0
    folders = ["hoopr_parquet/season=2021", "hoopr_parquet/season=2022", "raw/box", "raw/pbp", "misc"]
    suffixes = [".parquet", ".json", ".csv.gz", ".parquet"]
    while len(keys) < count:
        keys.append(f"{folders[number % 5]}/part-{number:06d}{suffixes[number % 4]}")
        number += 1
    return [(key, rng.choice(SIZES)) for key in keys[:count]]
