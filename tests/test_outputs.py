"""The guide notebooks show their figures and tables on GitHub: their committed copies keep the outputs of a full
run (`make outputs`), small, and made by the cells' current source (tools/docs.py, section outputs)."""
import base64
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
import docs  # noqa: E402  (tools/docs.py)


def notebook(name): return json.loads((docs.NBS/f'{name}.ipynb').read_text(encoding='utf-8'))


def outputs(nb): return [o for c in nb['cells'] if c['cell_type'] == 'code' for o in c.get('outputs', [])]


def test_stored_outputs_are_up_to_date():
    assert not docs.stale_outputs(), "outputs made by an older source: run `make outputs`\n" + '\n'.join(
        docs.stale_outputs())


def test_the_guides_show_figures():
    for name in ('index', '90_tutorial', '63_plotting'):
        assert any('image/png' in o.get('data', {}) for o in outputs(notebook(name))), name


def test_stored_outputs_are_small_and_plain():
    from PIL import Image
    for name in docs.SHOWN:
        nb = notebook(name)
        assert (docs.NBS/f'{name}.ipynb').stat().st_size < 1_000_000, name
        assert 'widgets' not in nb.get('metadata', {}), name
        for o in outputs(nb):
            assert o['output_type'] in ('stream', 'display_data'), (name, o['output_type'])
            assert o.get('name', 'stdout') == 'stdout', name      # no stderr: progress bars stay out
            assert set(o.get('data', {})) <= set(docs._RICH), (name, set(o['data']))
            if 'image/png' in o.get('data', {}):
                assert Image.open(io.BytesIO(base64.b64decode(o['data']['image/png']))).width <= docs.SHOWN_WIDTH


def test_only_the_guides_keep_outputs():
    for nb_path in docs.NBS.glob('*.ipynb'):
        if nb_path.stem not in docs.SHOWN: assert not outputs(notebook(nb_path.stem)), nb_path.name


def test_shown_outputs_keeps_figures_tables_and_text():
    png = io.BytesIO()
    from PIL import Image
    Image.new('RGB', (1000, 500), 'white').save(png, format='PNG')
    b64 = base64.b64encode(png.getvalue()).decode()
    kept = docs.shown_outputs([
        dict(output_type='stream', name='stderr', text='bar 50%\r'),
        dict(output_type='stream', name='stdout', text='accuracy 0.8\n'),
        dict(output_type='display_data', data={'image/png': b64, 'text/plain': '<Figure>'}, metadata={}),
        dict(output_type='display_data', data={'application/vnd.jupyter.widget-view+json': {}}, metadata={}),
        dict(output_type='error', ename='E', evalue='', traceback=[])])
    assert [o['output_type'] for o in kept] == ['stream', 'display_data']
    assert list(kept[1]['data']) == ['image/png']
    assert Image.open(io.BytesIO(base64.b64decode(kept[1]['data']['image/png']))).size == (640, 320)
