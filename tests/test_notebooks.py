"""Runs every notebook in `nbs/` as a test, the way `nbdev_test` does, so pytest reports one test per notebook.

Cells flagged with a test flag listed in W2S_SKIP_FLAGS (default: `hub`, the cells that need the Hugging Face
hub or torch.hub) are skipped; the flags are declared as `tst_flags` in settings.ini.

Each executed notebook is also saved, outputs included, to `_proc/_executed/` (gitignored): the documentation
site (tools/docs.py, checked by tests/test_site.py, which runs after this file) is built from those copies, so CI
executes every notebook once.
"""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'tools'))
import docs  # noqa: E402  (tools/docs.py)

NOTEBOOKS = docs.notebooks()
SKIP_FLAGS = [f for f in os.environ.get("W2S_SKIP_FLAGS", "hub").split(",") if f]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook(nb):
    ok, secs = docs.run_notebook(nb, skip_flags=SKIP_FLAGS, save=True)
    assert ok, f"{nb.name} failed (see the traceback above)"
