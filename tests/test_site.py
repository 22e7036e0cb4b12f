"""The documentation site: README.md is up to date with nbs/index.ipynb, the site builds from the notebooks, every
public function and class has its show_doc entry, every link of every page resolves, and in headless Chromium the
home page, the API page of run_sweep and the tutorial render with their figures, and no page scrolls sideways:
wide tables and code blocks scroll inside their own box.

The site is built from the executed notebooks that tests/test_notebooks.py (which runs first) saved in
`_proc/_executed/`; a notebook without an up-to-date copy (e.g. when this file runs alone) is executed here.
"""
import html.parser
import importlib
import inspect
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit, unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'tools'))
import browser  # noqa: E402  (tools/browser.py)
import docs  # noqa: E402  (tools/docs.py)

SKIP_FLAGS = [f for f in os.environ.get("W2S_SKIP_FLAGS", "hub").split(",") if f]


def test_readme_is_up_to_date():
    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    diff = docs.readme_difference(readme, docs.readme_text())
    assert diff is None, f"README.md is out of date with nbs/index.ipynb (run `make readme`): {diff}"
    for cmd in ('make sweep', 'make test', 'make docs'): assert cmd in readme, cmd
    assert '## Layout' in readme
    # the results sections show a figure and a PGR table each
    for name in ('offline', 'offline-finetune'):
        assert f'](nbs/_data/readme/{name}.png)' in readme, name
    assert readme.count('| dataset | loss | pgr | pgr_lo | pgr_hi |') == 2


def test_readme_difference_sees_text_and_numbers():
    base = 'a table\n| xent | 0.253 | 0.100 |'
    assert docs.readme_difference(base, base.replace('0.253', '0.254')) is None   # the last place may move
    assert 'line 2' in docs.readme_difference(base, base.replace('0.253', '0.263'))
    assert 'line 1' in docs.readme_difference(base, base.replace('table', 'tables'))
    assert 'lines' in docs.readme_difference(base, base + '\nmore')


def test_readme_images_are_up_to_date(tmp_path):
    "The committed PNGs are what `make readme` draws now from the committed summaries (pixels within 1%)."
    from PIL import Image, ImageChops, ImageStat
    drawn = {p.name: p for p in docs.readme_images(tmp_path)}
    committed = {p.name: p for p in docs.README_IMAGES.glob('*.png')}
    assert sorted(drawn) == sorted(committed) == ['offline-finetune.png', 'offline.png']
    for name, path in drawn.items():
        new, old = Image.open(path).convert('RGB'), Image.open(committed[name]).convert('RGB')
        assert new.size == old.size, (name, new.size, old.size)
        mean_diff = sum(ImageStat.Stat(ImageChops.difference(new, old)).mean) / 3
        assert mean_diff < 2.55, f"{name} is stale (mean pixel difference {mean_diff:.2f}): run `make readme`"


@pytest.fixture(scope='module')
def site():
    if prebuilt := os.environ.get('W2S_SITE'): return Path(prebuilt).resolve()  # check a site built before, as it is
    return docs.build(execute='missing', skip_flags=SKIP_FLAGS, quiet=True)


class _Refs(html.parser.HTMLParser):
    "Collects the ids and the link targets (href of a/link, src of img/script) of one HTML page."
    def __init__(self):
        super().__init__(); self.ids, self.refs = set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get('id'): self.ids.add(a['id'])
        for key in ('href', 'src'):
            if a.get(key) and tag in ('a', 'link', 'img', 'script'): self.refs.append(a[key])


def _parse(path: Path) -> _Refs:
    p = _Refs(); p.feed(path.read_text(encoding='utf-8')); return p


