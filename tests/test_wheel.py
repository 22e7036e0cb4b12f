"""The package outside the repository: a wheel built from this checkout, installed in a new virtual environment,
run from a folder outside the checkout: `w2s-sweep --preset offline`, `w2s-plot` and the README's Python example
give the committed numbers, and the tutorial's sweep gives the numbers it gives from the checkout. Slow (a few minutes: installing the dependencies from pip's cache, then the sweep).

Nothing here may come from the checkout: the subprocesses run with the new environment's interpreter, in a
folder outside the checkout, with PYTHONPATH unset, and the test checks where `weak_to_strong` is imported from.
The numbers are compared with the committed snapshot within test_readme's ACCURACY_TOLERANCE (bf16 on this
machine gives the same numbers; a CPU without bf16 units computes in float32: see test_readme)."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from test_readme import ACCURACY_TOLERANCE, SNAPSHOT, readme_python_example

ROOT = Path(__file__).resolve().parents[1]


def tutorial_sweep() -> str:
    "The tutorial's sweep (its MODELS and its run_sweep call), as a script: results in argv[1], accuracies out."
    cells = [''.join(c['source']) for c in json.loads((ROOT/'nbs'/'90_tutorial.ipynb').read_text())['cells']]
    models = next(re.search(r"^MODELS = .*$", c, re.M).group(0) for c in cells if 'MODELS = ' in c)
    call = next(re.search(r"df = run_sweep\(.*?verbose=False\)", c, re.S).group(0)
                for c in cells if 'df = run_sweep(' in c)
    call = call.replace('results_folder=str(results)', 'results_folder=sys.argv[1]')
    return '\n'.join(['import json, sys', 'from pathlib import Path', 'from weak_to_strong.sweep import run_sweep',
                      models, call, 'print(json.dumps({Path(p).name: a for p, a in zip(df.save_path, df.accuracy)}))'])


def run(cmd, **kw) -> subprocess.CompletedProcess:
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=1800, **kw)
    assert r.returncode == 0, f"{cmd}:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
    return r


def check_accuracies(folder: Path, expected_runs: int):
    runs = sorted(p for p in folder.iterdir() if (p/'results_summary.json').exists())
    assert len(runs) == expected_runs, [p.name for p in runs]
    for r in runs:
        twin = SNAPSHOT/re.sub(r'-p=fp32-', '-p=bf16-', r.name)
        assert twin.is_dir(), f"no committed run of config {r.name}"
        mine, committed = (json.loads((d/'results_summary.json').read_text())['accuracy'] for d in (r, twin))
        assert abs(mine - committed) <= ACCURACY_TOLERANCE, (r.name, mine, committed)


def test_wheel_outside_the_checkout(tmp_path):
    dist, venv, work = tmp_path/'dist', tmp_path/'venv', tmp_path/'work'
    work.mkdir()
    run([sys.executable, '-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '-q', '-w', dist, ROOT])
    wheel, = dist.glob('weak_to_strong-*.whl')
    run([sys.executable, '-m', 'venv', venv])
    py = venv/'bin'/'python'
    import torch   # the same torch build as the checkout's (its CPU wheel), from pip's cache
    torch_index = ['--index-url', os.environ['W2S_TORCH_INDEX']] if os.environ.get('W2S_TORCH_INDEX') else []
    run([py, '-m', 'pip', 'install', '-q', '--disable-pip-version-check', *torch_index,
         f"torch=={torch.__version__.split('+')[0]}"])
    run([py, '-m', 'pip', 'install', '-q', '--disable-pip-version-check', wheel])
    env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'VIRTUAL_ENV')}
    env.update(MPLBACKEND='Agg', PATH=f"{venv/'bin'}{os.pathsep}{env.get('PATH', '')}")
    where = run([py, '-c', 'import weak_to_strong; print(weak_to_strong.__file__)'], cwd=work, env=env).stdout
    assert Path(where.strip()).is_relative_to(venv), where
    # the main job, its plot, and the README's Python example, each in the folder outside the checkout
    run([venv/'bin'/'w2s-sweep', '--preset', 'offline'], cwd=work, env=env)
    check_accuracies(work/'results'/'offline', len(list(SNAPSHOT.iterdir())))   # every run of the preset
    run([venv/'bin'/'w2s-plot', 'results'], cwd=work, env=env)
    assert list((work/'results'/'plots').glob('*.png'))
    example = tmp_path/'example'; example.mkdir()
    run([py, '-c', readme_python_example()], cwd=example, env=env)
    check_accuracies(example/'results'/'offline', 2*3 + 3*2*3)
    # the tutorial's sweep: from the wheel, then from the checkout, on this machine: the same numbers
    script = tutorial_sweep()
    outside = json.loads(run([py, '-c', script, work/'tutorial'], cwd=work, env=env).stdout.splitlines()[-1])
    inside = json.loads(run([sys.executable, '-c', script, tmp_path/'tutorial-checkout'],
                            cwd=ROOT).stdout.splitlines()[-1])
    # exact: the same machine runs the same code on the same torch wheel in both, so the kernels are the same
    assert len(outside) == 16 and outside == inside, (outside, inside)
