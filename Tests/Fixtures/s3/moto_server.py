"""Runs moto's S3 API server on 127.0.0.1 on a free port, prints the port, and stops when stdin closes.

usage: moto_server.py [BUCKET COUNT TRUTH_FILE]
With arguments, first seeds BUCKET in-process with the objects of seeding.py, then (unless TRUTH_FILE is `-`)
writes the truth as JSON lines {"key", "size", "modified"} read back over HTTP with boto3's paginator,
before printing the port.
"""
import json
import os
import sys

from moto.core import DEFAULT_ACCOUNT_ID
from moto.s3.models import s3_backends
from moto.server import ThreadedMotoServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seeding  # noqa: E402

sys.stderr = open(os.devnull, "w")
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
port = server.get_host_and_port()[1]

if len(sys.argv) == 4:
    import boto3

    bucket, count, truth_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    backend.create_bucket(bucket, "us-east-1")
    for key, size in seeding.objects(count):
        backend.put_object(bucket, key, b"x" * size)
    client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                          aws_access_key_id="AKIDSEED", aws_secret_access_key="seed-secret")
    with open(os.devnull if truth_path == "-" else truth_path, "w", encoding="utf-8") as truth:
        pages = [] if truth_path == "-" else client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for page in pages:
            for item in page.get("Contents", []):
                line = {"key": item["Key"], "size": item["Size"], "modified": int(item["LastModified"].timestamp())}
                truth.write(json.dumps(line) + "\n")

print(port, flush=True)
sys.stdin.read()