def _broken(site: Path, page: Path, ref: str, cache: dict) -> str | None:
    "Why the link `ref` on `page` does not resolve inside `site` (None when it does, or when it leaves the site)."
    u = urlsplit(ref)
    if u.scheme in ('data', 'mailto', 'javascript') or (u.scheme and u.scheme != 'file' and u.netloc) or ref.startswith('//'):
        return None
    target = page if not u.path else (site / unquote(u.path).lstrip('/') if u.path.startswith('/') else page.parent / unquote(u.path))
    if target.is_dir(): target = target / 'index.html'
    if not target.exists(): return f'{ref}: no file {target.relative_to(site) if target.is_relative_to(site) else target}'
    if u.fragment and target.suffix == '.html':
        ids = cache.setdefault(target, _parse(target).ids)
        if u.fragment not in ids: return f'{ref}: no element with id {u.fragment!r} in {target.name}'
    return None


def test_every_link_resolves(site):
    cache, bad = {}, []
    pages = sorted(site.glob('*.html'))
    assert {'index.html', 'sweep.html', 'plotting.html', 'tutorial.html', 'comparison.html'} <= {p.name for p in pages}
    for page in pages:
        for ref in _parse(page).refs:
            if why := _broken(site, page, ref, cache): bad.append(f'{page.name}: {why}')
    assert not bad, '\n'.join(bad)


def test_every_public_symbol_has_its_entry(site):
    "nbdev's convention: a show_doc entry (a heading with the symbol's id) for every exported function and class."
    missing = []
    for nb in docs.notebooks():
        mod_name = _default_exp(nb)
        if mod_name is None: continue
        mod = importlib.import_module(f'weak_to_strong.{mod_name}')
        page = site / f'{docs.page_name(nb)}.html'
        ids = _parse(page).ids
        for name in getattr(mod, '__all__', []):
            obj = getattr(mod, name)
            reexported = getattr(obj, '__module__', mod.__name__) != mod.__name__   # documented where defined
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and not reexported and name.lower() not in ids:
                missing.append(f'{page.name}: {name}')
    assert not missing, 'no show_doc entry for: ' + ', '.join(missing)


def _default_exp(nb: Path):
    for c in json.loads(nb.read_text(encoding='utf-8'))['cells']:
        src = ''.join(c['source']) if isinstance(c['source'], list) else c['source']
        for line in src.splitlines():
            if line.startswith('#| default_exp'): return line.split()[-1]
    return None


@pytest.fixture(scope='module')
def rendered(site):
    if browser.find_chromium() is None:
        pytest.skip("chromium is not installed (tools/setup.sh installs Debian's chromium when run as root)")
    shots = os.environ.get('W2S_SCREENSHOTS')  # a folder to keep screenshots in, for looking at the pages
    out = {}
    with browser.serve(site) as base, browser.Chromium() as c:
        for page in ('index.html', 'sweep.html', 'tutorial.html'):
            out[page] = c.open(base + page, screenshot=Path(shots) / f'{page}.png' if shots else None)
            out[page]['base'] = base
    return out


def _check_page(site, rep, min_images=0):
    assert 'weak_to_strong' in rep['title'], rep['title']
    failed = [i['src'] for i in rep['images'] if not i['loaded']]
    assert not failed, f"images that did not load on {rep['url']}: {failed}"
    assert sum(i['width'] >= 200 for i in rep['images']) >= min_images, f"{rep['url']}: no figure ({rep['images']})"
    assert rep['sidebar'] >= 5, f"{rep['url']}: the sidebar is missing"
    cache, bad = {}, []
    page = site / urlsplit(rep['url']).path.lstrip('/')
    for link in rep['links']:
        if link.startswith(rep['base']):
            if why := _broken(site, page, '/' + link[len(rep['base']):], cache): bad.append(why)
    assert not bad, f"broken links on {rep['url']}: {bad}"
    for raw in ('```', '<!--'): assert raw not in rep['text'], f"raw markup {raw!r} shows on {rep['url']}"
    assert not re.search(r'(?m)^#\|', rep['text']), f"a cell directive (#|) shows on {rep['url']}"


def test_home_page(site, rendered):
    rep = rendered['index.html']
    # the results figure is drawn from the committed summaries of the main job (`make sweep`, then `make snapshot`)
    has_snapshot = any((ROOT / 'nbs' / '_data' / 'offline_sweep').glob('*/*/results_summary.json'))
    _check_page(site, rep, min_images=1 if has_snapshot else 0)
    if not has_snapshot: assert 'No results snapshot yet' in rep['text']
    for s in ('make sweep', 'make test', 'PGR', 'Layout'): assert s in rep['text'], s


