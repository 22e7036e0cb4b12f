"""Build the documentation site and README.md from the notebooks, offline, without Quarto.

    python tools/docs.py build [--execute missing|all|none] [--out _docs]   # the site, into _docs/
    python tools/docs.py readme [--check]                                    # README.md from nbs/index.ipynb
    python tools/docs.py snapshot [RESULTS] [--sweep offline-finetune]  # a sweep's summaries into nbs/_data/
    python tools/docs.py init [--check]                                      # the module map in __init__.py
    python tools/docs.py outputs [--check]               # the outputs GitHub shows, into the guide notebooks

The pipeline is nbdev's, with two stand-ins for what needs Quarto:

1. Executed notebooks. Our notebooks are stored without outputs (they are written as jupytext scripts), so the
   docs need an executed copy of each. `run_notebook` runs a notebook the way `nbdev_test` does (same skip
   flags) and saves it, outputs included, to `_proc/_executed/NAME.ipynb` together with a digest of its
   source; tests/test_notebooks.py calls it, so that CI executes every notebook once and the site reuses the
   copies. `build --execute missing` (the default) executes only notebooks whose saved copy is missing or
   stale.
2. Processing. Each executed notebook goes through nbdev's own notebook processors (front matter from the
   title cell, a `show_doc` cell after every exported symbol, hidden and exported code removed, links to
   symbols), except that `show_doc` cells are executed against the exported module rather than by re-running
   the notebook's cells. Pages are named as nbdev names them (`00_core.ipynb` -> `core.html`) and written to
   `_proc/`, beside a copy of the top-level `_quarto.yml` and a generated `sidebar.yml` (the notebooks in
   order).
3. Rendering. smalldocs (pure Python, reads `_quarto.yml` as Quarto does; runs no code) renders `_proc/` into
   `_docs/`.

README.md is built from nbs/index.ipynb's cells (markdown as it is, visible code as code blocks, no outputs),
which is what `nbdev_readme` does with Quarto; `readme --check` fails when README.md is out of date. A hidden code
cell with a line `# README figure: NAME` becomes, in the README, the figure and the PGR table of the committed
summaries nbs/_data/offline_sweep/NAME/ (what the cell draws on the site): `make readme` draws the figure into
nbs/_data/readme/NAME.png (committed, so that GitHub shows it) and writes the table as Markdown.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path: sys.path.insert(0, str(ROOT))  # the package, also where it is not installed
NBS = ROOT / 'nbs'
PROC = ROOT / '_proc'
EXECUTED = PROC / '_executed'
# sidebar sections: a notebook's number tells its stage of the pipeline, the tens digit (00_core, 13_datasets, ...)
STAGES = {0: 'Core', 1: 'Data', 2: 'Models', 3: 'Losses', 4: 'Training', 5: 'One run', 6: 'Many runs',
          7: 'Vision', 9: 'Guides'}


def notebooks() -> list[Path]:
    "The notebooks of the project, in order (nbs/*.ipynb, not starting with '_')."
    return sorted(p for p in NBS.glob('*.ipynb') if not p.name.startswith(('_', '.')))


def source_digest(path: Path) -> str:
    "SHA-256 of a notebook's cell types and sources: changes exactly when what would be executed changes."
    nb = json.loads(Path(path).read_text(encoding='utf-8'))
    h = hashlib.sha256()
    for c in nb['cells']:
        src = c.get('source', '')
        h.update((c['cell_type'] + '\0' + (''.join(src) if isinstance(src, list) else src) + '\0').encode())
    return h.hexdigest()


def page_name(path: Path) -> str:
    "nbdev's page name of a notebook: '00_core.ipynb' -> 'core'."
    return re.sub(r'^\d+[a-zA-Z]?_', '', Path(path).stem)


# ----------------------------------------------------------------------------------------------------
# execution
def run_notebook(path, skip_flags=('hub',), save: bool = True, showerr: bool = True):
    """Run notebook `path` as `nbdev_test` does (cells with a flag in `skip_flags` skipped, cwd = its folder).
    Returns (ok, seconds); when `save`, writes the executed notebook to _proc/_executed/ (also when it failed,
    so the failing cell's traceback can be read there)."""
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    from nbdev.process import extract_directives

    path = Path(path).resolve()
    os.environ['IN_TEST'] = '1'
    nb = read_nb(path)
    for cell in nb.cells: cell.directives_ = extract_directives(cell, remove=False)
    flags = set(skip_flags or ())

    def no_eval(cell):
        if cell.cell_type != 'code': return True
        if 'nbdev_export' + '(' in cell.source: return True
        d = getattr(cell, 'directives_', {}) or {}
        if d.get('eval:', [''])[0].lower() == 'false': return True
        return bool(flags & d.keys())

    start = time.time()
    k = CaptureShell(path)
    try:
        with working_directory(path.parent): k.run_all(nb, exc_stop=True, preproc=no_eval)
        ok = True
    except Exception:
        if showerr: sys.stderr.write(k.prettytb(fname=path) + '\n')
        ok = False
    finally:
        try:
            import matplotlib.pyplot as plt
            plt.close('all')
        except Exception: pass
    secs = time.time() - start
    if save:
        nb.metadata['w2s_docs'] = dict(source_digest=source_digest(path), skip_flags=sorted(flags), ok=ok,
                                       seconds=round(secs, 1))
        EXECUTED.mkdir(parents=True, exist_ok=True)
        tmp = EXECUTED / f'.{path.name}.{os.getpid()}.tmp'  # atomic, also with several test runs at once
        write_nb(nb, tmp)
        os.replace(tmp, EXECUTED / path.name)
    return ok, secs


def executed_copy(path: Path, ok_only: bool = False) -> Path | None:
    """The saved executed copy of notebook `path` when it is up to date with the source (and, with `ok_only`,
    ran without error; a failed run's copy holds the outputs up to the failing cell and its traceback)."""
    p = EXECUTED / Path(path).name
    if not p.exists(): return None
    meta = json.loads(p.read_text(encoding='utf-8')).get('metadata', {}).get('w2s_docs', {})
    if meta.get('source_digest') != source_digest(path) or (ok_only and not meta.get('ok')): return None
    return p


# ----------------------------------------------------------------------------------------------------
# processing
def _processors(lib_name: str):
    "nbdev's default docs processors, with show_doc cells executed against the exported module."
    from execnb.shell import CaptureShell
    from nbdev.process import Processor
    from nbdev.processors import FilterDefaults, exec_show_docs, _is_showdoc, _default_exp

    class exec_show_docs_from_module(Processor):
        "Execute show_doc cells in a shell that holds every global of the notebook's exported module."
        def begin(self):
            self.k = CaptureShell()
            mod = _default_exp(self.nb)
            self.k.run_cell('from nbdev.showdoc import show_doc')
            if mod:
                import importlib
                module = importlib.import_module(f'{lib_name}.{mod}')
                self.k.user_ns.update({k: v for k, v in vars(module).items() if not k.startswith('__')})

        def __call__(self, cell):
            if not _is_showdoc(cell): return
            self.k.cell(cell)
            if self.k.exc:
                raise RuntimeError(
                    f'show_doc failed in {getattr(self.nb, "path_", "?")}:\n{cell.source}'
                ) from self.k.exc

    procs = [exec_show_docs_from_module if p is exec_show_docs else p for p in FilterDefaults().procs()]
    return procs


def _relative_links(text: str, prefix: str) -> str:
    "Links nbdev wrote to the published site, made relative (every page sits at the site's root)."
    return text.replace(prefix, '') if prefix else text


def process_notebook(src: Path, dest_dir: Path, original: Path, lib_name: str, prefix: str) -> dict:
    "Process one (executed) notebook into a page of the site; returns its title and file name."
    from execnb.nbio import read_nb, write_nb
    from nbdev.process import NBProcessor
    nb = read_nb(src)
    nb.path_ = str(original)
    NBProcessor(nb=nb, procs=_processors(lib_name)).process()
    nb.cells = [c for c in nb.cells if c.get('source') is not None or c.get('outputs')]
    title = (getattr(nb, 'frontmatter_', {}) or {}).get('title', page_name(original))
    # smalldocs names pages after their file, not `output-file`
    if nb.cells and nb.cells[0].cell_type == 'raw':
        nb.cells[0].source = re.sub(r'(?m)^output-file:.*\n', '', nb.cells[0].source)
    for c in nb.cells:
        if c.cell_type == 'markdown' and c.source: c.source = _relative_links(c.source, prefix)
        for o in c.get('outputs', []):
            md = o.get('data', {}).get('text/markdown')
            if md is not None:
                o['data']['text/markdown'] = _relative_links(''.join(md) if isinstance(md, list) else md,
                                                             prefix)
    name = 'index.ipynb' if original.stem == 'index' else page_name(original) + '.ipynb'
    write_nb(nb, dest_dir / name)
    return dict(title=str(title), file=name, number=_number(original))


def _number(path: Path):
    m = re.match(r'^(\d+)', Path(path).stem)
    return int(m.group(1)) if m else None


def _sidebar(pages: list[dict]) -> dict:
    "nbdev's sidebar.yml: home, then the notebooks in order, grouped into sections."
    contents = [p['file'] for p in pages if p['number'] is None]
    for stage, title in STAGES.items():
        sec = [p['file'] for p in pages if p['number'] is not None and p['number'] // 10 == stage]
        if sec: contents.append(dict(section=title, contents=sec))
    return dict(website=dict(sidebar=dict(contents=contents)))


def build(out: Path | None = None, execute: str = 'missing', skip_flags=('hub',),
          quiet: bool = False) -> Path:
    """Execute what is needed, process every notebook into _proc/ and render the site with smalldocs; returns
    its folder."""
    import yaml
    from nbdev.config import get_config
    cfg = get_config(path=ROOT)
    out = Path(out or ROOT / cfg.doc_path).resolve()
    prefix = f"{cfg.doc_host.rstrip('/')}{cfg.doc_baseurl.rstrip('/')}/"
    # start from a clean _proc/ (except the executed copies)
    PROC.mkdir(exist_ok=True)
    for p in PROC.iterdir():
        if p.name != '_executed': shutil.rmtree(p) if p.is_dir() else p.unlink()
    pages = []
    for nb in notebooks():
        src = executed_copy(nb)
        if execute == 'all' or (execute == 'missing' and src is None):
            if not quiet: print(f'executing {nb.name} ...', flush=True)
            run_notebook(nb, skip_flags, showerr=not quiet)
            src = executed_copy(nb)
        if src is None:
            print(f'warning: {nb.name} has no executed copy; its page shows no outputs', flush=True)
            src = nb
        elif not executed_copy(nb, ok_only=True):
            # its test fails (and says why); the page shows the
            # outputs up to the failing cell, with the traceback
            print(f'warning: {nb.name} failed when executed; its page shows the outputs up to the error',
                  flush=True)
        pages.append(process_notebook(src, PROC, nb, cfg.lib_name, prefix))
    # the site's config: the top-level _quarto.yml with its output folder made relative to _proc/
    site = yaml.safe_load((ROOT / '_quarto.yml').read_text(encoding='utf-8'))
    site.setdefault('project', {})['output-dir'] = os.path.relpath(out, PROC)
    (PROC / '_quarto.yml').write_text(yaml.safe_dump(site, sort_keys=False), encoding='utf-8')
    (PROC / 'sidebar.yml').write_text(yaml.safe_dump(_sidebar(pages), sort_keys=False), encoding='utf-8')
    for extra in ('styles.css',):
        if (NBS / extra).exists(): shutil.copy2(NBS / extra, PROC / extra)
    if out.exists(): shutil.rmtree(out)
    r = subprocess.run([str(Path(sys.executable).parent / 'smalldocs'), 'render', str(PROC)],
                       capture_output=True, text=True)
    if r.returncode: raise RuntimeError(f'smalldocs failed:\n{r.stdout}\n{r.stderr}')
    if not quiet: print((r.stdout + r.stderr).strip())
    return out


# ---------------------------------------------------------------------------------------------------- outputs
# The notebooks whose figures and tables a reader on GitHub should see: their committed copies keep the outputs
# of a full run (`make outputs`), made small (no progress bars or widget state, PNGs at most SHOWN_WIDTH pixels
# wide). Every code cell with outputs records the digest of the source that made them (`w2s_output_of`, a cell
# metadata key nbdev_clean keeps), so a test fails when a cell changes and its outputs do not.
SHOWN = ('index', '90_tutorial', '61_sweep', '63_plotting', '72_vision')
SHOWN_WIDTH = 640
SHOWN_STREAM_LINES = 40
_RICH = ('image/png', 'text/html', 'text/markdown', 'text/plain')


def output_digest(source) -> str:
    "The digest a cell's outputs record of the source that made them."
    return hashlib.sha256((''.join(source) if isinstance(source, list) else source).encode()).hexdigest()[:16]


def _small_png(b64: str) -> str:
    "A PNG (base64) scaled down to at most SHOWN_WIDTH pixels wide, re-encoded without metadata."
    import base64
    import io
    from PIL import Image
    im = Image.open(io.BytesIO(base64.b64decode(b64)))
    im = im.convert('RGB')
    if im.width > SHOWN_WIDTH:
        im = im.resize((SHOWN_WIDTH, round(im.height * SHOWN_WIDTH / im.width)), Image.LANCZOS)
    buf = io.BytesIO()
    im.quantize(colors=128).save(buf, format='PNG', optimize=True)   # plots use few colours: a third the bytes
    return base64.b64encode(buf.getvalue()).decode()


_EMBEDDED_PNG = re.compile(r'data:image/png;base64,([A-Za-z0-9+/=]+)')


def shown_outputs(outputs: list) -> list:
    "The outputs of a cell worth committing: figures, tables and printed text (stdout, cut), nothing else."
    out = []
    for o in outputs:
        if o.get('output_type') == 'stream' and o.get('name') == 'stdout':
            text = ''.join(o['text']) if isinstance(o['text'], list) else o['text']
            lines = [l for l in text.split('\n') if '\r' not in l]
            if len(lines) > SHOWN_STREAM_LINES:
                lines = lines[:SHOWN_STREAM_LINES] + [f'… ({len(lines) - SHOWN_STREAM_LINES} more lines)']
            if any(l.strip() for l in lines):
                out.append(dict(name='stdout', output_type='stream', text='\n'.join(lines).splitlines(True)))
        elif o.get('output_type') in ('display_data', 'execute_result'):
            data = {k: v for k, v in o.get('data', {}).items() if k in _RICH}
            if 'image/png' in data:
                data = {'image/png': _small_png(''.join(data['image/png']))}
            elif not data: continue   # a widget alone: its state is not committed
            data = {k: (v if k == 'image/png' else (''.join(v) if isinstance(v, list) else v).splitlines(True))
                    for k, v in data.items()}
            if 'text/html' in data:   # a figure inside HTML (the explorer's static view): made small too
                html = _EMBEDDED_PNG.sub(lambda m: 'data:image/png;base64,' + _small_png(m.group(1)),
                                         ''.join(data['text/html']))
                data['text/html'] = html.splitlines(True)
            out.append(dict(data=data, metadata={}, output_type='display_data'))
    return out


def store_outputs(names=SHOWN, skip_flags=('hub',)) -> list[Path]:
    "Run the notebooks `names` in full (or reuse up-to-date executed copies) and commit their shown outputs."
    written = []
    for name in names:
        src = NBS / f'{name}.ipynb'
        copy = executed_copy(src, ok_only=True)
        if copy is None or json.loads(copy.read_text())['metadata']['w2s_docs']['skip_flags'] != sorted(skip_flags):
            ok, _ = run_notebook(src, skip_flags=list(skip_flags))
            if not ok: raise SystemExit(f'{src.name} failed; its outputs are not stored')
            copy = EXECUTED / src.name
        nb, ran = json.loads(src.read_text(encoding='utf-8')), json.loads(copy.read_text(encoding='utf-8'))
        for cell, done in zip(nb['cells'], ran['cells']):
            if cell['cell_type'] != 'code': continue
            cell['outputs'], cell['execution_count'] = shown_outputs(done.get('outputs', [])), None
            cell['metadata'] = {'w2s_output_of': output_digest(cell['source'])} if cell['outputs'] else {}
        src.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
        written.append(src)
    return written


def stale_outputs(names=SHOWN) -> list[str]:
    "The cells of `names` whose committed outputs were made by another source than the cell's (or are missing)."
    bad = []
    for name in names:
        nb = json.loads((NBS / f'{name}.ipynb').read_text(encoding='utf-8'))
        shown = [c for c in nb['cells'] if c['cell_type'] == 'code' and c.get('outputs')]
        if not shown: bad.append(f'{name}.ipynb: no outputs')
        bad += [f"{name}.ipynb cell {c.get('id')}" for c in shown
                if c.get('metadata', {}).get('w2s_output_of') != output_digest(c['source'])]
    return bad


# ---------------------------------------------------------------------------------------------------- README
_FLAG = re.compile(r'^\s*#\|\s*(.*)$')
_README_FIGURE = re.compile(r'^# README figure: (\S+)\s*$', re.M)
README_IMAGES = NBS / '_data' / 'readme'
README_DPI = 72


def markdown_table(df) -> str:
    "A pandas table as a Markdown table: numbers with 3 decimals, missing values as '-'."
    def cell(v):
        if isinstance(v, float): return '-' if v != v else f'{v:.3f}'
        return str(v)
    rows = [list(df.columns), ['---'] * len(df.columns)] + [[cell(v) for v in r] for r in df.itertuples(False)]
    return '\n'.join('| ' + ' | '.join(r) + ' |' for r in rows)


def readme_results(name: str) -> str:
    "The README's Markdown for the committed summaries of sweep NAME: its figure (see `readme_images`) and table."
    from weak_to_strong.results import load_runs, pgr_table
    folder = NBS / '_data' / 'offline_sweep' / name
    if not folder.is_dir(): return f'*No snapshot of {name} yet.*'
    image = (README_IMAGES / f'{name}.png').relative_to(ROOT).as_posix()
    alt = f'{name}: accuracy against the strong ceiling, per weak model and loss, bands over seeds'
    table = pgr_table(load_runs(folder))
    if not table['diagnosis'].astype(bool).any(): table = table.drop(columns='diagnosis')   # as format_table
    return f'![{alt}]({image})\n\n' + markdown_table(table)


_NUMBER = re.compile(r'-?\d+\.\d+')


def readme_difference(committed: str, generated: str, tol: float = 0.0015) -> str | None:
    """The first line where the README differs from the one generated now, or None. Numbers with a decimal point
    (the PGR tables, 3 decimals) may differ by `tol`: the tables' bootstrap sums floats, which another CPU's
    vector units may round differently in the last place, and that may move a third decimal."""
    a, b = committed.splitlines(), generated.splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        xs, ys = _NUMBER.split(x), _NUMBER.split(y)
        nx, ny = [float(v) for v in _NUMBER.findall(x)], [float(v) for v in _NUMBER.findall(y)]
        if xs != ys or len(nx) != len(ny) or any(abs(p - q) > tol for p, q in zip(nx, ny)):
            return f'line {i + 1}: {x!r} (committed) against {y!r} (generated now)'
    return None if len(a) == len(b) else f'{len(a)} lines committed, {len(b)} generated now'


def readme_images(dest: Path = README_IMAGES, index: Path = NBS / 'index.ipynb') -> list[Path]:
    "Draw the figure of every `# README figure: NAME` cell of the index into dest/NAME.png; the files written."
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from weak_to_strong.plotting import sweep_figure
    names = _README_FIGURE.findall(''.join(''.join(c['source']) for c in json.loads(index.read_text())['cells']))
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        fig = sweep_figure(NBS / '_data' / 'offline_sweep' / name)
        if fig is None: continue
        fig.savefig(dest / f'{name}.png', dpi=README_DPI, metadata={'Software': None})
        plt.close(fig)
        written.append(dest / f'{name}.png')
    return written


def readme_text(index: Path = NBS / 'index.ipynb') -> str:
    "README.md's text from the index notebook: markdown cells as they are, visible code cells as code blocks."
    nb = json.loads(index.read_text(encoding='utf-8'))
    parts = ['<!-- Generated from nbs/index.ipynb by `make readme` '
             '(tools/docs.py); edit the notebook, not this file. -->']
    for c in nb['cells']:
        src = ''.join(c['source']) if isinstance(c['source'], list) else c['source']
        if c['cell_type'] == 'markdown':
            parts.append(src.strip())
        elif c['cell_type'] == 'code' and (m := _README_FIGURE.search(src)):
            parts.append(readme_results(m.group(1)))
        elif c['cell_type'] == 'code':
            lines = src.splitlines()
            flags = [m.group(1).strip() for m in map(_FLAG.match, lines) if m]
            if any(
                f.split(':')[0].strip() in ('hide', 'echo', 'include') and (f == 'hide' or 'false' in f)
                for f in flags
            ):
                continue
            code = '\n'.join(l for l in lines if not _FLAG.match(l)).strip()
            if code: parts.append(f'```python\n{code}\n```')
    text = '\n\n'.join(p for p in parts if p) + '\n'
    # links between pages of the site point, in the README, at the notebooks they are built from
    pages = {page_name(nb): nb.relative_to(ROOT).as_posix() for nb in notebooks() if nb.stem != 'index'}
    return re.sub(r'\]\(([\w-]+)\.html(#[\w-]+)?\)',
                  lambda m: f'](' + pages.get(m.group(1), m.group(1) + '.html') + (m.group(2) or '') + ')',
                  text)


def module_map() -> list[tuple[str, str, str]]:
    "(notebook, module, summary) of every notebook that exports a module, in the notebooks' order."
    out = []
    for nb in notebooks():
        cells = json.loads(nb.read_text(encoding='utf-8'))['cells']
        srcs = [''.join(c['source']) for c in cells]
        exp = next((m.group(1) for s in srcs for m in [re.search(r'^#\|\s*default_exp\s+(\S+)', s, re.M)] if m), None)
        if exp is None: continue
        summary = next(l[2:].strip() for l in srcs[0].splitlines() if l.startswith('> '))
        out.append((nb.name, exp, summary))
    return out


def init_text(version: str) -> str:
    "weak_to_strong/__init__.py: the module map as its docstring (one entry per module, in pipeline order)."
    lines = ['"""Weak-to-strong generalization experiments (Burns et al., 2023), written as notebooks.', '',
             'The modules, in the order of the pipeline (a module imports only modules above it); each is',
             'written in its notebook, nbs/NN_MODULE.ipynb, whose number says its stage: 00 core, 1x data,',
             '2x models, 3x losses, 4x training, 5x one run, 6x many runs, 7x vision.', '']
    lines += [f'{mod}: {summary}' for _, mod, summary in module_map()]
    return '\n'.join(lines) + '\n"""\n__version__ = "' + version + '"\n'


def _version() -> str:
    return re.search(r'^version\s*=\s*(\S+)', (ROOT / 'settings.ini').read_text(), re.M).group(1)


def snapshot(results='results', sweep='offline', dest=NBS / '_data' / 'offline_sweep') -> int:
    """Copy the summaries (config.json, results_summary.json) of `results/sweep/*/` into nbs/_data/ (home
    page); other sweeps' stay."""
    src = Path(results) / sweep
    runs = sorted(
        d for d in src.glob('*/') if (d / 'results_summary.json').exists() and (d / 'config.json').exists()
    )
    if not runs: raise SystemExit(f'no finished runs under {src}: run `make sweep` first')
    if (dest / sweep).exists(): shutil.rmtree(dest / sweep)
    for d in runs:
        (dest / sweep / d.name).mkdir(parents=True)
        for f in ('config.json', 'results_summary.json'): shutil.copy2(d / f, dest / sweep / d.name / f)
    return len(runs)


def main(argv=None):
    p = argparse.ArgumentParser(prog='tools/docs.py', description=__doc__.split('\n')[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    b = sub.add_parser('build', help='build the site into _docs/')
    b.add_argument('--execute', choices=['missing', 'all', 'none'], default='missing')
    b.add_argument('--out', default=None)
    r = sub.add_parser('readme', help='write README.md from nbs/index.ipynb')
    r.add_argument('--check', action='store_true', help='only check that README.md is up to date')
    n = sub.add_parser('snapshot',
                       help="copy the main job's summaries from results/ into nbs/_data/ (home page figure)")
    n.add_argument('results', nargs='?', default='results')
    n.add_argument('--sweep', default='offline')
    o = sub.add_parser('outputs', help='store the outputs GitHub shows in the guide notebooks (runs them in full)')
    o.add_argument('--check', action='store_true', help='only check that the stored outputs are up to date')
    i = sub.add_parser('init', help="write the module map (from the notebooks) into the package's __init__.py")
    i.add_argument('--check', action='store_true', help='only check that __init__.py is up to date')
    args = p.parse_args(argv)
    if args.cmd == 'init':
        init, text = ROOT / 'weak_to_strong' / '__init__.py', init_text(_version())
        if args.check:
            ok = init.read_text(encoding='utf-8') == text
            print('__init__.py is up to date' if ok else '__init__.py is out of date: run `make export`',
                  file=sys.stdout if ok else sys.stderr)
            return 0 if ok else 1
        init.write_text(text, encoding='utf-8')
        print(f'wrote {init.relative_to(ROOT)}')
        return 0
    if args.cmd == 'outputs':
        if args.check:
            bad = stale_outputs()
            print('\n'.join(bad) or 'stored outputs are up to date', file=sys.stderr if bad else sys.stdout)
            return 1 if bad else 0
        print(f"stored the outputs of {', '.join(p.name for p in store_outputs())}")
        return 0
    if args.cmd == 'snapshot':
        print(f'copied the summaries of {snapshot(args.results, args.sweep)} runs to '
              f'nbs/_data/offline_sweep/{args.sweep}/')
    elif args.cmd == 'build':
        flags = [f for f in os.environ.get('W2S_SKIP_FLAGS', 'hub').split(',') if f]
        out = build(args.out, args.execute, flags)
        print(f'site written to {out}; open {out / "index.html"} (or `python -m http.server -d {out}`)')
    else:
        text = readme_text()
        readme = ROOT / 'README.md'
        if args.check:
            if not readme.exists() or readme_difference(readme.read_text(encoding='utf-8'), text):
                print('README.md is out of date with nbs/index.ipynb: run `make readme`', file=sys.stderr)
                return 1
            print('README.md is up to date')
        else:
            readme.write_text(text, encoding='utf-8')
            images = readme_images()
            print(f"wrote README.md and {', '.join(p.relative_to(ROOT).as_posix() for p in images)}")
    return 0


if __name__ == '__main__':
    sys.exit(main())
