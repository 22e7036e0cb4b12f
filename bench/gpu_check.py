"""The checks to run once on a CUDA machine, in one script: the paper's GPT-2 slice on sciq, a 7B model with
LoRA across the visible GPUs, and the numbers to report. Exits non-zero on any error.

On a GPU machine (needs the Hugging Face hub, or its models and sciq in the local caches):

    .venv/bin/python bench/gpu_check.py [--results /tmp/gpu_check] [--n_docs 19200] [--skip_7b]

1. gpt2 → gpt2-medium → gpt2-large → gpt2-xl on sciq, full fine-tuning in bfloat16, one epoch over half of
   N_DOCS (9,600 examples: 300 optimizer steps of 32), xent and logconf, seed 0: per run the examples per
   second of training, the model FLOP utilisation (6 · parameters · tokens per second against the device's
   dense bf16 peak, PEAK_TFLOPS below or --peak_tflops), and the peak GPU memory; then the PGR table.
2. Qwen/Qwen-7B (the original's table row, split over the visible GPUs with device_map='auto' when the table
   says so) with LoRA rank 8 on a small sciq sample, one ground-truth run: its time and peak memory.

On a machine without CUDA it says so, runs the same code on a tiny random model (a 2-block Llama with the
packaged SmolLM2 tokenizer, on the offline sentiment data, LoRA on), and exits 0.
"""
import argparse
import json
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import torch

from weak_to_strong.results import format_table, load_runs, pgr_table
from weak_to_strong.run import main as train
from weak_to_strong.sweep import sweep_jobs

# dense bfloat16 peak of common cards, TFLOP/s (vendor data sheets; SXM parts)
PEAK_TFLOPS = {'H200': 989, 'H100': 989, 'A100': 312, 'L40S': 362, 'A10G': 70, 'L4': 121, 'RTX 4090': 165}
GPT2_SLICE = ['gpt2', 'gpt2-medium', 'gpt2-large', 'gpt2-xl']


def peak_tflops(given: float | None) -> float | None:
    "The device's bf16 peak: `given`, else looked up by the device's name (None when unknown)."
    if given: return given
    name = torch.cuda.get_device_name(0)
    return next((v for k, v in PEAK_TFLOPS.items() if k in name), None)


def n_params(model_size: str) -> int:
    "Parameters of a model of the table (its config only: nothing is downloaded beyond config.json)."
    from transformers import AutoConfig, AutoModel
    from weak_to_strong.model_table import get_model_config, resolve_model_path
    cfg = get_model_config(model_size)
    hf = AutoConfig.from_pretrained(resolve_model_path(cfg), trust_remote_code=cfg.trust_remote_code)
    with torch.device('meta'): model = AutoModel.from_config(hf, trust_remote_code=cfg.trust_remote_code)
    return sum(p.numel() for p in model.parameters())


def run_measured(job: dict, common: dict, tokens_per_example: float, peak: float | None) -> dict:
    "One run of `job`, with ex/s, MFU and the peak GPU memory it needed (reset before it)."
    cuda = torch.cuda.is_available()
    if cuda: torch.cuda.reset_peak_memory_stats()
    r = train(**common, **job, verbose=False)
    train_s = (r.get('timings') or {}).get('train') or r['train_seconds']
    examples = r['optimizer_steps'] * common.get('batch_size', 32)
    row = dict(model=job['model_size'], weak=job.get('weak_model_size'), loss=job['loss'],
               accuracy=r['accuracy'], ex_per_s=examples / train_s if not r['reused'] else None,
               peak_gb=torch.cuda.max_memory_allocated() / 1e9 if cuda else None)
    if peak and row['ex_per_s']:
        row['mfu'] = 6 * n_params(job['model_size']) * tokens_per_example * row['ex_per_s'] / (peak * 1e12)
    return row


def mean_tokens(ds_name: str, model_size: str, n: int = 500) -> float:
    "Mean tokens per example of `ds_name` with `model_size`'s tokenizer (for the FLOP count)."
    from weak_to_strong.datasets import load_dataset
    from weak_to_strong.model import load_tokenizer
    from weak_to_strong.model_table import get_model_config
    tok = load_tokenizer(get_model_config(model_size))
    sizes = dict(train=n, test=10)
    texts = load_dataset(ds_name, seed=0, split_sizes=sizes, allow_fewer=True)['train']['txt']
    return sum(len(tok(t)['input_ids']) for t in texts) / len(texts)


