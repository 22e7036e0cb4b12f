"""Top blocks against full fine-tuning: one pair of the fine-tuning preset trained both ways at the same steps.

`--preset offline-finetune` fine-tunes the top blocks of each model only (`train_layers`), the lower blocks'
output computed once per example. This script measures what that changes on one pair, MiniLM-L6 → MPNet-base, at
the preset's own settings (data, steps, learning rates, precision), seed 0 unless told otherwise: the ground-truth
runs of both models and the xent and logconf transfers, once with the preset's `train_layers` and once with every
weight trained. Printed per run: test accuracy and seconds; per loss: the pair's PGR. Results go to a temporary
folder. About 15 minutes on 2 idle CPU cores (the full fine-tuning of MPNet-base is most of it).

The preset's learning rates were chosen for its top blocks; full fine-tuning at them diverges (every run at
0.475 here: one class for every review), so `--full_lr` gives full fine-tuning its own rates, chosen the same way on
validation (`bench/select_lr.py --full --models minilm-l6,mpnet-base --lrs 3e-5,1e-4,3e-4`). `--modes full`
skips the top-block runs.

Run: .venv/bin/python bench/bench_top_layers.py [--seeds 0,1] [--full_lr minilm-l6:1e-4,mpnet-base:3e-5] [--modes top,full]
"""
import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

PAIR = ['minilm-l6', 'mpnet-base']


def sweep(mode: str, seeds: list[int], folder: str, full_lr: dict | None = None):
    "The pair's sweep at the preset's settings; `mode` 'top' keeps the preset's train_layers, 'full' drops it."
    from weak_to_strong.sweep import PRESETS, run_sweep
    args = {k: v for k, v in PRESETS['offline-finetune'].items()
            if k not in ('model_sizes', 'seeds', 'results_folder', 'sweep_subfolder')}
    if mode == 'full': args.pop('train_layers', None)
    model_lr = {k: v for k, v in (args.pop('model_lr', None) or {}).items() if k in PAIR}
    if mode == 'full' and full_lr: model_lr.update(full_lr)
    return run_sweep(PAIR, seeds=seeds, results_folder=folder, sweep_subfolder=mode, verbose=False,
                     **({'model_lr': model_lr} if model_lr else {}), **args)


def run_seconds(save_path) -> float:
    "The seconds a run spent, summed over its phases (its results_summary.json)."
    import json
    return sum((json.loads((Path(save_path)/'results_summary.json').read_text()).get('timings') or {}).values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', default='0', help='comma-separated seeds (default 0)')
    parser.add_argument('--full_lr', default='', help='MODEL:LR,... for full fine-tuning (default: the preset\'s)')
    parser.add_argument('--modes', default='top,full', help='top, full or both (default)')
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(',')]
    from weak_to_strong.sweep import parse_model_lr
    from weak_to_strong.core import W2SError
    try: full_lr = parse_model_lr(args.full_lr or None, PAIR)
    except W2SError as e: parser.error(str(e).replace('--model_lr', '--full_lr').replace('--model_sizes', 'the pair'))
    modes = args.modes.split(',')
    if bad := [m for m in modes if m not in ('top', 'full')]:
        parser.error(f"--modes: unknown mode {bad[0]!r}; valid: top, full")
    import numpy as np
    with tempfile.TemporaryDirectory() as d:
        acc = {}
        for mode in modes:
            df = sweep(mode, seeds, d, full_lr)
            print(f"\n{mode}: {'the preset' + chr(39) + 's top blocks' if mode == 'top' else 'every weight'}")
            for _, r in df.sort_values(['seed', 'weak_model', 'loss'], na_position='first').iterrows():
                weak = r.weak_model if r.kind != 'ground_truth' else None
                kind = f"{weak} → {r.model} {r.loss}" if weak else f"{r.model} ground truth"
                print(f"  seed {r.seed}: {kind}: accuracy {r.accuracy:.3f}, {run_seconds(r.save_path):.0f} s")
                acc[mode, r.seed, weak, r.model, r.loss] = r.accuracy
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
