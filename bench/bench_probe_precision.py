"""The probe preset (`make sweep`) with float32 features against bfloat16 features: time and results side by side.

`--preset offline` spends most of its compute extracting each model's features once (the heads train in seconds on
them). This script runs the whole preset twice, in separate processes, each from an empty feature cache (models,
packages and tokenizations are shared with your cache, so nothing is downloaded or tokenized inside the timing):
once as the preset is (`--precision=fp32`) and once with `--precision=bf16` (the bodies under bfloat16 autocast;
heads and losses stay float32). Printed per precision: the wall time, the seconds per phase, and the tables the
sweep prints (PGR per pair and per loss), then the ratio of wall times. The preset itself asks for
`precision='fast'`: bf16 on CPUs with bfloat16 units (AVX512-BF16 or AMX; `lscpu | grep bf16`), fp32 elsewhere.

`--units` instead measures what bfloat16 gives without those units: MPNet-base's features of 1,000 reviews in
float32 and in bfloat16, once with the math kernels this CPU has and once limited to AVX2 (as on a CPU without
bfloat16 units: `ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2`), each in its own process, after a warm-up batch.

Run: .venv/bin/python bench/bench_probe_precision.py   (about 6 minutes on 2 idle cores with bfloat16 units)
     .venv/bin/python bench/bench_probe_precision.py --units   (about 2 minutes)
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
SHARED = ('models', 'packages', 'tokenized', 'wheels', 'hf_datasets')  # everything but 'features'


def run_preset(precision: str, work: Path) -> tuple[float, str]:
    "Wall seconds and the printed report of `w2s-sweep --preset offline --precision=...` from empty features."
    from weak_to_strong.core import cache_dir
    cache = work/f'cache-{precision}'
    cache.mkdir()
    for name in SHARED:
        if (cache_dir()/name).exists(): (cache/name).symlink_to(cache_dir()/name)
    env = {**os.environ, 'W2S_CACHE': str(cache)}
    cmd = [str(ROOT/'.venv/bin/w2s-sweep'), '--preset=offline', f'--precision={precision}',
           f'--results_folder={work}/results-{precision}']
    t0 = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if out.returncode: sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr[-3000:]}")
    report = out.stdout[out.stdout.find('Per pair'):] if 'Per pair' in out.stdout else out.stdout[-4000:]
    return wall, report


AVX2_ONLY = {'ATEN_CPU_CAPABILITY': 'avx2', 'DNNL_MAX_CPU_ISA': 'AVX2', 'MKL_ENABLE_INSTRUCTIONS': 'AVX2'}
FEATURES = """
import sys, time, torch
from weak_to_strong.datasets import load_dataset
from weak_to_strong.eval import extract_features
from weak_to_strong.model import TransformerWithHead, load_tokenizer
from weak_to_strong.tokenization import tokenize_dataset
torch.set_num_threads(2)
ds = tokenize_dataset(load_dataset('sentiment', split_sizes=dict(train=1000, test=10))['train'],
                      load_tokenizer('mpnet-base'), max_ctx=512)
model = TransformerWithHead.from_pretrained('mpnet-base', linear_probe=True, device='cpu')
autocast = torch.bfloat16 if sys.argv[1] == 'bf16' else None
extract_features(model, ds.select(range(64)), progress=False, autocast=autocast)   # warm-up
t0 = time.perf_counter()
extract_features(model, ds, progress=False, autocast=autocast)
print(time.perf_counter() - t0)
"""


def features_seconds(precision: str, env: dict) -> float:
    out = subprocess.run([str(ROOT/'.venv/bin/python'), '-c', FEATURES, precision], env={**os.environ, **env},
                         capture_output=True, text=True)
    if out.returncode: sys.exit(f"feature timing failed:\n{out.stderr[-3000:]}")
    return float(out.stdout.split()[-1])


def units():
    for kernels, env in (('this CPU\'s kernels', {}), ('AVX2 only', AVX2_ONLY)):
        fp32, bf16 = features_seconds('fp32', env), features_seconds('bf16', env)
        print(f"{kernels}: fp32 {fp32:.1f} s, bf16 {bf16:.1f} s, bf16 / fp32 {bf16 / fp32:.2f}")


def main():
    if '--units' in sys.argv[1:]: return units()
    with tempfile.TemporaryDirectory() as d:
        walls = {}
        for precision in ('fp32', 'bf16'):
            walls[precision], report = run_preset(precision, Path(d))
            print(f"\n## precision {precision}: {walls[precision]:.0f} s wall\n{report}")
        print(f"\nbf16 / fp32 wall time: {walls['bf16'] / walls['fp32']:.2f}")


if __name__ == '__main__':
    main()
