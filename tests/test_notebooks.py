"""Runs every notebook in `nbs/` as a test, the way `nbdev_test` does, so pytest reports one test per notebook.

Cells flagged with a test flag listed in W2S_SKIP_FLAGS (default: `hub`, the cells that need the Hugging Face
hub or torch.hub) are skipped; the flags are declared as `tst_flags` in settings.ini.
"""
import os
from pathlib import Path

import pytest
import nbdev.test as nbt

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p for p in (ROOT / "nbs").glob("*.ipynb") if not p.name.startswith("_"))
SKIP_FLAGS = [f for f in os.environ.get("W2S_SKIP_FLAGS", "hub").split(",") if f]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook(nb):
    ok, secs = nbt.test_nb(nb, skip_flags=SKIP_FLAGS, basepath=ROOT)
    assert ok, f"{nb.name} failed (see the traceback above)"
