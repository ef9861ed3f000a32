#!/usr/bin/env python3
"""Drives headless Chromium (Debian's `chromium`) over the DevTools protocol against a running `dims serve`.

Usage: dashboard_check.py URL DIMS ROOT SCREENSHOTS METRIC... --at DAY [--expect-request-and-alert] [--token TOKEN]
       --append-env KEY=VALUE...

Checks, and exits 1 naming every failure:
- the overview shows every METRIC given, with no console error, no failed script, no CSP violation, and no
  request to anything but the server's own loopback address;
- moving the time-travel control to DAY shows that day's values (compared with `/api/overview?at=DAY`);
- after `dims verify` appends events (run with ROOT and the environment given), the page updates without a
  reload within 2 seconds (the live badge's seq and the value shown); with --expect-request-and-alert, the
  approvals and alerts panels then list the request and the alert that append made; with --token too (a server
  started with --allow-write), typing the token and a reviewer into the Write access panel and pressing the
  request's Accept button accepts it (`dims approve list` says so) and the page drops it from the list;
- a metric page draws the trend chart (with the baseline moves marked) and the audit timeline;
- no element or attribute from a metric's name, description or value became markup: no <script> or <img>
  inside the app, no `on*` attribute, no `javascript:` link.
Screenshots of each step go to SCREENSHOTS.
"""
import asyncio
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import websockets


