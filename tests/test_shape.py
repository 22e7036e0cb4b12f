"""The package's shape: every name has one home, imports point one way (in the notebooks' order), no unused import,
imports at the top of a module unless a stated reason keeps them in a function, cells and functions a reader can
hold, and `__init__.py`'s module map written from the notebooks."""
import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'tools'))
import docs  # noqa: E402  (tools/docs.py)

PKG = ROOT / 'weak_to_strong'
MAX_LINES = 62  # the "~60": the longest a function or an export cell may be
# third-party imports that stay inside functions, and why
LAZY = {'torch': 'core is imported by w2s-plot, which needs no torch',
        'transformers': "transformers' model classes take seconds to import; --help and the checks do not pay it",
        'wandb': 'optional (W2S_WANDB)', 'ipywidgets': 'optional (the explorer)', 'ray': 'optional (--ray)',
        'sklearn': 'optional (the digits data set; label correction)', 'peft': 'optional (--lora_rank)'}


def modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding='utf-8')) for p in sorted(PKG.glob('*.py'))
            if p.stem not in ('__init__', '_modidx')}


def package_imports(tree: ast.Module, me: str) -> list[tuple[str, ast.AST]]:
    "The package modules `tree` imports anywhere (in functions too), with the import node."
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom):
            module = n.module or ''
            if n.level == 1 and module: out.append((module.split('.')[0], n))    # from .x import y
            elif n.level == 1 or module == 'weak_to_strong': out += [(a.name, n) for a in n.names]  # from . import x
            elif module.startswith('weak_to_strong.'): out.append((module.split('.')[1], n))
        elif isinstance(n, ast.Import):
            out += [(a.name.split('.')[1], n) for a in n.names if a.name.startswith('weak_to_strong.')]
    return [(m, n) for m, n in out if m != me]


def test_imports_point_one_way():
    "Every module imports only modules of earlier notebooks (so there is no cycle), functions' imports counted."
    order = {mod: i for i, (_, mod, _) in enumerate(docs.module_map())}
    backwards = [f'{me} imports {other} (line {n.lineno})' for me, tree in modules().items()
                 for other, n in package_imports(tree, me) if order[other] >= order[me]]
    assert not backwards, '\n'.join(backwards)


def test_each_name_has_one_home():
    "No module re-exports another's names: no star imports of the package, and `__all__` lists own names only."
    problems = []
    for me, tree in modules().items():
        for other, n in package_imports(tree, me):
            if isinstance(n, ast.ImportFrom) and any(a.name == '*' for a in n.names):
                problems.append(f'{me}: from {other} import *')
        targets = [t for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
                   for t in (n.targets if isinstance(n, ast.Assign) else [n.target])]
        defined = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}   # `A, B = ...` too
        defined |= {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        exported = next((ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                         and any(getattr(t, 'id', None) == '__all__' for t in n.targets)), [])
        problems += [f'{me}.__all__ lists {name}, defined elsewhere' for name in exported if name not in defined]
    assert not problems, '\n'.join(problems)


def test_imports_at_the_top():
    "No package import inside a function; third-party ones only with a stated reason (`LAZY`)."
    found = []
    for me, tree in modules().items():
        for fn in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
            for n in ast.walk(fn):
                if not isinstance(n, (ast.Import, ast.ImportFrom)): continue
                name = (n.module or '') if isinstance(n, ast.ImportFrom) else n.names[0].name
                if getattr(n, 'level', 0) or name.split('.')[0] not in LAZY: found.append(f'{me}:{n.lineno} {name} in {fn.name}')
    assert not found, '\n'.join(found)


def test_no_unused_imports():
    r = subprocess.run([sys.executable, '-m', 'pyflakes', *[str(p) for p in sorted(PKG.glob('*.py'))
                                                            if p.stem != '_modidx']],
                       capture_output=True, text=True)
    unused = [l for l in r.stdout.splitlines() if 'imported but unused' in l]
    assert not unused, '\n'.join(unused)


def test_cells_and_functions_a_reader_can_hold():
    long = []
    for nb in docs.notebooks():
        for c in json.loads(nb.read_text(encoding='utf-8'))['cells']:
            src = ''.join(c['source'])
            if c['cell_type'] == 'code' and src.startswith('#| export') and len(src.splitlines()) > MAX_LINES:
                long.append(f"{nb.name} cell {c.get('id')}: {len(src.splitlines())} lines")
    for me, tree in modules().items():
        long += [f'{me}.{n.name}: {n.end_lineno - n.lineno + 1} lines' for n in ast.walk(tree)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno >= MAX_LINES]
    assert not long, '\n'.join(long)


def test_init_is_the_module_map():
    "`weak_to_strong/__init__.py` holds the module map written from the notebooks (`make export` writes it)."
    text = (PKG / '__init__.py').read_text(encoding='utf-8')
    assert text == docs.init_text(docs._version()), '__init__.py is out of date: run `make export`'
    assert sorted(m for _, m, _ in docs.module_map()) == sorted(modules()), 'a module without a notebook'
    assert all(f'\n{m}: ' in text for m in modules())