def test_api_page_of_run_sweep(site, rendered):
    rep = rendered['sweep.html']
    _check_page(site, rep)
    assert 'run_sweep' in rep['ids']
    text = rep['text']
    i = text.find('run_sweep(')
    assert i >= 0 and 'model_sizes' in text[i:i + 300], 'the signature of run_sweep is not rendered'
    assert '### run_sweep' not in text, 'show_doc markdown shows unrendered'


def test_tutorial(site, rendered):
    rep = rendered['tutorial.html']
    meta = json.loads((docs.EXECUTED / '90_tutorial.ipynb').read_text()).get('metadata', {}).get('w2s_docs', {}) \
        if (docs.EXECUTED / '90_tutorial.ipynb').exists() else {}
    ran_sweep = 'slow' not in meta.get('skip_flags', [])  # with slow cells skipped (quicktest) the sweep did not run
    _check_page(site, rep, min_images=1 if ran_sweep else 0)
    assert 'run_sweep' in rep['text']


def test_wide_tables_scroll_in_their_own_box(site):
    "On every page, at a desktop and at a phone's width: no table or code block is cut at the text's right edge, the"
    "page itself never scrolls sideways, and neither would a wide table written as raw HTML (nbs/styles.css)."
    if browser.find_chromium() is None:
        pytest.skip("chromium is not installed (tools/setup.sh installs Debian's chromium when run as root)")
    bad = []
    with browser.serve(site) as base, browser.Chromium() as c:
        for width in (1280, 600):
            for page in sorted(p.name for p in site.glob('*.html')):
                s = c.open(base + page, width=width)['sideways']
                if s['pageWidth'] > s['viewport'] or s['cut'] or s['rawTableCut']: bad.append(f'{page} at {width}px: {s}')
    assert not bad, '\n'.join(bad)


def test_code_cells_fit_at_desktop_width(site):
    "At 1440 px and wider no code cell scrolls sideways: the code is written within 110 columns (test_width.py),"
    "and nbs/styles.css gives the text column room for that many characters of the code font."
    if browser.find_chromium() is None:
        pytest.skip("chromium is not installed (tools/setup.sh installs Debian's chromium when run as root)")
    bad, seen = [], 0
    with browser.serve(site) as base, browser.Chromium() as c:
        for page in sorted(p.name for p in site.glob('*.html')):
            s = c.open(base + page, width=1440)['sideways']
            seen += 1
            bad += [f'{page}: {line}' for line in s['codeScrolls']]
    assert seen and not bad, '\n'.join(bad)


_FD_CASES = r"""
import os, sqlite3, sys, tempfile
sys.path.insert(0, sys.argv[1])
import browser
db_path = os.path.join(tempfile.mkdtemp(), 'other.db')
for free in [(), (3,), (4,), (3, 4), (100, 101)]:
    for fd in range(3, 300):
        try: os.close(fd)
        except OSError: pass
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(120)]
    for fd in free: os.close(fd)
    db = sqlite3.connect(db_path); db.execute('create table if not exists t (x)')
    with browser.Chromium() as c: assert c.send('Browser.getVersion')['product'].startswith('Chrome/')
    db.execute('insert into t values (1)'); db.commit(); db.close()  # its file descriptor survived
print('ok')
"""


def test_chromium_starts_whatever_descriptors_are_open():
    "A long test session holds a hundred files open or more: Chromium must start whether fds 3 and 4 are open or"
    "not, and whichever numbers its pipes get (once they were 100 and 101: 'Bad file descriptor'), closing nothing."
    if browser.find_chromium() is None:
        pytest.skip("chromium is not installed (tools/setup.sh installs Debian's chromium when run as root)")
    import subprocess
    r = subprocess.run([sys.executable, '-c', _FD_CASES, str(ROOT / 'tools')], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0 and r.stdout.strip() == 'ok', r.stderr[-2000:]
