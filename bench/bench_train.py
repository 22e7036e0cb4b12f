"""Benchmarks of two training choices of weak_to_strong.train against the original code's, on tiny random
models (CPU, < 1 min).

(a) Gradient accumulation. Ours: each minibatch runs forward and backward at once (loss scaled by its share of
    the batch), so only one minibatch's activations are alive. The original's style: forward every minibatch,
    keep all their graphs, then one backward over the whole batch's loss. We time one optimizer step of each
    and measure the activation memory autograd keeps (the bytes of the tensors saved for backward, peak over
    the step), and check that both give the same gradient.
(b) Linear probe. Ours: the frozen body's features are computed once (no_grad, eval mode) and the head is
    trained on them. The original's style: every step runs the whole body with gradients tracked (only the
    head is updated). We also show the middle ground (body under no_grad every step). Same number of epochs
    and steps for all three.

Run: .venv/bin/python bench/bench_train.py
     (prints a table; the ratios are what to look at, absolute times are noisy)
"""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import numpy as np
import torch
from transformers import GPT2Config, GPT2Model

from weak_to_strong.eval import extract_features
from weak_to_strong.loss import xent_loss
from weak_to_strong.model import TransformerWithHead, collate
from weak_to_strong.train import accumulate_batch, train_model

torch.set_num_threads(int(os.environ.get('BENCH_THREADS', '1')))  # 1: stable numbers on a shared machine


class Padded(TransformerWithHead):
    """The classifier with padded minibatches of a fixed number of examples (as both sides of benchmark (a)
    use)."""
    can_pack = False


def tiny_model(n_layer=4, n_embd=128, linear_probe=False, seed=0, packed=True):
    torch.manual_seed(seed)
    cfg = GPT2Config(n_layer=n_layer, n_head=4, n_embd=n_embd, vocab_size=512, n_positions=256,
                     bos_token_id=1, eos_token_id=1, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0)
    m = (TransformerWithHead if packed else Padded)(GPT2Model(cfg), linear_probe=linear_probe)
    torch.nn.init.normal_(m.score.weight, std=0.1)
    return m.eval()


def data(n, length, seed=0):
    import datasets
    rng = np.random.default_rng(seed)
    ids = [rng.integers(2, 512, length).tolist() for _ in range(n)]
    y = [int(i[-1] >= 256) for i in ids]
    return datasets.Dataset.from_dict({'txt': [''] * n, 'hard_label': y,
                                       'soft_label': [[1.0 - v, float(v)] for v in y], 'input_ids': ids})


class _Held:
    "A tensor saved for backward; the tracker's count drops when autograd frees it."
    def __init__(self, t, tracker):
        self.t, self.n, self.tracker = t, t.numel() * t.element_size(), tracker
        tracker.now += self.n; tracker.peak = max(tracker.peak, tracker.now)
    def __del__(self): self.tracker.now -= self.n


class SavedBytes:
    "Peak bytes of the tensors autograd holds alive for the backward pass (a proxy for activation memory)."
    def __init__(self): self.now = self.peak = 0
    def pack(self, t): return _Held(t, self)
    def unpack(self, held): return held.t
    def __enter__(self):
        self.ctx = torch.autograd.graph.saved_tensors_hooks(self.pack, self.unpack)
        self.ctx.__enter__()
        return self
    def __exit__(self, *a): self.ctx.__exit__(*a)


def original_style_step(model, ds_ids, labels, idx, loss_fn, mb):
    "All minibatch graphs kept until one backward over the batch's loss (the original's pattern)."
    logits = []
    for s in range(0, len(idx), mb):
        ids, mask = collate([ds_ids[i] for i in idx[s:s + mb]], 0)
        logits.append(model(ids, attention_mask=mask))
    loss = loss_fn(torch.cat(logits), labels[torch.as_tensor(idx)], 0.5)
    loss.backward()
    return loss.detach()


def bench_accumulation(batch=32, mb=4, length=128, reps=3):
    ds = data(batch, length)
    ids_col, labels = ds['input_ids'], torch.tensor(ds['soft_label'])
    idx, loss_fn = np.arange(batch), xent_loss()
    out = {}
    for name in ('ours', 'original'):
        # the same padded minibatches on both sides: accumulation alone is compared
        model = tiny_model(packed=False)
        times, peak = [], 0
        for r in range(reps + 1):
            model.zero_grad(set_to_none=True)
            with SavedBytes() as sb:
                t = time.perf_counter()
                if name == 'ours':
                    loss, _ = accumulate_batch(model, ids_col, labels, idx, loss_fn, 0.5, mb,
                                               torch.device('cpu'))
                else:
                    loss = original_style_step(model, ids_col, labels, idx, loss_fn, mb)
                dt = time.perf_counter() - t
            if r: times.append(dt)  # the first repetition warms up
            peak = max(peak, sb.peak)
        grad = torch.cat([p.grad.flatten() for p in model.parameters()])
        out[name] = dict(time=float(np.median(times)), peak=peak, loss=float(loss), grad=grad)
    same = torch.allclose(out['ours']['grad'], out['original']['grad'], atol=1e-6, rtol=1e-4)
    print(f"(a) gradient accumulation, GPT-2 4x128 random, batch {batch} "
          f"= {batch // mb} minibatches of {mb}, {length} tokens")
    print(f"    ours:     {out['ours']['time']:.3f} s/step, activations held for backward "
          f"{out['ours']['peak'] / 2**20:7.1f} MiB")
    print(f"    original: {out['original']['time']:.3f} s/step, activations held for backward "
          f"{out['original']['peak'] / 2**20:7.1f} MiB")
    print(f"    ratio original/ours: time {out['original']['time'] / out['ours']['time']:.2f}x, "
          f"activation memory {out['original']['peak'] / out['ours']['peak']:.1f}x; same gradient: {same}")


def bench_probe(n=256, length=64, epochs=4, batch=32):
    ds = data(n, length)
    times = {}
    # original style: body run every step with gradients
    # tracked (the model is not in linear-probe mode; only the
    # head's parameters would be stepped, but autograd still
    # builds the body's graph and backpropagates through it)
    m = tiny_model()
    for p in m.body.parameters(): p.requires_grad_(True)
    t = time.perf_counter()
    train_model(m, ds, batch_size=batch, lr=1e-3, epochs=epochs, minibatch_size=batch, progress=False)
    times['body with gradients every step (original)'] = time.perf_counter() - t
    m = tiny_model(linear_probe=True)
    t = time.perf_counter()
    train_model(m, ds, batch_size=batch, lr=1e-3, epochs=epochs, minibatch_size=batch, progress=False)
    times['body under no_grad every step'] = time.perf_counter() - t
    m = tiny_model(linear_probe=True)
    t = time.perf_counter()
    feats = extract_features(m, ds, batch_size=batch, progress=False)
    t_extract = time.perf_counter() - t
    train_model(m, ds, batch_size=batch, lr=1e-3, epochs=epochs, features=feats, progress=False)
    times['cached features (ours, extraction included)'] = time.perf_counter() - t
    base = times['cached features (ours, extraction included)']
    print(f"(b) linear probe, GPT-2 4x128 random, {n} examples "
          f"x {length} tokens, {epochs} epochs of batch {batch}")
    for k, v in times.items(): print(f"    {k:45s} {v:6.2f} s  ({v / base:5.1f}x ours)")
    print(f"    of which feature extraction: {t_extract:.2f} s; "
          "a rerun with the features cached on disk skips it")


if __name__ == '__main__':
    t0 = time.perf_counter()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    bench_accumulation()
    bench_probe()
    print(f"total {time.perf_counter() - t0:.1f} s")
