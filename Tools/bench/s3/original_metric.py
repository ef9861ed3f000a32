"""The original way for one metric: one full boto3 paginated listing of the bucket (or prefix), then the value.

usage: original_metric.py BUCKET PREFIX SUFFIX MEASURE EXTRA   (endpoint and keys from the AWS_* environment)
"""
import datetime
import re
import sys

import boto3

bucket, prefix, suffix, measure, extra = sys.argv[1:6]
options = dict(item.split("=", 1) for item in extra.split(";") if item)
pages = boto3.client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
objects = [o for page in pages for o in page.get("Contents", []) if o["Key"].endswith(suffix)]
unit = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}[options.get("unit", "B")]
precision = int(options.get("precision", 2))
now = datetime.datetime.now(datetime.timezone.utc)
if measure == "count":
    print(len(objects))
elif measure == "size":
    print(round(sum(o["Size"] for o in objects) / unit, precision))
elif measure == "avg_size":
    print(round(sum(o["Size"] for o in objects) / len(objects) / unit, precision))
elif measure == "count_smaller_than":
    print(sum(1 for o in objects if o["Size"] < int(options["bytes"])))
elif measure == "newest_age_hours":
    print(round((now - max(o["LastModified"] for o in objects)).total_seconds() / 3600, precision))
elif measure == "oldest_age_days":
    print(round((now - min(o["LastModified"] for o in objects)).total_seconds() / 86400, precision))
elif measure == "date_gaps":
    days = sorted({datetime.date(int(m[1]), int(m[2]), int(m[3])) for o in objects
                   if (m := re.search(r"(\d{4})(\d{2})(\d{2})", o["Key"]))})
    print(sum(1 for a, b in zip(days, days[1:]) if (b - a).days > 1))
