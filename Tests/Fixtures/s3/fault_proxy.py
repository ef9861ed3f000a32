"""A fault-injecting HTTP proxy on 127.0.0.1 in front of an S3 API server, which also checks SigV4 signatures.

usage: fault_proxy.py UPSTREAM_PORT ACCESS_KEY SECRET
Prints its port, then serves until stdin closes. Control requests (not forwarded, not counted):
  GET /__control/faults?list=slowdown,error500,truncate,stall,forbidden   queue faults for the next requests
      (also loop: a one-object page that is truncated with the continuation token 'loop'; negative_size: the
      first <Size> made -5)
  GET /__control/count                                                    requests forwarded or faulted so far
  GET /__control/connections                                              connections that carried those requests
  GET /__control/region?name=eu-west-1         from now on, answer 301 PermanentRedirect to requests signed for another region
A request whose signature botocore does not reproduce gets 403 SignatureDoesNotMatch.
"""
import datetime
import http.client
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

upstream_port, access_key, secret = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lock = threading.Lock()
faults = []
count = 0
connections = 0
bucket_region = None
signing_lock = threading.Lock()


def error_body(code, message):
    return f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()


def expected_authorization(handler):
    """The Authorization header botocore computes for the same request at the same X-Amz-Date."""
    stamp = handler.headers.get("X-Amz-Date", "")
    when = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")
    headers = {name: value for name, value in handler.headers.items() if name.lower().startswith("x-amz-")}
    url = f"http://{handler.headers['Host']}{handler.path}"
    token = handler.headers.get("x-amz-security-token")
    request = AWSRequest(method=handler.command, url=url, headers=headers)
    credential = handler.headers.get("Authorization", "").split("Credential=")[-1].split("/")
    region = credential[2] if len(credential) > 2 else "us-east-1"

    class Fixed(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return when

        @classmethod
        def now(cls, tz=None):
            return when.replace(tzinfo=tz)

    with signing_lock:
        original = botocore.auth.datetime.datetime
        botocore.auth.datetime.datetime = Fixed
        try:
            botocore.auth.S3SigV4Auth(Credentials(access_key, secret, token), "s3", region).add_auth(request)
        finally:
            botocore.auth.datetime.datetime = original
    return request.headers["Authorization"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self.counted = False

    def reply(self, status, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        global count, connections, bucket_region
        if self.path.startswith("/__control/"):
            parts = urlsplit(self.path)
            with lock:
                if parts.path == "/__control/faults":
                    faults.extend(f for f in parse_qs(parts.query).get("list", [""])[0].split(",") if f)
                    return self.reply(200, b"ok")
                if parts.path == "/__control/region":
                    bucket_region = parse_qs(parts.query)["name"][0]
                    return self.reply(200, b"ok")
                if parts.path == "/__control/connections":
                    return self.reply(200, str(connections).encode())
                return self.reply(200, str(count).encode())
        with lock:
            count += 1
            if not self.counted:
                self.counted = True
                connections += 1
            fault = faults.pop(0) if faults else None
        if fault == "slowdown":
            return self.reply(503, error_body("SlowDown", "Please reduce your request rate."))
        if fault == "error500":
            return self.reply(500, error_body("InternalError", "We encountered an internal error. Please try again."))
        if fault == "forbidden":
            return self.reply(403, error_body("AccessDenied", "Access Denied"))
        if fault == "loop":
            body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><IsTruncated>true</IsTruncated>"
                    "<Contents><Key>k</Key><LastModified>2025-01-01T00:00:00.000Z</LastModified><Size>1</Size></Contents>"
                    "<NextContinuationToken>loop</NextContinuationToken></ListBucketResult>").encode()
            return self.reply(200, body, [("Content-Type", "application/xml")])
        scope = self.headers.get("Authorization", "").split("Credential=")[-1].split("/")
        if bucket_region and (len(scope) < 3 or scope[2] != bucket_region):
            body = error_body("PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint.")
            return self.reply(301, body, [("x-amz-bucket-region", bucket_region)])
        if fault == "stall":
            time.sleep(10)
            self.close_connection = True
            return
        if self.headers.get("Authorization") != expected_authorization(self):
            return self.reply(403, error_body("SignatureDoesNotMatch", "The request signature we calculated does not match"))
        connection = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
        connection.request("GET", self.path, headers={k: v for k, v in self.headers.items()})
        response = connection.getresponse()
        body = response.read()
        if fault == "truncate":
            body = body[: len(body) // 2]
        if fault == "negative_size":
            body = re.sub(rb"<Size>[0-9]+</Size>", b"<Size>-5</Size>", body, count=1)
        self.reply(response.status, body, [("Content-Type", response.getheader("Content-Type", "application/xml"))])


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
print(server.server_address[1], flush=True)
sys.stdin.read()
