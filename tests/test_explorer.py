"""The explorer (`plotting.Explorer`) in a real JupyterLab, in headless Chromium: a notebook builds it on the
committed summaries of the main job; changing a widget (metric, losses) changes the figure and the tables.
Screenshots go to the test's temporary folder (the path is printed)."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
import browser  # noqa: E402  (tools/browser.py)

SNAPSHOT = ROOT/'nbs'/'_data'/'offline_sweep'/'offline'
CELL = f"""from weak_to_strong.plotting import Explorer
from weak_to_strong.results import load_runs
explorer = Explorer(load_runs({str(SNAPSHOT)!r}))
explorer"""
# what the page shows now: the explorer's figure, its tables, its widgets
STATE = r"""(() => {
  const out = document.querySelector('.widget-output');
  const img = out && out.querySelector('img');
  const labels = [...document.querySelectorAll('.widget-dropdown, .widget-select-multiple')]
                   .map(w => (w.querySelector('.widget-label') || {}).textContent);
  return {widgets: labels, image: img ? img.src.slice(-200) : null,
          tables: out ? [...out.querySelectorAll('table')].map(t => t.innerText) : []};
})()"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    "A JupyterLab server on localhost serving a notebook with the explorer's cell; yields the notebook's URL."
    nb = dict(cells=[dict(cell_type='code', execution_count=None, id='explorer', metadata={}, outputs=[],
                          source=CELL)],
              metadata=dict(kernelspec=dict(name='python3', display_name='Python 3', language='python')),
              nbformat=4, nbformat_minor=5)
    (tmp_path/'explorer.ipynb').write_text(json.dumps(nb))
    port, token = free_port(), 'w2s-test-token'
    env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(tmp_path/'config'), 'JUPYTER_RUNTIME_DIR': str(tmp_path/'rt'),
           'MPLBACKEND': 'Agg'}
    proc = subprocess.Popen([sys.executable, '-m', 'jupyter', 'lab', '--no-browser', '--allow-root', f'--port={port}',
                             '--ServerApp.ip=127.0.0.1', f'--IdentityProvider.token={token}',
                             f'--ServerApp.root_dir={tmp_path}', '--LabApp.news_url=None',
                             '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'],
                            env=env, stdout=open(tmp_path/'lab.log', 'w'), stderr=subprocess.STDOUT)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f'http://127.0.0.1:{port}/api/status?token={token}', timeout=2)
                break
            except OSError: time.sleep(0.5)
        else: pytest.fail('JupyterLab did not start:\n' + (tmp_path/'lab.log').read_text()[-3000:])
        yield f'http://127.0.0.1:{port}/lab/tree/explorer.ipynb?token={token}'
    finally:
        proc.terminate()
        try: proc.wait(20)
        except subprocess.TimeoutExpired: proc.kill()


class Page:
    "One tab of `browser.Chromium`, kept open: evaluate scripts, wait for conditions, take screenshots."
    def __init__(self, c: browser.Chromium, url: str):
        self.c = c
        self.target = c.send('Target.createTarget', url='about:blank')['targetId']
        self.s = c.send('Target.attachToTarget', targetId=self.target, flatten=True)['sessionId']
        c.send('Page.enable', self.s)
        c.send('Emulation.setDeviceMetricsOverride', self.s, width=1400, height=1000, deviceScaleFactor=1,
               mobile=False)
        c.send('Page.navigate', self.s, url=url)
        c.wait_event('Page.loadEventFired', self.s)

    def js(self, expr: str):
        r = self.c.send('Runtime.evaluate', self.s, expression=expr, returnByValue=True, awaitPromise=True)
        if 'exceptionDetails' in r: raise RuntimeError(r['exceptionDetails'])
        return r['result'].get('value')

    def wait(self, what: str, check, timeout: float = 180, poll: float = 0.5):
        end = time.time() + timeout
        while time.time() < end:
            state = self.js(STATE)
            if check(state): return state
            time.sleep(poll)
        raise AssertionError(f"timed out waiting for {what}; the page shows {state}")

    def run_first_cell(self):
        "Click the first cell's prompt (command mode) and press Shift+Enter, as a user runs it."
        x, y = self.js("(() => { const r = document.querySelector('.jp-Cell .jp-InputArea-prompt')"
                       ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ('mousePressed', 'mouseReleased'):
            self.c.send('Input.dispatchMouseEvent', self.s, type=kind, x=x, y=y, button='left', clickCount=1)
        for kind in ('keyDown', 'keyUp'):
            self.c.send('Input.dispatchKeyEvent', self.s, type=kind, key='Enter', code='Enter',
                        windowsVirtualKeyCode=13, modifiers=8)

    def screenshot(self, path: Path):
        import base64
        shot = self.c.send('Page.captureScreenshot', self.s, format='png')
        path.write_bytes(base64.b64decode(shot['data']))


def choose(page: Page, label: str, script: str):
    "Run `script` on the <select> of the widget labelled `label` (as `s`), then tell the widget it changed."
    page.js(f"""(() => {{
      const w = [...document.querySelectorAll('.widget-dropdown, .widget-select-multiple')]
                  .find(w => (w.querySelector('.widget-label') || {{}}).textContent === {label!r});
      const s = w.querySelector('select'); {script}
      s.dispatchEvent(new Event('change', {{bubbles: true}}));
    }})()""")


def test_explorer_in_jupyterlab(lab, tmp_path):
    if browser.find_chromium() is None:
        pytest.fail("chromium is not installed (tools/setup.sh installs it)")
    with browser.Chromium(timeout=120) as c:
        page = Page(c, lab)
        for _ in range(240):   # JupyterLab builds its page after the load event; then the kernel starts
            if page.js("!!document.querySelector('.jp-Notebook .jp-Cell')"): break
            time.sleep(0.5)
        prompt = "document.querySelector('.jp-Cell .jp-InputArea-prompt').textContent"
        for attempt in range(12):   # the kernel may still be starting: a run asked too early is lost
            page.run_first_cell()
            for _ in range(20):
                if page.js(prompt).strip() != '[ ]:': break
                time.sleep(1)
            else: continue
            break
        first = page.wait('the explorer', lambda s: s['image'] and len(s['tables']) == 2, timeout=240)
        assert first['widgets'] == ['dataset', 'metric', 'losses', 'seeds'], first['widgets']
        assert 'logconf' in first['tables'][0] and 'xent' in first['tables'][0]
        page.screenshot(tmp_path/'1-explorer.png')

        choose(page, 'metric', "s.value = 'auroc';")
        auroc = page.wait('the AUROC figure', lambda s: s['image'] and s['image'] != first['image']
                          and len(s['tables']) == 2 and s['tables'] != first['tables'])
        page.screenshot(tmp_path/'2-auroc.png')

        choose(page, 'losses', "[...s.options].forEach(o => o.selected = o.value.includes('xent'));")
        xent = page.wait('the xent-only tables', lambda s: s['image'] and s['image'] != auroc['image']
                         and s['tables'] and 'logconf' not in s['tables'][0])
        assert 'xent' in xent['tables'][0]
        page.screenshot(tmp_path/'3-xent-only.png')
        print(f"screenshots in {tmp_path}")