def gpt2_slice(results: Path, n_docs: int, peak: float | None) -> list[dict]:
    common = dict(ds_name='sciq', n_docs=n_docs, n_test_docs=2000, epochs=1, precision='bf16',
                  results_folder=str(results), sweep_subfolder='gpt2-slice', seed=0)
    tokens = mean_tokens('sciq', 'gpt2')
    rows = []
    for job in sweep_jobs(GPT2_SLICE, ['xent', 'logconf'], [0]):
        job = {k: v for k, v in job.items() if k != 'seed'}
        rows.append(run_measured(job, common, tokens, peak))
        print(json.dumps(rows[-1]), flush=True)
    print(format_table(pgr_table(load_runs(results/'gpt2-slice'))))
    return rows


def qwen_7b_lora(results: Path) -> dict:
    common = dict(ds_name='sciq', n_docs=512, n_test_docs=256, epochs=1, precision='bf16', lora_rank=8,
                  results_folder=str(results), sweep_subfolder='qwen-7b-lora', seed=0, lr=1e-4)
    start = time.time()
    job = dict(model_size='Qwen/Qwen-7B', loss='xent')
    row = run_measured(job, common, mean_tokens('sciq', 'gpt2'), None)
    row.update(seconds=round(time.time() - start, 1), gpus=torch.cuda.device_count())
    print(json.dumps(row), flush=True)
    return row


def tiny_model_folder(dest: Path) -> Path:
    "A tiny random Llama (2 blocks) with the packaged SmolLM2's tokenizer: the CPU stand-in for the GPU runs."
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM
    from weak_to_strong.model_table import packaged_model_path
    src = packaged_model_path('smollm2-135m')
    tok = AutoTokenizer.from_pretrained(src)
    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                      pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id)
    LlamaForCausalLM(cfg).save_pretrained(dest)
    tok.save_pretrained(dest)
    return dest


def cpu_stand_in(results: Path) -> list[dict]:
    "The same measuring code on a tiny random model, offline, LoRA on: tried before a GPU runs it."
    folder = tiny_model_folder(results/'tiny-llama')
    common = dict(ds_name='sentiment', n_docs=200, n_test_docs=100, epochs=1, max_ctx=128, lr=1e-3,
                  results_folder=str(results), sweep_subfolder='cpu-stand-in', seed=0, lora_rank=4)
    rows = [run_measured(dict(model_size=str(folder), loss=loss, **weak), common, 40.0, None)
            for weak, loss in (({}, 'xent'), (dict(weak_model_size=str(folder)), 'logconf'))]
    for r in rows: print(json.dumps(r), flush=True)
    assert all(0 <= r['accuracy'] <= 1 and r['ex_per_s'] for r in rows), rows
    return rows


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--results', default=None, help='where runs go (default: a temporary folder, removed)')
    p.add_argument('--n_docs', type=int, default=19200)
    p.add_argument('--peak_tflops', type=float, default=None)
    p.add_argument('--skip_7b', action='store_true')
    a = p.parse_args(argv)
    results = Path(a.results or tempfile.mkdtemp(prefix='w2s-gpu-check-'))
    try:
        if not torch.cuda.is_available():
            print("no CUDA device here: running the CPU stand-in only (a tiny random model through the same "
                  "code); run this script on a GPU machine for the numbers", flush=True)
            cpu_stand_in(results)
            return 0
        peak = peak_tflops(a.peak_tflops)
        print(f"{torch.cuda.device_count()} x {torch.cuda.get_device_name(0)}, bf16 peak "
              f"{peak or 'unknown (pass --peak_tflops)'} TFLOP/s", flush=True)
        gpt2_slice(results, a.n_docs, peak)
        if not a.skip_7b: qwen_7b_lora(results)
        return 0
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        if a.results is None: shutil.rmtree(results, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
