"""Does `torch.compile` of the body pay for itself on a CPU, at the length of our runs?

Fine-tunes the packaged `minilm-l6` (BERT, 22.7M parameters, offline) with `weak_to_strong.train.train_model`
for a few optimizer steps on random token ids of varied lengths (as real batches are: padded to their longest,
so every step has a new shape), once eager and once with `model.body.compile()`, each in its own process
with a fresh inductor cache (a cold start, as a run's first process has). Eager and compiled alternate,
`--repeats` times. Prints the whole training time (compile included), the first step, the later steps, and
the ratios compiled / eager; below 1 the compiled body is faster.

Run: .venv/bin/python bench/bench_compile.py [--steps 8] [--batch_size 16] [--repeats 2] [--model minilm-l6]
"""
import argparse
import json
import statistics
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def one(mode: str, model_name: str, steps: int, batch_size: int, seed: int = 0) -> dict:
    "Train `steps` steps in this process; the seconds of the whole loop, of its first step and of the rest."
    import datasets
    import numpy as np
    import torch
    from weak_to_strong.logger import Logger
    from weak_to_strong.model import TransformerWithHead
    from weak_to_strong.train import train_model
    torch.manual_seed(seed)
    model = TransformerWithHead.from_pretrained(model_name, device='cpu')
    if mode == 'compiled': model.body.compile()
    rng = np.random.default_rng(seed)
    vocab = model.body.config.vocab_size
    ids = [rng.integers(1000, vocab, rng.integers(16, 128)).tolist() for _ in range(steps * batch_size)]
    y = [int(i[-1] % 2) for i in ids]
    ds = datasets.Dataset.from_dict({'txt': [''] * len(ids), 'hard_label': y, 'input_ids': ids,
                                     'soft_label': [[1.0 - v, float(v)] for v in y]})
    stamps = []
    class Stamped(Logger):
        "Stamps the time of each step's row (the first, written after step 0, includes the compilation)."
        def dumpkvs(self):
            stamps.append(time.perf_counter())
            return super().dumpkvs()
    start = time.perf_counter()
    train_model(model, ds, batch_size=batch_size, minibatch_size=8, lr=5e-5, epochs=1, logger=Stamped(),
                progress=False)
    end = time.perf_counter()
    first = stamps[0] - start if stamps else float('nan')
    rest = (stamps[-1] - stamps[0]) / max(len(stamps) - 1, 1)
    return dict(mode=mode, total=end - start, first=first, rest=rest)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--model', default='minilm-l6')
    p.add_argument('--steps', type=int, default=8)
    p.add_argument('--batch_size', type=int, default=16)
    p.add_argument('--repeats', type=int, default=2)
    p.add_argument('--one', default=None, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        print(json.dumps(one(a.one, a.model, a.steps, a.batch_size)))
        return
    rows = []
    for r in range(a.repeats):
        for mode in ('eager', 'compiled'):
            with tempfile.TemporaryDirectory() as cache:
                env = dict(os.environ, TORCHINDUCTOR_CACHE_DIR=cache)
                out = subprocess.run([sys.executable, __file__, '--one', mode, '--model', a.model, '--steps',
                                      str(a.steps), '--batch_size', str(a.batch_size)], env=env,
                                     capture_output=True, text=True, check=True).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
            x = rows[-1]
            print(f"{r} {mode:8s} total {x['total']:7.2f} s  first step {x['first']:6.2f} s  "
                  f"later steps {x['rest']:5.2f} s/step", flush=True)
    med = lambda mode, k: statistics.median(x[k] for x in rows if x['mode'] == mode)
    for k in ('total', 'first', 'rest'):
        print(f"compiled / eager, {k}: {med('compiled', k) / med('eager', k):.2f}")
    saved = med('eager', 'rest') - med('compiled', 'rest')
    extra = med('compiled', 'first') - med('eager', 'first')
    verdict = f"{extra / saved:.0f} steps" if saved > 0 else 'never (later steps no faster)'
    print(f'break-even after {verdict}')


if __name__ == '__main__':
    main()
