"Code fits the docs site: no code-cell line of a notebook and no line of the package is over 110 characters."
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 110


def _name(path: Path) -> str: return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def notebook_offenders(path: Path) -> list[str]:
    "`file:cell id:line:length` for each code-cell line of notebook `path` longer than WIDTH."
    cells = json.loads(path.read_text(encoding='utf-8'))['cells']
    return [f'{_name(path)}:cell {cell.get("id", i)}:{n}:{len(line)}'
            for i, cell in enumerate(cells) if cell['cell_type'] == 'code'
            for n, line in enumerate(''.join(cell['source']).split('\n'), 1) if len(line) > WIDTH]


def _all_block(lines: list[str]) -> set[int]:
    "Line numbers (1-based) of nbdev's generated `__all__ = [...]` block, which nbdev wraps at its own width."
    found = set()
    for i, line in enumerate(lines):
        if line.startswith('__all__ = ['):
            j = i
            while not lines[j].rstrip().endswith(']'): j += 1
            found.update(range(i + 1, j + 2))
    return found


def module_offenders(path: Path) -> list[str]:
    "`file:line:length` for each line of module `path` longer than WIDTH, except the `__all__` block."
    lines = path.read_text(encoding='utf-8').split('\n')
    skip = _all_block(lines)
    return [f'{_name(path)}:{n}:{len(line)}' for n, line in enumerate(lines, 1)
            if len(line) > WIDTH and n not in skip]


def test_helpers_find_long_lines(tmp_path):
    nb = dict(cells=[dict(cell_type='code', id='abc', source=['x = 1\n', 'y = ' + '1' * 120]),
                     dict(cell_type='markdown', id='def', source=['a' * 200])])
    path = tmp_path/'probe.ipynb'
    path.write_text(json.dumps(nb), encoding='utf-8')
    assert notebook_offenders(path) == [f'{path}:cell abc:2:124']   # code over 110, not markdown
    lines = ['"""Doc."""', "__all__ = ['" + 'a' * 120 + "',", "           'b']", 'z = ' + '2' * 107, 'w = 1']
    mod = tmp_path/'probe.py'
    mod.write_text('\n'.join(lines), encoding='utf-8')
    assert module_offenders(mod) == [f'{mod}:4:111']   # nbdev's __all__ block is not counted


def test_code_fits_110_columns():
    offenders = [o for p in sorted((ROOT / 'nbs').glob('*.ipynb')) for o in notebook_offenders(p)]
    offenders += [o for p in sorted((ROOT / 'weak_to_strong').glob('*.py')) if p.name != '_modidx.py'
                  for o in module_offenders(p)]
    assert not offenders, f'{len(offenders)} lines over {WIDTH} characters:\n' + '\n'.join(offenders)
