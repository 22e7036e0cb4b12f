"""Choose each model's learning rate for a preset on a validation part of the training documents.

For every model of a preset and every learning rate of a grid fixed in advance, one ground-truth run at the
preset's settings trains on 80% of the first half of the training documents (the half a ground-truth run trains
on) and is scored on the other 20% (their ground-truth labels); the test split is never read. Printed: the
validation accuracy and the median |p - 0.5| of the predictions (how confident the labels a weak model gives
would be) per model and rate, and the rate each model would get (the best validation accuracy; ties: the
smaller rate). Seed 0 only: the choice is one of order of magnitude.

`--models` limits it to some of the preset's models; `--full` trains every weight instead of the preset's
`train_layers` (the rates `bench/bench_top_layers.py` compares full fine-tuning at).

Run: .venv/bin/python bench/select_lr.py [--preset offline-finetune] [--lrs 1e-4,3e-4,1e-3] [--models a,b] [--full]
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--preset', default='offline-finetune')
    parser.add_argument('--lrs', default='1e-4,3e-4,1e-3', help='the grid, comma-separated')
    parser.add_argument('--models', default=None, help="comma-separated (default: the preset's)")
    parser.add_argument('--full', action='store_true', help="train every weight (drop the preset's train_layers)")
    args = parser.parse_args()
    import tempfile
    import numpy as np
    from weak_to_strong.run import run_data
    from weak_to_strong.run_prep import RunCache
    from weak_to_strong.run_settings import resolve_settings
    from weak_to_strong.sweep import PRESETS
    from weak_to_strong.train import split_validation, train_and_save_model
    preset = dict(PRESETS[args.preset])
    models = preset.pop('model_sizes')
    if args.models: models = args.models.split(',')
    if args.full: preset.pop('train_layers', None)
    for k in ('seeds', 'loss', 'bootstrap', 'results_folder', 'sweep_subfolder', 'model_lr', 'lr'):
        preset.pop(k, None)
    cache, chosen = RunCache(), {}
    with tempfile.TemporaryDirectory() as d:
        for model in models:
            scores = {}
            for lr in [float(x) for x in args.lrs.split(',')]:
                s = resolve_settings(**preset, model_size=model, lr=lr, seed=0, results_folder=d)
                train, val = split_validation(run_data(s, cache=cache)['train'], 0.2, seed=0)
                res, _ = train_and_save_model(s, train, val, save_path=Path(d)/f'{model}-{lr}',
                                              progress=False)
                p = np.asarray(res['soft_label'])[:, 1]
                scores[lr] = float(np.mean(res['acc']))
                print(f"{model} lr {lr:g}: validation accuracy {scores[lr]:.3f} ({len(val)} reviews), "
                      f"median |p - 0.5| {np.median(np.abs(p - 0.5)):.3f}", flush=True)
            chosen[model] = max(scores, key=lambda lr: (scores[lr], -lr))
    print('chosen: ' + ','.join(f'{m}:{lr:g}' for m, lr in chosen.items()))


if __name__ == '__main__':
    main()
