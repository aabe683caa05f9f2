"""cdp.py: a small Chrome DevTools Protocol client for the browser tests.

Drives Debian's headless Chromium the way a user would (typing, pressing
keys, clicking with the mouse) and reads the DOM back, with Python's
standard library alone: no websocket, no Selenium, no Puppeteer.

Chromium is started with --remote-debugging-pipe: it reads protocol
commands from its file descriptor 3 and writes answers and events to its
file descriptor 4, each message one JSON object ended by a NUL byte.

    from cdp import Browser
    with Browser("/tmp/scratch") as b:
        b.navigate("http://127.0.0.1:8700/")
        b.type("form.search input[name=q]", "notice")
        b.press_enter(wait_load=True)
        print(b.evaluate("document.title"))
        b.click("ol.hits li a", wait_load=True)
        b.screenshot("/tmp/scratch/clause.png")

Every wait is bounded (20 s by default): a browser that hangs or dies
raises CDPError instead of hanging the test, and leaving the `with`
block, however it is left, stops Chromium and every process it started.
"""

import base64
import ctypes
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time

TIMEOUT = 20.0


def _subreaper():
    """Make this process the reaper of its orphaned descendants (Linux's
    PR_SET_CHILD_SUBREAPER): Chromium's zygotes and crash handlers, once
    it is gone, are then ours to reap, not left as zombies for init."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)      # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass    # not Linux: init reaps them instead


def _on_term(signum, frame):
    raise SystemExit(128 + signum)


def _cleanup_on_sigterm():
    """SIGTERM (from timeout(1), say) as SystemExit, so that a `with
    Browser(...)` block being left still stops Chromium; unless someone
    has a handler of their own already."""
    try:
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_term)
    except ValueError:
        pass    # not the main thread


class CDPError(Exception):
    """The browser said no, said nothing in time, or went away."""


class Browser:
    def __init__(self, scratch, chromium="chromium", timeout=TIMEOUT,
                 width=1200, height=1000):
        self.timeout = timeout
        self.proc = None
        self.session = None
        self.next_id = 0
        self.inbuf = b""
        self.events = []        # events read while waiting for something else
        self.log = None
        self.profile = tempfile.mkdtemp(prefix="chrome.", dir=scratch)
        # fd 3 of Chromium reads what we write to cmd_w; what it writes
        # on its fd 4 we read from out_r.
        cmd_r, self.cmd_w = os.pipe()
        self.out_r, out_w = os.pipe()

        def fds_3_and_4():
            # In the child, before exec: put the pipe's ends where
            # Chromium expects them.  dup() first, so that neither end
            # is clobbered if os.pipe() happened to give it 3 or 4.
            a, b = os.dup(cmd_r), os.dup(out_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [chromium, "--headless=new", "--remote-debugging-pipe",
                "--user-data-dir=" + self.profile,
                "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-quic",
                "--window-size=%d,%d" % (width, height), "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # its sandbox refuses to run as root
        # Its config, cache and crash reports in the profile too, not in
        # $HOME: the crash handlers it starts (in sessions of their own)
        # then name the profile on their command line, and kill() can
        # find them.
        env = dict(os.environ, XDG_CONFIG_HOME=self.profile,
                   XDG_CACHE_HOME=self.profile)
        _subreaper()
        _cleanup_on_sigterm()
        self.log = open(os.path.join(scratch, "chromium.log"), "wb")
        try:
            # A session of its own: kill() can then stop its whole
            # process group (the zygotes, renderers, GPU process).
            self.proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=self.log,
                stderr=subprocess.STDOUT, pass_fds=(3, 4), env=env,
                preexec_fn=fds_3_and_4, start_new_session=True)
        except BaseException:
            self.kill()     # our ends of the pipe, the profile
            raise
        finally:
            # Chromium's ends, ours no more: EOF on out_r when it exits.
            os.close(cmd_r)
            os.close(out_w)
        try:
            self._attach(width, height)
        except BaseException:
            self.kill()
            raise

    # ---- The pipe --------------------------------------------------------

    def _deadline(self, timeout):
        return time.monotonic() + (self.timeout if timeout is None else timeout)

    def _write(self, msg, deadline):
        data = json.dumps(msg).encode() + b"\0"
        while data:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [self.cmd_w], [], left)[1]:
                raise CDPError("browser not reading its commands")
            try:
                data = data[os.write(self.cmd_w, data):]
            except BrokenPipeError:
                raise CDPError("browser gone (exit %s)" % self.proc.poll())

    def _read(self, deadline):
        """The next message from the browser, or CDPError at deadline."""
        while b"\0" not in self.inbuf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.out_r], [], [], left)[0]:
                raise CDPError("no answer from the browser in time")
            chunk = os.read(self.out_r, 1 << 16)
            if not chunk:
                raise CDPError("browser gone (exit %s)" % self.proc.poll())
            self.inbuf += chunk
        msg, self.inbuf = self.inbuf.split(b"\0", 1)
        return json.loads(msg)

    # ---- Commands and events ---------------------------------------------

    def send(self, method, params=None, session=True, timeout=None):
        """Send a command (to the page's session unless session=False),
        wait for its answer and return its result; events that arrive
        meanwhile are kept for wait_event()."""
        deadline = self._deadline(timeout)
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        self._write(msg, deadline)
        while True:
            m = self._read(deadline)
            if m.get("id") == msg["id"]:
                if "error" in m:
                    raise CDPError("%s: %s" % (method, m["error"].get("message")))
                return m.get("result", {})
            if "method" in m:
                self.events.append(m)

    def wait_event(self, method, timeout=None):
        """The first event `method` (of the page's session) not yet
        waited for, reading until it comes."""
        deadline = self._deadline(timeout)
        while True:
            for i, m in enumerate(self.events):
                if m["method"] == method and m.get("sessionId") == self.session:
                    del self.events[i]
                    return m.get("params", {})
            m = self._read(deadline)
            if "method" in m:
                self.events.append(m)

    def _attach(self, width, height):
        # A page of our own, talked to through a flat session: its
        # sessionId goes with every command, no nested messages.
        target = self.send("Target.createTarget", {"url": "about:blank"},
                           session=False)["targetId"]
        self.session = self.send("Target.attachToTarget",
                                 {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": False})

    # ---- What a user does --------------------------------------------------

    def _loaded(self, action):
        """Do action(), then wait until the page it opens has loaded."""
        self.events = [m for m in self.events if m["method"] != "Page.loadEventFired"]
        action()
        self.wait_event("Page.loadEventFired")

    def navigate(self, url):
        """Open url, as typed in the address bar; wait for its load."""
        def go():
            r = self.send("Page.navigate", {"url": url})
            if r.get("errorText"):
                raise CDPError("%s: %s" % (url, r["errorText"]))
        self._loaded(go)

    def evaluate(self, js, timeout=None):
        """The value of the expression js in the page (promises awaited),
        as JSON brings it back; CDPError if it throws."""
        r = self.send("Runtime.evaluate",
                      {"expression": js, "returnByValue": True,
                       "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise CDPError("%s: %s" % (js, d.get("exception", {}).get(
                "description", d.get("text"))))
        return r["result"].get("value")

    def wait_for(self, js, timeout=None):
        """Wait until the expression js is true in the page (polled)."""
        deadline = self._deadline(timeout)
        while not self.evaluate(js):
            if time.monotonic() > deadline:
                raise CDPError("never true: " + js)
            time.sleep(0.05)

    def url(self):
        return self.evaluate("location.href")

    def _element(self, selector):
        """The centre of the element selector finds, scrolled into view;
        CDPError if there is none, it has no size, or something else
        would take a click there."""
        box = self.evaluate("""(() => {
            const e = document.querySelector(%s);
            if (!e) return "none";
            e.scrollIntoView({block: "center", inline: "center"});
            // a link that wraps has a box a line: its first one
            const r = e.getClientRects()[0] || e.getBoundingClientRect();
            if (r.width < 1 || r.height < 1) return "no size";
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            const top = document.elementFromPoint(x, y);
            if (!top || !(e === top || e.contains(top))) return "covered";
            return [x, y];
        })()""" % json.dumps(selector))
        if not isinstance(box, list):
            raise CDPError("%s: %s" % (selector, box))
        return box

    def click(self, selector, wait_load=False):
        """Click the element with the mouse, at its centre: the events a
        real click sends (move, press, release), not element.click()."""
        x, y = self._element(selector)

        def press():
            base = {"x": x, "y": y, "button": "left", "buttons": 0}
            self.send("Input.dispatchMouseEvent", dict(base, type="mouseMoved",
                                                       button="none"))
            self.send("Input.dispatchMouseEvent", dict(base, type="mousePressed",
                                                       buttons=1, clickCount=1))
            self.send("Input.dispatchMouseEvent", dict(base, type="mouseReleased",
                                                       clickCount=1))
        if wait_load:
            self._loaded(press)
        else:
            press()

    def focus(self, selector):
        if not self.evaluate("(() => { const e = document.querySelector(%s);"
                             " if (!e) return false; e.focus();"
                             " return document.activeElement === e; })()"
                             % json.dumps(selector)):
            raise CDPError("%s: not found or cannot take the focus" % selector)

    def type(self, selector, text):
        """Focus the element, then type text a key at a time: each
        character a keydown (with its text) and a keyup, so that the
        page sees keydown, keypress, input and keyup as from a keyboard."""
        self.focus(selector)
        for ch in text:
            self.send("Input.dispatchKeyEvent",
                      {"type": "keyDown", "key": ch, "text": ch,
                       "unmodifiedText": ch})
            self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch})

    def press_enter(self, wait_load=False):
        """Press Enter where the focus is: in a form's field, submits it."""
        def press():
            key = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13,
                   "nativeVirtualKeyCode": 13}
            self.send("Input.dispatchKeyEvent", dict(key, type="keyDown", text="\r"))
            self.send("Input.dispatchKeyEvent", dict(key, type="keyUp"))
        if wait_load:
            self._loaded(press)
        else:
            press()

    def screenshot(self, path):
        """The viewport as a PNG file."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    # ---- The end -----------------------------------------------------------

    def processes(self):
        """The pids of the processes this browser started that are still
        there, alive or not yet reaped: its process group, those that
        name its profile (the crash handlers, in sessions of their own),
        and the dead ones handed to us to reap (see _subreaper)."""
        pids = []
        mark = self.profile.encode()
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % pid) as f:
                    # pid (comm) state ppid pgrp ...
                    comm, rest = f.read().rsplit(")", 1)
                state, ppid, pgrp = rest.split()[:3]
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    cmdline = f.read()
            except (OSError, ValueError):
                continue    # gone meanwhile
            if (self.proc and int(pgrp) == self.proc.pid) or mark in cmdline or \
                    (state == "Z" and int(ppid) == os.getpid() and
                     comm.split("(", 1)[1].startswith("chrom")):
                pids.append(int(pid))
        return pids

    def kill(self):
        """Stop Chromium and everything it started, now, and reap them
        (bounded); close the pipe."""
        pids = set(self.processes())
        if self.proc:
            pids.discard(self.proc.pid)     # the Popen reaps that one
            try:
                self.proc.kill()
            except OSError:
                pass
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        deadline = time.monotonic() + 5
        if self.proc:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            self.proc = None
        while pids and time.monotonic() < deadline:
            for pid in list(pids):
                try:
                    if os.waitpid(pid, os.WNOHANG)[0] == 0:
                        continue            # not dead yet
                except ChildProcessError:
                    # not our child: gone once /proc forgets it
                    if os.path.exists("/proc/%d" % pid):
                        continue
                pids.discard(pid)
            time.sleep(0.02)
        for fd in (self.cmd_w, self.out_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.cmd_w = self.out_r = -1
        if self.log:
            self.log.close()
            self.log = None
        shutil.rmtree(self.profile, ignore_errors=True)

    def close(self):
        """Ask Chromium to quit (Browser.close) and give it, and the
        processes it started, a few seconds to; then kill what is left."""
        if not self.proc:
            return
        try:
            self.send("Browser.close", session=False, timeout=5)
        except CDPError:
            pass    # it may go before it answers
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is None:
            self.close()
        else:
            self.kill()
        return False