class Page:
    def __init__(self, socket, session):
        self.socket = socket
        self.session = session
        self.next_id = 0
        self.pending = {}
        self.console_errors = []
        self.requests = []
        self.failed = []

    async def call(self, method, params=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.socket.send(json.dumps(message))
        return await asyncio.wait_for(future, 30)

    def handle(self, message):
        if "id" in message and message["id"] in self.pending:
            future = self.pending.pop(message["id"])
            if "error" in message:
                future.set_exception(RuntimeError(f"{message['error']}"))
            else:
                future.set_result(message.get("result", {}))
            return
        method = message.get("method", "")
        params = message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            self.console_errors.append(params.get("exceptionDetails", {}).get("text", "exception"))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            self.console_errors.append(params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            self.failed.append(params.get("errorText", ""))

    async def evaluate(self, expression):
        result = await self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluate failed: {expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression, seconds=10.0):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if await self.evaluate(expression):
                return True
            await asyncio.sleep(0.05)
        return False

    async def navigate(self, url):
        await self.call("Page.navigate", {"url": url})

    async def screenshot(self, path):
        data = await self.call("Page.captureScreenshot", {"format": "png"})
        with open(path, "wb") as file:
            file.write(base64.b64decode(data["data"]))


async def reader(socket, page):
    async for raw in socket:
        page.handle(json.loads(raw))


TOKEN = None


def fetch(url):
    headers = {"Authorization": "Bearer " + TOKEN} if TOKEN else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return json.loads(response.read())


async def run(url, dims, root, shots, metrics, at, env, expect_panels):
    failures = []
    profile = tempfile.mkdtemp(prefix="dims-chromium-")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("FAIL: chromium is not installed (Tools/setup.sh --test installs it)")
        return 1
    browser = subprocess.Popen(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
         f"--user-data-dir={profile}", "--window-size=1300,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        endpoint = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and endpoint is None:
            line = browser.stderr.readline()
            if not line:
                break
            if "DevTools listening on " in line:
                endpoint = line.split("DevTools listening on ", 1)[1].strip()
        if not endpoint:
            print("FAIL: chromium did not start its DevTools endpoint")
            return 1
        async with websockets.connect(endpoint, max_size=64 * 1024 * 1024) as socket:
            root_page = Page(socket, None)
            listener = asyncio.create_task(reader(socket, root_page))
            target = await root_page.call("Target.createTarget", {"url": "about:blank"})
            attached = await root_page.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
            page = Page(socket, attached["sessionId"])
            original = root_page.handle

            def route(message):
                if message.get("sessionId") == page.session:
                    page.handle(message)
                else:
                    original(message)
            root_page.handle = route
            for domain in ("Page", "Runtime", "Log", "Network"):
                await page.call(f"{domain}.enable")

            # A server with a token: the browser opens /?token=TOKEN once and keeps the cookie.
            if TOKEN:
                await page.navigate(url + "/?token=" + urllib.parse.quote(TOKEN))
                await page.wait_for("location.search === '' && document.querySelector('#app') !== null", 10)

            # Overview: every metric shown.
            await page.navigate(url + "/")
            if not await page.wait_for("document.querySelectorAll('#overview tr[data-metric]').length > 0", 20):
                failures.append("the overview table did not appear")
            shown = await page.evaluate("[...document.querySelectorAll('#overview tr[data-metric]')].map(r => r.dataset.metric)")
            for metric in metrics:
                if metric not in (shown or []):
                    failures.append(f"the overview does not show {metric!r} (shows {shown})")
            await page.wait_for("document.getElementById('live').dataset.seq !== undefined", 5)
            await page.screenshot(os.path.join(shots, "overview.png"))

            # Time travel: the slider moved to `at` shows that day's values.
            expected = fetch(url + "/api/overview?at=" + urllib.parse.quote(at))
            days = await page.evaluate(f"""(() => {{
                const slider = document.getElementById('travel');
                const first = new Date(document.getElementById('at').min + 'T00:00:00Z');
                const target = Math.round((new Date('{at}T00:00:00Z') - first) / 86400000);
                slider.value = String(target);
                slider.dispatchEvent(new Event('input'));
                slider.dispatchEvent(new Event('change'));
                return target; }})()""")
            if not await page.wait_for(f"document.getElementById('as-of').textContent.includes('{at}') && location.search.includes('{at}')", 10):
                failures.append(f"moving the time-travel control (to day {days}) did not show {at}")
            await page.wait_for(f"document.title.includes('{at}')", 10)
            for row in expected["metrics"]:
                text = await page.evaluate(f"(() => {{ const r = [...document.querySelectorAll('#overview tr[data-metric]')].find(r => r.dataset.metric === {json.dumps(row['path'])}); return r ? r.querySelector('td.value').textContent : null; }})()")
                value = row["value"]
                want = "ERROR" if row["status"] == "error" else ("—" if value is None else (f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value).lower() if isinstance(value, bool) else str(value)))
                if text != want:
                    failures.append(f"as of {at}, {row['path']} shows {text!r}, the API says {want!r}")
            await page.screenshot(os.path.join(shots, "time-travel.png"))

            # Live: back to now, append with the CLI, see the page change without a reload.
            await page.navigate(url + "/")
            await page.wait_for("document.querySelectorAll('#overview tr[data-metric]').length > 0", 20)
            await page.wait_for("document.getElementById('live').dataset.seq !== undefined", 5)
            await page.evaluate("window.__marker = 'same page'")
            before = await page.evaluate("document.getElementById('live').dataset.seq")
            run_env = dict(os.environ, **env)
            result = subprocess.run([dims, "verify", "--update", "--root", root], env=run_env, capture_output=True, text=True)
            appended = time.monotonic()
            if result.returncode not in (0, 1, 5):
                failures.append(f"dims verify failed ({result.returncode}): {result.stderr}")
            updated = await page.wait_for(f"document.getElementById('live').dataset.refreshed !== undefined && document.getElementById('live').dataset.refreshed !== {json.dumps(before)}", 2.0)
            waited = time.monotonic() - appended
            if not updated:
                failures.append(f"the page did not update within 2 s of the append (seq was {before})")
            if await page.evaluate("window.__marker") != "same page":
                failures.append("the page reloaded instead of updating")
            current = fetch(url + "/api/overview")
            for row in current["metrics"]:
                if row["status"] == "error" or not isinstance(row["value"], int):
                    continue
                text = await page.evaluate(f"(() => {{ const r = [...document.querySelectorAll('#overview tr[data-metric]')].find(r => r.dataset.metric === {json.dumps(row['path'])}); return r ? r.querySelector('td.value').textContent : null; }})()")
                if text != f"{row['value']:,}":
                    failures.append(f"after the append, {row['path']} shows {text!r}, the API says {row['value']:,}")
            print(f"live update seen {waited:.2f} s after the append")
            if expect_panels:
                # The append asked for approval and opened an alert: both panels show it without a reload.
                if not await page.wait_for("document.querySelectorAll('#approvals li[data-request]').length > 0 && document.querySelectorAll('#alerts li[data-metric]').length > 0", 5):
                    failures.append("after the append, the overview shows no pending approval or no open alert")
            await page.screenshot(os.path.join(shots, "live.png"))

            # --allow-write: the token typed into the Write access panel, the request accepted with its button.
            if TOKEN and expect_panels:
                request = await page.evaluate("(() => { const li = document.querySelector('#approvals li[data-request]'); return li ? li.dataset.request : null; })()")
                await page.evaluate(f"""(() => {{
                    for (const [id, value] of [['write-token', {json.dumps(TOKEN)}], ['write-reviewer', 'Ada <img src=x onerror=window.__xss=true>']]) {{
                        const input = document.getElementById(id);
                        input.value = value;
                        input.dispatchEvent(new Event('change'));
                    }}
                    document.getElementById('accept-' + {json.dumps(request)}).click(); }})()""")
                # The page says so, then the live update (the decision was appended) drops the request from the list.
                if not await page.wait_for("document.querySelectorAll('#approvals li[data-request]').length === 0", 30):
                    failures.append(f"after accepting request {request}, the overview still lists it: {await page.evaluate('document.body.innerText.slice(0, 600)')}")
                listed = subprocess.run([dims, "approve", "list", "--all", "--json", "--root", root], env=dict(os.environ, **env), capture_output=True, text=True)
                decided = [r for r in json.loads(listed.stdout or "{}").get("requests", []) if str(r.get("id")) == str(request)]
                if not decided or decided[0].get("status") != "accepted" or not decided[0].get("reviewer", "").startswith("Ada <img"):
                    failures.append(f"dims approve list does not show request {request} accepted by the page's reviewer: {listed.stdout}")
                await page.screenshot(os.path.join(shots, "accepted.png"))

            # A metric page: chart and timeline.
            await page.navigate(url + "/metric/" + urllib.parse.quote(metrics[0], safe=""))
            if not await page.wait_for("document.querySelectorAll('#trend circle.point').length > 0 && document.querySelectorAll('#audit li').length > 0", 20):
                failures.append(f"the metric page of {metrics[0]} shows no chart points or no audit timeline")
            if not await page.wait_for("document.querySelectorAll('#trend line.baseline-move').length > 0", 5):
                failures.append(f"the trend chart of {metrics[0]} marks no baseline move")
            await page.evaluate("document.getElementById('zoom-in').click(); document.getElementById('pan-left').click()")
            await page.screenshot(os.path.join(shots, "metric.png"))
            for metric in metrics[1:]:
                await page.navigate(url + "/metric/" + urllib.parse.quote(metric, safe=""))
                if not await page.wait_for(f"document.getElementById('metric-name') && document.getElementById('metric-name').textContent === {json.dumps(metric)}", 20):
                    failures.append(f"the metric page of {metric!r} does not name it")
            await page.screenshot(os.path.join(shots, "metric-last.png"))

            # Diff page.
            await page.navigate(url + "/diff?since=" + urllib.parse.quote(at))
            if not await page.wait_for("document.querySelectorAll('#diff tr[data-metric]').length > 0", 20):
                failures.append("the diff page shows no rows")
            await page.screenshot(os.path.join(shots, "diff.png"))

            # Nothing from the project became markup, on the pages visited last and on the overview.
            for address in (url + "/", url + "/diff?since=" + urllib.parse.quote(at)):
                await page.navigate(address)
                await page.wait_for("document.querySelectorAll('tr[data-metric]').length > 0", 20)
                injected = await page.evaluate("""(() => {
                    const app = document.getElementById('app');
                    const bad = [...app.querySelectorAll('script, img, iframe, object, embed')].map(e => e.outerHTML.slice(0, 80));
                    for (const e of document.querySelectorAll('*')) {
                        for (const a of e.attributes) {
                            if (a.name.startsWith('on')) bad.push(e.tagName + ' ' + a.name);
                            if ((a.name === 'href' || a.name === 'src') && a.value.trim().toLowerCase().startsWith('javascript:')) bad.push(e.tagName + ' ' + a.value);
                        }
                    }
                    return bad; })()""")
                if injected:
                    failures.append(f"markup from the project reached {address}: {injected}")
            if await page.evaluate("window.__xss === true"):
                failures.append("a hostile string ran as script")
            csp = fetch(url + "/api/csp-reports")["count"]
            if csp:
                failures.append(f"{csp} Content-Security-Policy violations were reported")
            listener.cancel()
            own = urllib.parse.urlsplit(url).netloc
            for request in page.requests:
                parts = urllib.parse.urlsplit(request)
                if parts.scheme in ("data", "about", "blob"):
                    continue
                if parts.netloc != own:
                    failures.append(f"a request left the server: {request}")
            for error in page.console_errors:
                failures.append(f"console error: {error}")
            for error in page.failed:
                if error not in ("net::ERR_ABORTED",):
                    failures.append(f"a request failed: {error}")
            print(f"{len(page.requests)} requests, all to {own}" if not any("left" in f for f in failures) else "")
    finally:
        browser.terminate()
        try:
            browser.wait(10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)
    for failure in failures:
        print("FAIL:", failure)
    print("browser check:", "failed" if failures else "passed")
    return 1 if failures else 0


def main():
    global TOKEN
    args = sys.argv[1:]
    env = {}
    at = None
    expect_panels = False
    positional = []
    i = 0
    while i < len(args):
        if args[i] == "--at":
            at = args[i + 1]
            i += 2
        elif args[i] == "--expect-request-and-alert":
            expect_panels = True
            i += 1
        elif args[i] == "--token":
            TOKEN = args[i + 1]
            i += 2
        elif args[i] == "--append-env":
            key, _, value = args[i + 1].partition("=")
            env[key] = value
            i += 2
        else:
            positional.append(args[i])
            i += 1
    url, dims, root, shots, *metrics = positional
    os.makedirs(shots, exist_ok=True)
    sys.exit(asyncio.run(run(url.rstrip("/"), dims, root, shots, metrics, at, env, expect_panels)))


if __name__ == "__main__":
    main()
