"""Top blocks against full fine-tuning: one pair of the fine-tuning preset trained both ways at the same steps.

`--preset offline-finetune` fine-tunes the top blocks of each model only (`train_layers`), the lower blocks'
output computed once per example. This script measures what that changes on one pair, MiniLM-L6 → MPNet-base, at
the preset's own settings (data, steps, learning rates, precision), seed 0 unless told otherwise: the ground-truth
runs of both models and the xent and logconf transfers, once with the preset's `train_layers` and once with every
weight trained. Printed per run: test accuracy and seconds; per loss: the pair's PGR. Results go to a temporary
folder. About 15 minutes on 2 idle CPU cores (the full fine-tuning of MPNet-base is most of it).

Run: .venv/bin/python bench/bench_top_layers.py [--seeds 0,1]
"""
import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

PAIR = ['minilm-l6', 'mpnet-base']


def sweep(mode: str, seeds: list[int], folder: str):
    "The pair's sweep at the preset's settings; `mode` 'top' keeps the preset's train_layers, 'full' drops it."
    from weak_to_strong.sweep import PRESETS, run_sweep
    args = {k: v for k, v in PRESETS['offline-finetune'].items()
            if k not in ('model_sizes', 'seeds', 'results_folder', 'sweep_subfolder')}
    if mode == 'full': args.pop('train_layers', None)
    model_lr = {k: v for k, v in (args.pop('model_lr', None) or {}).items() if k in PAIR}
    return run_sweep(PAIR, seeds=seeds, results_folder=folder, sweep_subfolder=mode, verbose=False,
                     **({'model_lr': model_lr} if model_lr else {}), **args)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', default='0', help='comma-separated seeds (default 0)')
    seeds = [int(s) for s in parser.parse_args().seeds.split(',')]
    import numpy as np
    with tempfile.TemporaryDirectory() as d:
        acc = {}
        for mode in ('top', 'full'):
            df = sweep(mode, seeds, d)
            print(f"\n{mode}: {'the preset' + chr(39) + 's top blocks' if mode == 'top' else 'every weight'}")
            for _, r in df.sort_values(['seed', 'weak_model_size', 'loss'], na_position='first').iterrows():
                kind = f"{r.weak_model_size} → {r.model_size} {r.loss}" if isinstance(r.weak_model_size, str) \
                    else f"{r.model_size} ground truth"
                print(f"  seed {r.seed}: {kind}: accuracy {r.accuracy:.3f}, {r.train_seconds:.0f} s")
                acc[mode, r.seed, r.weak_model_size if isinstance(r.weak_model_size, str) else None,
                    r.model_size, r.loss] = r.accuracy
            for loss in ('xent', 'logconf'):
                pgr = []
                for s in seeds:
                    weak, strong = acc[mode, s, None, PAIR[0], 'xent'], acc[mode, s, None, PAIR[1], 'xent']
                    student = acc.get((mode, s, PAIR[0], PAIR[1], loss))
                    if student is not None and strong > weak: pgr.append((student - weak) / (strong - weak))
                print(f"  PGR {PAIR[0]} → {PAIR[1]}, {loss}: "
                      + (', '.join(f'{p:.2f}' for p in pgr) + f" (median {np.median(pgr):.2f})" if pgr else 'none'))


if __name__ == '__main__':
    main()
