"""scripts/facts_snapshot.py reads the facts of its own checkout (review1: run from a git worktree
with the venv of another checkout, it imported that checkout's ``pipelines`` through the editable
install, so that ``compare`` compared the other checkout with itself)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_snapshot_script_puts_its_own_checkout_first_on_the_path():
    saved = list(sys.path)
    try:
        runpy.run_path(str(ROOT / "scripts" / "facts_snapshot.py"), run_name="facts_snapshot")  # main() not run
        assert sys.path[0] == str(ROOT)
        assert (Path(sys.path[0]) / "pipelines" / "extract" / "facts.py").is_file()
    finally:
        sys.path[:] = saved
