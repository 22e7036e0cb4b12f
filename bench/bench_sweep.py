"""Where a sweep's time goes: the share of its wall time outside training, evaluation and labelling.

Two GPT-2-shaped models with random weights (16M and 30M parameters, SmolLM2's 49,152-token tokenizer), saved
as local model folders; a sweep of both on the offline `sentiment` reviews (512 training documents, 256 test,
max_ctx 128, 1 epoch, xent): 2 ground-truth runs and 3 transfers, fine-tuned, in one process, as `run_sweep`
runs them. Printed: the sweep's wall time, the seconds per phase summed over its runs (each run's
`results_summary.json` has them), and the time outside `train`, `eval`, `inference` and `features`: loading
data and models, tokenizing, saving, and everything between. The first sweep starts cold (datasets,
tokenizations and models read from disk for the first time in the process; the very first run of the script
also tokenizes, since nothing is cached yet); a second one, in the same process, shows the steady state of a
long sweep.

Run: .venv/bin/python bench/bench_sweep.py   (about a minute here; `make bench` runs it)
"""
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import torch

SHAPES = {'tiny16m': dict(n_layer=4, n_embd=256, n_head=4), 'tiny30m': dict(n_layer=6, n_embd=384, n_head=6)}


def model_folders(root: Path) -> list[str]:
    "Two random GPT-2-shaped models with SmolLM2's tokenizer, saved as Hugging Face folders under `root`."
    from transformers import GPT2Config, GPT2Model
    from weak_to_strong.model import load_tokenizer
    tok, folders = load_tokenizer('smollm2-135m'), []
    for name, shape in SHAPES.items():
        torch.manual_seed(0)
        body = GPT2Model(GPT2Config(**shape, vocab_size=len(tok), n_positions=128,
                                    bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id,
                                    pad_token_id=tok.pad_token_id))
        body.save_pretrained(root/name); tok.save_pretrained(root/name)
        print(f"{name}: {sum(p.numel() for p in body.parameters()) / 1e6:.1f}M parameters")
        folders.append(str(root/name))
    return folders


def main():
    from weak_to_strong.run_prep import RunCache
    from weak_to_strong.sweep import run_sweep, sweep_timings
    torch.set_num_threads(2)
    with tempfile.TemporaryDirectory() as d:
        models, cache = model_folders(Path(d)), RunCache()
        for label in ('cold (first sweep in this process)', 'warm (a second sweep, another seed)'):
            seed = 0 if label.startswith('cold') else 1
            df = run_sweep(models, ds_name='sentiment', n_docs=512, n_test_docs=256, max_ctx=128, epochs=1,
                           lr=5e-5, loss='xent', seed=seed, results_folder=f'{d}/results', cache=cache,
                           verbose=False)
            print(f"\n{label}:\n{sweep_timings(df)}")


if __name__ == '__main__':
    main()
