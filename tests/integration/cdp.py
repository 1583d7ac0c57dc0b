"""A minimal Chrome DevTools Protocol client: start headless Chromium, drive one page, collect errors.

Only what the report's browser test needs: navigate, evaluate, screenshot, and every console
error, uncaught exception and browser log error, so a test can assert the page is clean.
"""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
    "--window-size=1280,900",
]


def chromium_binary():
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser(object):
    def __init__(self, timeout=30):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="amane-chromium-")
        self.process = subprocess.Popen(
            [chromium_binary()] + CHROMIUM_FLAGS + ["--user-data-dir=" + self.profile, "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port = self._wait_port()
        self.socket = websocket.create_connection(self._page_socket(port), timeout=timeout)
        self._next_id = 0
        self.errors = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable")

    def _wait_port(self):
        # Chromium writes the port it picked into the profile once DevTools listens
        path = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + self.timeout
        while time.time() < deadline:
            if os.path.exists(path):
                with open(path) as handle:
                    first = handle.readline().strip()
                if first:
                    return int(first)
            if self.process.poll() is not None:
                raise RuntimeError("chromium exited with status %s" % self.process.returncode)
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its DevTools port in %ss" % self.timeout)

    def _page_socket(self, port):
        deadline = time.time() + self.timeout
        while time.time() < deadline:
            url = "http://127.0.0.1:%d/json/list" % port  # loopback DevTools endpoint of our own chromium
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                targets = json.load(response)
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
            time.sleep(0.1)
        raise RuntimeError("no page target in chromium")

    def _record(self, message):
        method = message.get("method")
        params = message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append("exception: %s" % details.get("exception", {}).get("description", details.get("text")))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append("console.%s: %s" % (params["type"], [a.get("value", a.get("description")) for a in params["args"]]))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            self.errors.append("log: %s %s" % (params["entry"].get("text"), params["entry"].get("url", "")))

    def call(self, method, **params):
        self._next_id += 1
        ident = self._next_id
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            self._record(message)

    def pump(self, seconds):
        """Read events for ``seconds`` (errors that arrive after the last call)."""
        self.socket.settimeout(0.2)
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                self._record(json.loads(self.socket.recv()))
            except websocket.WebSocketTimeoutException:
                pass
        self.socket.settimeout(self.timeout)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError("evaluate %r: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression, timeout=None):
        deadline = time.time() + (timeout or self.timeout)
        while time.time() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.1)
        raise AssertionError("timed out waiting for %s" % expression)

    def navigate(self, url):
        self.call("Page.navigate", url=url)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))
        return path

    def close(self):
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            shutil.rmtree(self.profile, ignore_errors=True)
