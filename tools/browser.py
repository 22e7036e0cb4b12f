"""Open pages of the built site in headless Chromium and report what a reader would see: title, images that
loaded, links, text. Drives Chromium through the DevTools protocol over a pipe (`--remote-debugging-pipe`), so
it needs no Python package beyond the standard library and no network port for the browser.

    python tools/browser.py _docs index.html sweep.html     # prints a JSON report per page
"""
from __future__ import annotations

import functools
import http.server
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-extensions',
         '--disable-default-apps', '--mute-audio', '--hide-scrollbars', '--remote-debugging-pipe',
         # the site must work offline: every host but the local
         # server fails at once, so nothing waits on a network
         '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']

# What a page shows, gathered in the page after its load event (so images have loaded or failed)
PAGE_REPORT = r"""(() => {
  // Tables and code blocks cut at the right edge of the text (wider than it, and in no box that scrolls
  // sideways within it); also for a wide table written as raw HTML, added for the measurement and removed
  // again.
  const sideways = () => {
    const main = document.querySelector('main.content') || document.body;
    const limit = main.getBoundingClientRect().right;
    const inBox = t => { for (let e = t.parentElement; e && e !== main.parentElement; e = e.parentElement)
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX)
          && e.getBoundingClientRect().right <= limit + 1) return true; return false; };
    const cut = t => t.getBoundingClientRect().right > limit + 1 && !inBox(t);
    const probe = document.createElement('table');
    probe.innerHTML = '<tr>' + '<td>a_wide_cell_without_a_break</td>'.repeat(80) + '</tr>';
    main.appendChild(probe);
    const rawTableCut = cut(probe), pageWidth = document.documentElement.scrollWidth;
    probe.remove();
    // code cells that scroll sideways in their own box: their longest line, as it starts
    const longest = p => (p.innerText || '').split('\n').reduce((a, b) => b.length > a.length ? b : a, '');
    const codeScrolls = [...main.querySelectorAll('pre.cell-code')]
                          .filter(p => p.scrollWidth > p.clientWidth + 1)
                          .map(p => longest(p).trim().slice(0, 60));
    return {pageWidth: pageWidth, viewport: document.documentElement.clientWidth, rawTableCut: rawTableCut,
            cut: [...main.querySelectorAll('table, pre')].filter(cut)
                   .map(t => (t.innerText || '').slice(0, 60)), codeScrolls: codeScrolls};
  };
  const imgs = [...document.images].map(i => ({src: i.getAttribute('src').slice(0, 80),
                                              loaded: i.complete && i.naturalWidth > 0,
                                              width: i.naturalWidth, height: i.naturalHeight}));
  const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
  const h = document.querySelector('h1');
  return {url: location.href, title: document.title, h1: h ? h.textContent.trim() : null, images: imgs,
          links: links, ids: [...document.querySelectorAll('[id]')].map(e => e.id),
          text: document.body.innerText,
          sidebar: document.querySelectorAll('#quarto-sidebar a, .sidebar a').length, sideways: sideways()};
})()"""


def find_chromium() -> str | None:
    "The Chromium executable (Debian's `chromium`), or None."
    for name in ('chromium', 'chromium-browser', 'google-chrome', 'chrome'):
        if p := shutil.which(name): return p
    return None


def _is_open(fd: int) -> bool:
    try: os.fstat(fd)
    except OSError: return False
    return True


def _move_above_4(fd: int) -> int:
    "`fd` on the lowest free descriptor above 4 (close-on-exec), the old one closed."
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 5)
    os.close(fd)
    return moved


