"""The environment the tests depend on, set here, at import, before any test imports a library that reads it.

The tests pass whatever the caller's shell holds: every variable that the package, its libraries or the tests read
and that changes what a test sees is removed, pinned, or kept on purpose, as the table says. The changes are made
to `os.environ`, so they reach every subprocess a test or a notebook starts (w2s-* commands, pip, Ray, JupyterLab,
the hub server of 92_hub), and they are made before torch, numpy, huggingface_hub, datasets or transformers are
imported, which read some of them once, at import. tests/test_environment.py proves it: a short run under a hostile
environment passes.

| variable | what the tests do | why |
|---|---|---|
| `HF_*`, `HUGGINGFACE_*`, `HUGGING_FACE_*` (HF_HUB_OFFLINE, HF_DATASETS_OFFLINE, HF_ENDPOINT, HF_TOKEN, ...) | removed | the notebooks arrange the hub access they test (a local hub server, an address nobody answers, the packaged models and data); an offline switch, another endpoint or a token of the shell would change what they see (huggingface_hub reads them once, at import) |
| `HF_HOME` | pinned: a folder of this session, removed at its end | a token or stored tokens of the caller's stay out; nothing else of it is needed |
| `HF_HUB_CACHE`, `HF_DATASETS_CACHE`, `HF_XET_CACHE` | pinned to the caller's (as they resolve from the caller's HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_HOME, XDG_CACHE_HOME) | caches of downloads: only the `hub` cells use them, and those reuse what the caller has downloaded; the other tests never write there (test_environment points them at a path that cannot exist) |
| `TRANSFORMERS_*`, `DATASETS_*`, `TOKENIZERS_*` (TRANSFORMERS_OFFLINE, TRANSFORMERS_VERBOSITY, TOKENIZERS_PARALLELISM, ...) | removed | the libraries' defaults, as a user runs the package: the tests check what reaches stderr |
| `USE_TORCH`, `USE_TF`, `USE_JAX` | removed | transformers and datasets would not see torch |
| `TQDM_*` | removed | tqdm takes any TQDM_<ARG> as a default argument (TQDM_DISABLE hides the bars test_first_use counts) |
| `WANDB_*`, `W2S_WANDB` | removed | WANDB_PROJECT or W2S_WANDB would mirror every training run of the tests to Weights & Biases (40_logger tests the switch with its own values) |
| `RAY_*` | removed | RAY_ADDRESS would send the sweep's Ray jobs to the caller's cluster; 61_sweep starts its own Ray |
| `W2S_CACHE` | kept | the caller's cache of the packaged models and data (large, fetched from PyPI); unset, it is `$XDG_CACHE_HOME/weak_to_strong` |
| `W2S_SKIP_FLAGS` | kept | the caller's choice of the notebook cells to skip (`slow`, `hub`) |
| `W2S_TORCH_INDEX` | kept | where test_wheel's new environment takes torch from (CI: the CPU build) |
| `W2S_SITE`, `W2S_SCREENSHOTS` | kept | test_site checks a site built before / keeps its screenshots there: the caller asks for it |
| `W2S_FUZZ_*` (W2S_FUZZ_SEED, W2S_FUZZ_CASES, W2S_FUZZ_CLI_CASES) | kept | 14_data_files_fuzz's seed to replay a failure with and its number of cases: the caller asks for them |
| `W2S_PYTHON`, `W2S_TORCH_VERSION` | kept | read by tools/setup.sh only |
| other `W2S_*` (W2S_VISION_WEIGHTS_URL, W2S_ACTIONLINT, ...) | removed | the package's switches: a test that depends on one sets it (71_vision_models serves its own mirror; test_workflows checks the actionlint that setup.sh installs) |
| `OMP_NUM_THREADS`, `MKL_NUM_THREADS`, `OPENBLAS_NUM_THREADS`, `NUMEXPR_NUM_THREADS`, `VECLIB_MAXIMUM_THREADS` | removed | the libraries' default (a thread per core), as the package runs for a user and as the committed numbers were made; a float compared across processes (test_wheel, 61_sweep's runs in another process) is computed with the same threads on both sides |
| `ATEN_CPU_CAPABILITY`, `MKL_ENABLE_INSTRUCTIONS`, `DNNL_MAX_CPU_ISA` | kept | `make test-isa` sets them on purpose: the notebooks on other CPUs' math kernels |
| `CUDA_VISIBLE_DEVICES` | kept | which GPUs the caller lends the tests; they pass with and without one |
| `LC_ALL`, `LANG` (other `LC_*`, `LANGUAGE` removed) | pinned: C.UTF-8 (else another UTF-8 locale), and this process's locale set to it | files are written and read as UTF-8, in this process and in every subprocess, whatever the caller's locale |
| `PYTHONUTF8` | pinned: 1 | subprocesses read and write UTF-8 also if no UTF-8 locale exists |
| `PYTHONIOENCODING`, `PYTHONWARNINGS`, `PYTHONDEVMODE`, `PYTHONOPTIMIZE`, `PYTHONINSPECT` | removed | subprocesses print UTF-8, print no warnings on stderr that the tests read, keep their asserts and exit when done |
| `PYTHONHASHSEED` | kept | the tests pass under any seed; a caller sets one to replay a failure |
| `PYTHONPATH` | kept | test_wheel removes it itself for its new environment |
| `TZ` | pinned: UTC | nothing reads the local time today; an output that ever does is the same for every caller |
| `MPLBACKEND` | pinned: Agg | figures are saved, never shown: no display is needed |
| `COLUMNS`, `LINES` | removed | tqdm (and pandas) size their output to them; the tests read progress bars and tables |
| `JUPYTER_*`, `JUPYTERLAB_*` | removed, and `JUPYTER_DATA_DIR` pinned: a folder of this session | test_explorer's JupyterLab finds its kernel and extensions in this environment, not the caller's |
| `IPYTHONDIR` | pinned: a folder of this session | no startup file or config of the caller's IPython runs in the notebooks' kernel |
| `IN_TEST` | pinned: 1 | what nbdev_test sets (tools/docs.py's run_notebook sets it too) |
| `NO_PROXY`, `no_proxy` | the caller's, plus 127.0.0.1, localhost and ::1 | the local servers of the tests (hub, weights mirror, JupyterLab) are reached directly; the caller's `http(s)_proxy` stays, for PyPI |
| `HOME`, `XDG_CACHE_HOME`, `TORCH_HOME`, `TMPDIR`, `PATH`, `PIP_*`, `http(s)_proxy`, `CI`, `HYPOTHESIS_*` | kept | where the caller's home, caches (pip's, torch.hub's), temporary files, tools and package index are; `CI` picks Hypothesis's profile, and the property tests set the settings they need |
"""
import atexit
import locale
import os
import shutil
import sys
import tempfile
import time

