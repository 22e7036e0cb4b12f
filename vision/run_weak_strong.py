"""Weak-to-strong on images, as the original `vision/run_weak_strong.py`: a thin wrapper of
`weak_to_strong.vision`.

    python vision/run_weak_strong.py                                 # offline: Fashion-MNIST, ~3 min, 2 cores
    python vision/run_weak_strong.py --data_path /data/imagenet/val  # the paper: AlexNet -> DINO ResNet-50

Arguments (``--flag value`` or ``--flag=value``, underscores or dashes): data_path, weak_model_name,
strong_model_name, batch_size, seed, n_epochs, lr, n_train, and more (``--help``). The same as the command
``w2s-vision``.
"""
import sys
from pathlib import Path

try:
    import weak_to_strong.vision  # noqa: F401
except ImportError:  # run from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from weak_to_strong.vision import cli, main  # noqa: E402,F401

if __name__ == "__main__":
    sys.exit(cli())
