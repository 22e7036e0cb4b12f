"""LoRA students against full fine-tuning on the packaged models: examples per second of training and the
process's peak memory (CPU).

Each (model, mode) runs in a fresh process: load the model, build one batch of 16 real reviews (max 128
tokens), then 2 warm-up and 8 timed optimizer steps (Adam, through `train.accumulate_batch`, minibatches of
8). `full` trains every weight; `lora` trains rank-8 adapters on the attention's query and value and the head
(`lora.add_lora`). Peak memory is the process's maximum resident set (`ru_maxrss`), model loading included, so
the difference between the two modes is what training adds: gradients and Adam's two moments per trained
weight.

Run: .venv/bin/python bench/bench_lora.py [--models minilm-l6,smollm2-135m,mpnet-base] [--rank 8]
"""
import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def measure(model_name: str, mode: str, rank: int) -> dict:
    "One (model, mode) in this process: ex/s over the timed steps, peak RSS, trained weights."
    import torch
    from weak_to_strong.datasets import load_dataset
    from weak_to_strong.eval import pad_token_id
    from weak_to_strong.lora import add_lora
    from weak_to_strong.loss import xent_loss
    from weak_to_strong.model import TransformerWithHead, load_tokenizer
    from weak_to_strong.model_table import get_model_config
    from weak_to_strong.optim import make_optimizer
    from weak_to_strong.tokenization import tokenize_dataset
    from weak_to_strong.train import accumulate_batch
    torch.manual_seed(0)
    cfg = get_model_config(model_name)
    ds = load_dataset('sentiment', seed=0, split_sizes=dict(train=64, test=10))['train']
    ds = tokenize_dataset(ds, load_tokenizer(cfg), 128).select(range(16))
    model = TransformerWithHead.from_pretrained(cfg)
    if mode == 'lora': add_lora(model, rank)
    model.train()
    opt = make_optimizer(model.trainable_parameters(), 'adam', 1e-4)
    labels = torch.tensor(ds['soft_label'], dtype=torch.float32)
    idx = list(range(len(ds)))
    times = []
    for step in range(10):
        t0 = time.perf_counter()
        accumulate_batch(model, ds['input_ids'], labels, idx, xent_loss(), 0.0, 8, torch.device('cpu'),
                         pad=pad_token_id(model))
        opt.step(); opt.zero_grad(set_to_none=True)
        if step >= 2: times.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(model=model_name, mode=mode, ex_per_s=len(ds) / statistics.median(times),
                ex_per_s_best=len(ds) / min(times), peak_mb=peak_mb,
                trained=sum(p.numel() for p in model.trainable_parameters()))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--models', default='minilm-l6,smollm2-135m,mpnet-base')
    p.add_argument('--rank', type=int, default=8)
    p.add_argument('--one', nargs=2, help=argparse.SUPPRESS)   # internal: measure one (model, mode) here
    a = p.parse_args()
    if a.one: print(json.dumps(measure(*a.one, a.rank))); return
    rows = []
    for m in a.models.split(','):
        for mode in ('full', 'lora'):
            out = subprocess.run([sys.executable, __file__, '--one', m, mode, '--rank', str(a.rank)],
                                 capture_output=True, text=True, check=True).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
    print(f"{'model':14} {'mode':5} {'trained weights':>16} {'ex/s (median)':>14} {'peak MB':>8}")
    for r in rows:
        print(f"{r['model']:14} {r['mode']:5} {r['trained']:>16,} {r['ex_per_s']:>14.1f} "
              f"{r['peak_mb']:>8.0f}")
    for m in a.models.split(','):
        full, lora = [next(r for r in rows if r['model'] == m and r['mode'] == k) for k in ('full', 'lora')]
        print(f"{m}: LoRA r={a.rank} trains {lora['trained'] / full['trained']:.2%} of the weights, "
              f"{lora['ex_per_s'] / full['ex_per_s']:.2f}x the examples per second, "
              f"{lora['peak_mb'] - full['peak_mb']:+.0f} MB peak memory")


if __name__ == '__main__':
    main()
