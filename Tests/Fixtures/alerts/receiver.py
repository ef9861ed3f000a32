"""An HTTP receiver on 127.0.0.1 for alert tests: records every request and answers as planned.

usage: receiver.py LOG PLAN
Prints its port, then serves until stdin closes. Each request is appended to LOG as one JSON line
(method, path, headers, body). PLAN is a comma-separated list of answers for the requests in order, the last
repeating: a status code (200, 500, ...) or `hang` (never answer).
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log_path, plan = sys.argv[1], sys.argv[2].split(",")
lock = threading.Lock()
count = 0


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        with lock:
            answer = plan[min(count, len(plan) - 1)]
            count += 1
            with open(log_path, "a") as log:
                log.write(json.dumps({"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                                      "body": body, "answer": answer}) + "\n")
        if answer == "hang":
            time.sleep(3600)
            return
        status = int(answer)
        payload = b"ok" if status < 300 else b"error"
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
server.shutdown()