REMOVED_PREFIXES = ('HF_', 'HUGGINGFACE_', 'HUGGING_FACE_', 'TRANSFORMERS_', 'DATASETS_', 'TOKENIZERS_', 'TQDM_',
                    'WANDB_', 'RAY_', 'W2S_', 'JUPYTER_', 'JUPYTERLAB_', 'LC_')
KEPT = {'W2S_CACHE', 'W2S_SKIP_FLAGS', 'W2S_TORCH_INDEX', 'W2S_SITE', 'W2S_SCREENSHOTS', 'W2S_PYTHON',
        'W2S_TORCH_VERSION'}
KEPT_PREFIXES = ('W2S_FUZZ_',)
REMOVED = {'USE_TORCH', 'USE_TF', 'USE_JAX', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS',
           'NUMEXPR_NUM_THREADS', 'VECLIB_MAXIMUM_THREADS', 'LANGUAGE', 'PYTHONIOENCODING', 'PYTHONWARNINGS',
           'PYTHONDEVMODE', 'PYTHONOPTIMIZE', 'PYTHONINSPECT', 'COLUMNS', 'LINES'}
# kept on purpose (see the table): W2S_* above, ATEN_CPU_CAPABILITY, MKL_ENABLE_INSTRUCTIONS, DNNL_MAX_CPU_ISA,
# CUDA_VISIBLE_DEVICES, PYTHONHASHSEED, PYTHONPATH, HOME, XDG_CACHE_HOME, TORCH_HOME, TMPDIR, PATH, PIP_*, proxies,
# CI, HYPOTHESIS_*
LOCAL_HOSTS = ('127.0.0.1', 'localhost', '::1')


def kept(name: str) -> bool: return name in KEPT or name.startswith(KEPT_PREFIXES)


def caller_hf_caches(env) -> dict:
    "Where the caller's Hugging Face download caches are, as huggingface_hub and datasets resolve them from `env`."
    cache = env.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    home = os.path.expanduser(env.get('HF_HOME') or os.path.join(cache, 'huggingface'))
    return dict(HF_HUB_CACHE=env.get('HF_HUB_CACHE') or env.get('HUGGINGFACE_HUB_CACHE') or os.path.join(home, 'hub'),
                HF_DATASETS_CACHE=env.get('HF_DATASETS_CACHE') or os.path.join(home, 'datasets'),
                HF_XET_CACHE=env.get('HF_XET_CACHE') or os.path.join(home, 'xet'))


def utf8_locale() -> str | None:
    "The first UTF-8 locale this machine has, None if none."
    for name in ('C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'):
        try: locale.setlocale(locale.LC_ALL, name)
        except locale.Error: continue
        return name
    return None


def set_test_environment(env=os.environ) -> dict:
    "Remove, pin and keep the variables of the table in `env` (os.environ); returns the pinned values."
    caches = caller_hf_caches(env)
    for name in list(env):
        if name in REMOVED or (name.startswith(REMOVED_PREFIXES) and not kept(name)): del env[name]
    session = tempfile.mkdtemp(prefix='w2s-tests-')
    atexit.register(shutil.rmtree, session, ignore_errors=True)
    pinned = dict(caches, HF_HOME=os.path.join(session, 'hf_home'), JUPYTER_DATA_DIR=os.path.join(session, 'jupyter'),
                  IPYTHONDIR=os.path.join(session, 'ipython'), PYTHONUTF8='1', TZ='UTC', MPLBACKEND='Agg',
                  IN_TEST='1')
    if (name := utf8_locale()) is not None: pinned.update(LC_ALL=name, LANG=name)
    for var in ('NO_PROXY', 'no_proxy'):
        hosts = [h for h in env.get(var, '').split(',') if h.strip()]
        pinned[var] = ','.join(hosts + [h for h in LOCAL_HOSTS if h not in hosts])
    env.update(pinned)
    if hasattr(time, 'tzset'): time.tzset()
    return pinned


ALREADY_IMPORTED = [m for m in ('torch', 'numpy', 'huggingface_hub', 'datasets', 'transformers', 'tokenizers', 'tqdm')
                    if m in sys.modules]
TEST_ENVIRONMENT = set_test_environment()
if ALREADY_IMPORTED:  # a plugin imported them before this file: some settings above came too late for this process
    sys.stderr.write(f"tests/conftest.py: {', '.join(ALREADY_IMPORTED)} imported before the test environment was "
                     "set; they may have read the caller's variables\n")
