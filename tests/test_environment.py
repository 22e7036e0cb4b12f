"""The tests pass whatever the caller's shell holds (tests/conftest.py sets the environment they depend on): here a
short run of the tests under a hostile environment (offline switches, a dead hub address and proxy, a bad token,
caches that cannot exist, Weights & Biases and a Ray cluster asked for, one thread, an ASCII locale, debug logs,
bars off) passes, and the variables are as conftest's table says, in this process and in a subprocess."""
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REMOVED, REMOVED_PREFIXES, TEST_ENVIRONMENT, kept

ROOT = Path(__file__).resolve().parent.parent
NOWHERE = '/dev/null/w2s'   # a path under a file: no folder can be made there, not even by root
HOSTILE = {
    'HF_HUB_OFFLINE': '1', 'HF_DATASETS_OFFLINE': '1', 'TRANSFORMERS_OFFLINE': '1',
    'HF_ENDPOINT': 'http://127.0.0.1:9', 'HF_TOKEN': 'hf_not_a_token', 'HUGGING_FACE_HUB_TOKEN': 'hf_not_a_token',
    'HF_HOME': f'{NOWHERE}/hf_home', 'HF_HUB_CACHE': f'{NOWHERE}/hf_hub', 'HF_DATASETS_CACHE': f'{NOWHERE}/hf_ds',
    'TRANSFORMERS_CACHE': f'{NOWHERE}/transformers', 'TORCH_HOME': f'{NOWHERE}/torch',
    'XDG_CACHE_HOME': f'{NOWHERE}/xdg', 'IPYTHONDIR': f'{NOWHERE}/ipython', 'JUPYTER_DATA_DIR': f'{NOWHERE}/jupyter',
    'HF_HUB_DISABLE_PROGRESS_BARS': '1', 'HF_DATASETS_DISABLE_PROGRESS_BARS': '1', 'TQDM_DISABLE': '1',
    'TRANSFORMERS_VERBOSITY': 'debug', 'DATASETS_VERBOSITY': 'debug', 'HF_HUB_VERBOSITY': 'debug',
    'WANDB_MODE': 'online', 'WANDB_PROJECT': 'w2s-hostile', 'W2S_WANDB': '1',
    'W2S_VISION_WEIGHTS_URL': 'http://127.0.0.1:9/weights', 'RAY_ADDRESS': '127.0.0.1:9',
    'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'TOKENIZERS_PARALLELISM': 'true', 'USE_TORCH': '0',
    'LANG': 'C', 'LC_ALL': 'C', 'LC_CTYPE': 'C', 'PYTHONUTF8': '0', 'PYTHONIOENCODING': 'ascii',
    'PYTHONWARNINGS': 'default', 'TZ': 'Pacific/Kiritimati', 'MPLBACKEND': 'TkAgg', 'COLUMNS': '20',
    'http_proxy': 'http://127.0.0.1:9', 'https_proxy': 'http://127.0.0.1:9',
    'HTTP_PROXY': 'http://127.0.0.1:9', 'HTTPS_PROXY': 'http://127.0.0.1:9', 'IN_TEST': '0', 'CI': 'true',
}
# quick notebooks that read these: the cache and its packages (00_core), tokenizers and their cache in a subprocess
# (12_tokenization), the packaged models, their first use and the hub's reachability (20_model_table), W&B
# (40_logger), the packaged data (50_run_prep), a weights mirror on localhost and torch.hub's cache (71_vision_models)
NOTEBOOKS = ['00_core', '12_tokenization', '20_model_table', '40_logger', '50_run_prep', '71_vision_models']

# what a subprocess of the tests sees
CHILD = """
import json, locale, sys, time
import huggingface_hub.constants as hub, datasets.config as dc, torch
from weak_to_strong.logger import wandb_project
from weak_to_strong.sources import hub_endpoint
print(json.dumps(dict(hub_offline=hub.HF_HUB_OFFLINE, datasets_offline=dc.HF_HUB_OFFLINE, endpoint=hub.ENDPOINT,
                      w2s_endpoint=hub_endpoint(), token=hub.HF_TOKEN_PATH, wandb=wandb_project(),
                      encoding=locale.getpreferredencoding(False), stdout=sys.stdout.encoding,
                      utc_offset=time.strftime('%z'), torch_ok=torch.ones(1).item())))
"""


def caller_w2s_cache() -> str:
    "The cache folder the caller's tests use (`core.cache_dir`), to keep in the hostile run: a cache, kept."
    from weak_to_strong.core import cache_dir
    return str(cache_dir())


def test_variables_are_as_the_table_says():
    pinned = set(TEST_ENVIRONMENT)
    stray = [k for k in os.environ if k not in pinned and (k in REMOVED or (k.startswith(REMOVED_PREFIXES)
                                                                            and not kept(k)))]
    assert not stray, stray
    for k, v in TEST_ENVIRONMENT.items(): assert os.environ[k] == v, (k, os.environ[k], v)
    assert Path(os.environ['HF_HOME']).name == 'hf_home' and 'w2s-tests-' in os.environ['HF_HOME']
    r = subprocess.run([sys.executable, '-c', CHILD], capture_output=True, text=True, encoding='utf-8', timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    seen = json.loads(r.stdout.splitlines()[-1])
    assert seen['hub_offline'] is False and seen['datasets_offline'] is False, seen
    assert seen['endpoint'] == seen['w2s_endpoint'] == 'https://huggingface.co', seen
    assert seen['token'].startswith(os.environ['HF_HOME']), seen   # no stored token of the caller's
    assert seen['wandb'] is None, seen
    assert seen['encoding'].lower().replace('-', '') == 'utf8' and seen['stdout'].lower() == 'utf-8', seen
    assert seen['utc_offset'] == '+0000' and seen['torch_ok'] == 1.0, seen


def test_a_hostile_environment_changes_nothing(tmp_path):
    env = {**os.environ, **HOSTILE, 'W2S_CACHE': caller_w2s_cache(), 'W2S_SKIP_FLAGS': 'slow,hub'}
    env = {k: v for k, v in env.items() if k not in ('NO_PROXY', 'no_proxy')}
    ids = [f'tests/test_notebooks.py::test_notebook[{nb}]' for nb in NOTEBOOKS]
    ids.append('tests/test_environment.py::test_variables_are_as_the_table_says')
    r = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', *ids], cwd=ROOT, env=env,
                       capture_output=True, text=True, encoding='utf-8', errors='replace', timeout=600)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-3000:]
    assert f'{len(ids)} passed' in r.stdout, r.stdout[-2000:]
