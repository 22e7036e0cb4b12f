"""Does `--precision bf16` train as well as float32? Test accuracy of full fine-tuning in both, over seeds.

SmolLM2-135M (the packaged causal LM) fine-tuned on ground truth, offline `sentiment` reviews: 1000 training
documents (a ground-truth run trains on the first half, 500), 500 test, max_ctx 128, 2 epochs, batch 32, lr
5e-5, seeds 0-2, on this machine's CPU (2 threads). Printed per seed and as mean and spread; also the
examples/s of training.

Run: .venv/bin/python bench/bench_precision.py   (about 10 minutes on 2 cores)
"""
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import numpy as np
import torch

SETTINGS = dict(ds_name='sentiment', model_size='smollm2-135m', n_docs=1000, n_test_docs=500, max_ctx=128,
                epochs=2, lr=5e-5)


def main(seeds=(0, 1, 2)):
    from weak_to_strong.run import main as train
    from weak_to_strong.run_prep import RunCache
    torch.set_num_threads(2)
    cache, acc, speed = RunCache(), {}, {}
    with tempfile.TemporaryDirectory() as d:
        for precision in ('fp32', 'bf16'):
            for seed in seeds:
                r = train(**SETTINGS, seed=seed, precision=precision, results_folder=d, cache=cache,
                          verbose=False)
                acc[precision, seed] = r['accuracy']
                speed[precision, seed] = 500 * SETTINGS['epochs'] / r['timings']['train']
                print(f"{precision} seed {seed}: test accuracy {r['accuracy']:.3f}, "
                      f"training {speed[precision, seed]:.1f} examples/s", flush=True)
    for precision in ('fp32', 'bf16'):
        a = np.array([acc[precision, s] for s in seeds])
        print(f"{precision}: accuracy {a.mean():.3f} ± {a.std(ddof=1):.3f} (seeds "
              f"{', '.join(f'{x:.3f}' for x in a)}); "
              f"training {np.mean([speed[precision, s] for s in seeds]):.1f} examples/s")
    diff = np.array([acc['bf16', s] - acc['fp32', s] for s in seeds])
    print(f"bf16 - fp32 per seed: {', '.join(f'{x:+.3f}' for x in diff)}")


if __name__ == '__main__':
    main()