class Chromium:
    "A headless Chromium driven over the DevTools pipe: `open(url)` returns the page report."
    def __init__(self, exe: str | None = None, timeout: float = 60):
        exe = exe or find_chromium()
        if exe is None:
            raise RuntimeError("chromium not found: install Debian's chromium (tools/setup.sh does, as root)")
        self.profile = tempfile.mkdtemp(prefix='w2s-chromium-')
        cmd_r, cmd_w = os.pipe()   # we write commands, Chromium reads them on fd 3
        res_r, res_w = os.pipe()   # Chromium writes replies on fd 4, we read them
        # Chromium's ends move to the lowest free fds above 4 (F_DUPFD overwrites nothing, where a fixed
        # number would close whatever this process keeps there), so that the child can put them on 3 and 4
        # without one overwriting the other
        cmd_r, res_w = [_move_above_4(fd) for fd in (cmd_r, res_w)]
        def child():
            os.dup2(cmd_r, 3); os.dup2(res_w, 4)
        # subprocess marks the pass_fds inheritable in the child before preexec_fn runs, which fails (EBADF)
        # for one that is not open here; and its own error pipe must not land on 3 or 4 either
        reserved = [os.open(os.devnull, os.O_RDONLY) for fd in (3, 4) if not _is_open(fd)]
        try:
            self.proc = subprocess.Popen([exe, *FLAGS, f'--user-data-dir={self.profile}', 'about:blank'],
                                         pass_fds=(3, 4), preexec_fn=child,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finally:
            for fd in (*reserved, cmd_r, res_w): os.close(fd)
        self.w, self.r = os.fdopen(cmd_w, 'wb', buffering=0), os.fdopen(res_r, 'rb', buffering=0)
        self.buf, self.n, self.timeout, self.events = b'', 0, timeout, []

    def _read(self) -> dict:
        while b'\0' not in self.buf:
            chunk = self.r.read(1 << 16)
            if not chunk: raise RuntimeError('chromium closed the DevTools pipe')
            self.buf += chunk
        msg, self.buf = self.buf.split(b'\0', 1)
        return json.loads(msg)

    def send(self, method: str, session: str | None = None, **params) -> dict:
        self.n += 1
        msg = dict(id=self.n, method=method, params=params)
        if session: msg['sessionId'] = session
        self.w.write(json.dumps(msg).encode() + b'\0')
        while True:
            m = self._read()
            if m.get('id') == self.n:
                if 'error' in m: raise RuntimeError(f"{method}: {m['error']}")
                return m.get('result', {})
            self.events.append(m)

    def wait_event(self, method: str, session: str):
        for i, m in enumerate(self.events):
            if m.get('method') == method and m.get('sessionId') == session: return self.events.pop(i)
        while True:
            m = self._read()
            if m.get('method') == method and m.get('sessionId') == session: return m
            self.events.append(m)

    def open(self, url: str, screenshot: str | Path | None = None, width: int = 1280) -> dict:
        """Load `url` in a fresh tab `width` pixels wide, wait for its load event, and return the page report
        (PAGE_REPORT)"""
        target = self.send('Target.createTarget', url='about:blank')['targetId']
        s = self.send('Target.attachToTarget', targetId=target, flatten=True)['sessionId']
        try:
            self.send('Page.enable', s)
            self.send('Emulation.setDeviceMetricsOverride', s, width=width, height=900, deviceScaleFactor=1,
                      mobile=False)
            nav = self.send('Page.navigate', s, url=url)
            if nav.get('errorText'): raise RuntimeError(f"cannot open {url}: {nav['errorText']}")
            self.wait_event('Page.loadEventFired', s)
            r = self.send('Runtime.evaluate', s, expression=PAGE_REPORT, returnByValue=True,
                          awaitPromise=True)
            if 'exceptionDetails' in r:
                raise RuntimeError(f"page script failed on {url}: {r['exceptionDetails']}")
            if screenshot:
                import base64
                shot = self.send('Page.captureScreenshot', s, format='png', captureBeyondViewport=False)
                Path(screenshot).write_bytes(base64.b64decode(shot['data']))
            return r['result']['value']
        finally:
            self.send('Target.closeTarget', targetId=target)

    def close(self):
        try: self.send('Browser.close')
        except Exception: pass
        try: self.proc.wait(10)
        except subprocess.TimeoutExpired: self.proc.kill(); self.proc.wait()
        for f in (self.w, self.r): f.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self): return self
    def __exit__(self, *exc): self.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass


@contextmanager
def serve(folder):
    "Serve `folder` on 127.0.0.1 (a free port) in a thread; yields the base URL."
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True); t.start()
    try: yield f'http://127.0.0.1:{httpd.server_address[1]}/'
    finally: httpd.shutdown(); httpd.server_close()


if __name__ == '__main__':
    folder, pages = sys.argv[1], sys.argv[2:] or ['index.html']
    with serve(folder) as base, Chromium() as c:
        for p in pages:
            rep = c.open(base + p)
            rep['text'] = rep['text'][:300]; rep['ids'] = len(rep['ids'])
            print(json.dumps(rep, indent=1))
