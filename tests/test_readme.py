"""The README's "From Python" example, run exactly as the README shows it, in a fresh folder: it must finish,
write its figure, have no run near chance, and give the numbers of the committed offline preset's runs of the same configs.

The committed snapshot (nbs/_data/offline_sweep/offline) was made in bfloat16 on a CPU with bfloat16 units. On
such a CPU the example's runs are the same configs and agree with it within ACCURACY_TOLERANCE; a CPU without
those units computes in float32 (precision='fast'), so its folders say p=fp32 and are compared with the bf16 runs
of the same config, within the same tolerance (see ACCURACY_TOLERANCE for how it was measured).
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT/'nbs'/'_data'/'offline_sweep'/'offline'
# Per-run test accuracy (1000 reviews). Measured: this example with precision='fp32' against the bf16 snapshot
# differs by at most 0.009 per run (0.014 over all 45 direct runs of the preset); bf16 on the machine that wrote
# the snapshot gives the same numbers. 0.02 (20 reviews) leaves room for other CPUs' kernels.
ACCURACY_TOLERANCE = 0.02


def readme_python_example() -> str:
    text = (ROOT/'README.md').read_text(encoding='utf-8')
    start = text.index('From Python:')
    block = re.search(r"```python\n(.*?)```", text[start:], re.S)
    assert block, "README.md has no ```python block after 'From Python:'"
    return block.group(1)


def test_readme_python_example(tmp_path):
    code = readme_python_example()
    env = {**os.environ, 'MPLBACKEND': 'Agg'}
    r = subprocess.run([sys.executable, '-c', code], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    assert (tmp_path/'results'/'sentiment.png').stat().st_size > 10_000
    assert 'PGR as the original reports it' in r.stdout, r.stdout[-3000:]
    assert 'near_chance' not in r.stdout, r.stdout[-3000:]   # the failure the example once showed
    for noise in ('Saving the dataset', 'Flattening the indices'): assert noise not in r.stderr
    runs = sorted((tmp_path/'results'/'offline').iterdir())
    assert len(runs) == 2*3 + 3*2*3, [p.name for p in runs]   # ground truth; 3 pairs x 2 losses, 3 seeds each
    for run in runs:
        twin = SNAPSHOT/re.sub(r'-p=fp32-', '-p=bf16-', run.name)
        assert twin.is_dir(), f"no committed run of config {run.name}"
        mine, theirs = (json.loads((d/'results_summary.json').read_text())['accuracy'] for d in (run, twin))
        assert abs(mine - theirs) <= ACCURACY_TOLERANCE, (run.name, mine, theirs)
