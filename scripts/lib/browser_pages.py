#!/usr/bin/env python3
"""Opens pages in headless Chromium through the DevTools protocol over a pipe (--remote-debugging-pipe: no
package beyond Python's standard library) and checks each one at several window widths.

Usage: browser_pages.py CHROMIUM OUT_DIR PAGES_FILE SIGN_IN_URL [ADMIN_SIGN_IN_URL]

PAGES_FILE has one page a line, fields separated by '|':
    name|url|who|status|selector selector ...
who is `user` (opened after SIGN_IN_URL, a one-time sign-in link, in the same browser context), `admin` (the same
after ADMIN_SIGN_IN_URL, an administrator's link) or `anon` (a fresh context without cookies); status is the HTTP status the page must answer; the selectors (CSS) must each match an
element of the page (its tables and charts).

For every page and width (1366 and 390 px) it saves OUT_DIR/NAME-WIDTH.png (the whole page) and NAME-WIDTH.html
(the DOM after scripts ran), and fails on: another HTTP status of the page, an HTTP error of anything the page
loads, a console message or uncaught exception, a missing selector, and at 390 px a page wider than the window
(document.documentElement.scrollWidth > clientWidth: the page scrolls sideways). Prints one line per problem and
exits 1 when there is any.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time

WIDTHS = (1366, 390)
TIMEOUT = 90


class Browser:
    def __init__(self, chromium, profile):
        # fd 3: commands to the browser, fd 4: answers and events, each message a JSON text ended by NUL. The child's
        # ends are first moved above 10 (non-inheritable), then duplicated onto 3 and 4 in the child only.
        import fcntl

        def high(fd):
            moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(fd)
            return moved

        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        to_browser_r, from_browser_w = high(to_browser_r), high(from_browser_w)
        flags = [
            chromium, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-dev-shm-usage",
            "--hide-scrollbars", "--lang=vi-VN", f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank",
        ]

        def child_fds():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(
            flags, close_fds=False, preexec_fn=child_fds, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=TIMEOUT):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self.read(deadline)
            if m is None:
                raise RuntimeError(f"{method}: no answer in {timeout} s")
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def read(self, deadline):
        import select

        while b"\0" not in self.buffer:
            left = deadline - time.time()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("the browser closed its pipe")
            self.buffer += chunk
        text, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(text)

    def wait_event(self, method, session, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method and e.get("sessionId") == session:
                    del self.events[i]
                    return e
            m = self.read(deadline)
            if m is None:
                return None
            self.events.append(m)

    def drain(self, seconds):
        deadline = time.time() + seconds
        while True:
            m = self.read(deadline)
            if m is None:
                return
            self.events.append(m)

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


CHECK = """(() => {
  const missing = %s.filter(s => !document.querySelector(s));
  const d = document.documentElement;
  return JSON.stringify({missing, scrollWidth: d.scrollWidth, clientWidth: d.clientWidth,
    height: Math.min(Math.max(d.scrollHeight, document.body ? document.body.scrollHeight : 0), 12000),
    html: '<!DOCTYPE html>\\n' + d.outerHTML});
})()"""


def open_page(browser, context, url, width):
    target = browser.send("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
        session=session,
    )
    browser.events = [e for e in browser.events if e.get("sessionId") != session]
    browser.send("Page.navigate", {"url": url}, session=session)
    loaded = browser.wait_event("Page.loadEventFired", session)
    browser.drain(0.7)  # late scripts, the live stream's first event
    return target, session, loaded is not None


def check_page(browser, contexts, out, page, problems):
    name, url, who, status, selectors = page
    for width in WIDTHS:
        label = f"{name} ({width} px)"
        target, session, loaded = open_page(browser, contexts[who], url, width)
        if not loaded:
            problems.append(f"{label}: {url} không tải xong trong {TIMEOUT} s")
        events = [e for e in browser.events if e.get("sessionId") == session]
        browser.events = [e for e in browser.events if e.get("sessionId") != session]
        document_status = None
        for e in events:
            method, p = e.get("method"), e.get("params", {})
            if method == "Network.responseReceived":
                r = p["response"]
                if p.get("type") == "Document" and document_status is None:
                    document_status = r["status"]
                elif r["status"] >= 400:
                    problems.append(f"{label}: {r['url']} → HTTP {r['status']}")
            elif method == "Runtime.consoleAPICalled":
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                problems.append(f"{label}: console.{p.get('type')}: {text[:200]}")
            elif method == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                problems.append(f"{label}: lỗi JavaScript: {d.get('exception', {}).get('description', d.get('text', ''))[:200]}")
            elif method == "Log.entryAdded":
                entry = p.get("entry", {})
                # The page's own status is checked above; any other error the browser logs is a failure.
                if entry.get("level") == "error" and not (entry.get("source") == "network" and entry.get("url") == url):
                    problems.append(f"{label}: {entry.get('source')}: {entry.get('text', '')[:200]}")
        if document_status != int(status):
            problems.append(f"{label}: {url} → HTTP {document_status} (cần {status})")
        result = browser.send("Runtime.evaluate", {"expression": CHECK % json.dumps(selectors), "returnByValue": True}, session=session)
        facts = json.loads(result["result"]["value"])
        stem = f"{out}/{name}-{width}"
        with open(stem + ".html", "w", encoding="utf-8") as f:
            f.write(facts["html"])
        for s in facts["missing"]:
            problems.append(f"{label}: thiếu «{s}» trong trang")
        if width < 600 and facts["scrollWidth"] > facts["clientWidth"]:
            problems.append(
                f"{label}: trang cuộn ngang (scrollWidth {facts['scrollWidth']} > clientWidth {facts['clientWidth']})"
            )
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": max(facts["height"], 600), "deviceScaleFactor": 1, "mobile": width < 600},
            session=session,
        )
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
        with open(stem + ".png", "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        browser.send("Target.closeTarget", {"targetId": target})
        print(f"   {label}: {url} → HTTP {document_status}, ảnh {stem}.png", flush=True)


def main(chromium, out, pages_file, sign_in, admin_sign_in=None):
    pages = []
    with open(pages_file, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                name, url, who, status, selectors = line.rstrip("\n").split("|")
                pages.append((name, url, who, status, selectors.split()))
    problems = []
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(chromium, profile)
        try:
            contexts = {
                "anon": browser.send("Target.createBrowserContext")["browserContextId"],
                "user": browser.send("Target.createBrowserContext")["browserContextId"],
                "admin": browser.send("Target.createBrowserContext")["browserContextId"],
            }
            # Sign in once per account: the one-time link sets the session cookie in its context.
            for who, link in (("user", sign_in), ("admin", admin_sign_in)):
                if link is None:
                    continue
                target, session, loaded = open_page(browser, contexts[who], link, 1366)
                browser.send("Target.closeTarget", {"targetId": target})
                browser.events = []
                if not loaded:
                    problems.append(f"liên kết đăng nhập ({who}) không tải xong")
            for page in pages:
                check_page(browser, contexts, out, page, problems)
        finally:
            browser.close()
    for p in problems:
        print(f"   ✗ {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
