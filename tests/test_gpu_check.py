"""bench/gpu_check.py, the script prepared for GPU machines, runs here: without CUDA it says so, runs its CPU
stand-in (a tiny random model through the same measuring code, LoRA on) and exits 0."""
import subprocess
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent


def test_gpu_check_runs_its_cpu_stand_in():
    r = subprocess.run([sys.executable, str(ROOT/'bench'/'gpu_check.py')], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    if not torch.cuda.is_available():
        assert 'no CUDA device here: running the CPU stand-in only' in r.stdout
        assert r.stdout.count('"ex_per_s"') == 2, r.stdout
