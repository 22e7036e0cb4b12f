"""The methods since the paper on the offline ladder, three seeds: every loss, the label corrections,
strong-to- strong and two weak models combined on the probe ladder; LoRA students on the fine-tuned MiniLM →
MPNet pair; the PGR tables.

    .venv/bin/python bench/methods_compared.py [--results results] [--seeds 0,1,2] [--part probes|lora|both]

Runs go to RESULTS/methods/ and RESULTS/methods-lora/ (finished runs are reused); `make methods` then copies
their summaries into nbs/_data/offline_sweep/, which the methods_compared notebook reads. The probe settings
are the offline preset's (`PRESETS['offline']`, probes at each model's table rate) and the LoRA ones the
fine- tuning preset's (`PRESETS['offline-finetune']`, its learning rates, LoRA added), all fixed before any
run; each method at its defaults (see the methods notebook)."""
import argparse
import time

from weak_to_strong.results import format_table, load_runs, pgr_table
from weak_to_strong.run import main
from weak_to_strong.run_prep import RunCache
from weak_to_strong.sweep import PRESETS, run_sweep

LOSSES = ['xent', 'logconf', 'entropy', 'window', 'kl', 'adaptconf']
CORRECTIONS = ['knn-relabel', 'knn-filter', 'logreg-relabel', 'logreg-filter']
COMBINES = ['mean', 'confidence']
S2S_ITERS = 2
LORA_RANK = 8


def run_all(results: str, seeds: list[int]) -> float:
    preset = dict(PRESETS['offline'])
    models = preset.pop('model_sizes')
    for k in ('seeds', 'loss', 'bootstrap'): preset.pop(k)
    flags = dict(preset, results_folder=results, sweep_subfolder='methods')
    cache, start = RunCache(), time.time()
    run_sweep(models, seeds=seeds, loss=','.join(LOSSES), cache=cache, verbose=False, **flags)
    pairs = [(w, s) for i, w in enumerate(models) for s in models[i + 1:]]
    for seed in seeds:
        for weak, strong in pairs:
            one = dict(flags, seed=seed, model_size=strong, weak_model_size=weak, cache=cache, verbose=False)
            for how in CORRECTIONS: main(**one, label_correction=how)
            main(**one, s2s_iters=S2S_ITERS)
        for rule in COMBINES:
            main(**flags, seed=seed, model_size=models[-1], weak_model_size=','.join(models[:-1]),
                 weak_combine=rule, cache=cache, verbose=False)
        print(f"seed {seed} done ({time.time() - start:.0f} s)", flush=True)
    return time.time() - start


def run_lora(results: str, seeds: list[int], rank: int = LORA_RANK) -> float:
    "MiniLM-L6 → MPNet-base fine-tuned (top two blocks) through rank-`rank` adapters, xent, every seed."
    preset = dict(PRESETS['offline-finetune'])
    models = [m for m in preset.pop('model_sizes') if m != 'smollm2-135m']
    model_lr = {m: preset['model_lr'][m] for m in models}
    for k in ('seeds', 'loss', 'model_lr'): preset.pop(k)
    start = time.time()
    run_sweep(models, seeds=seeds, loss='xent', model_lr=model_lr, lora_rank=rank, verbose=False,
              **dict(preset, results_folder=results, sweep_subfolder='methods-lora'))
    return time.time() - start


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--results', default='results')
    p.add_argument('--seeds', default='0,1,2')
    p.add_argument('--part', default='both', choices=['probes', 'lora', 'both'])
    a = p.parse_args()
    seeds = [int(s) for s in a.seeds.split(',')]
    for part, run, sub in (('probes', run_all, 'methods'), ('lora', run_lora, 'methods-lora')):
        if a.part not in (part, 'both'): continue
        seconds = run(a.results, seeds)
        runs = load_runs(f'{a.results}/{sub}')
        print(f"{sub}: {len(runs)} runs, {seconds:.0f} s\n")
        print(format_table(pgr_table(runs)) + '\n')
