"""The word lists of the grammar (``lexicon/*.csv``), one file a concept.

Each file has a header row with at least ``word``, ``kind``, ``example`` and ``expected``: the
word as it stands in a Simplified report, what the grammar does with it, a short sentence that
shows it and the reading that sentence must give (``tests/test_lexicon_specs.py`` extracts every
example and checks it). Patterns are built longest word first, so a longer word (``过去的五年``)
is never cut by a shorter one (``五年``).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicon"
_REQUIRED = ("word", "kind", "example", "expected")


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``lexicon/<name>.csv`` as dicts. Raises ValueError when a column is missing or a
    word is empty, FileNotFoundError when the file is absent."""
    path = LEXICON_DIR / f"{name}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path.name}: missing columns {missing}")
        out = tuple(dict(r) for r in reader)
    for i, r in enumerate(out, start=2):
        if not r["word"].strip() or not r["kind"].strip():
            raise ValueError(f"{path.name} line {i}: empty word or kind")
    return out


def words(name: str, *kinds: str) -> list[str]:
    """The words of ``name`` whose kind is one of ``kinds`` (all when none), longest first."""
    ws = {r["word"] for r in rows(name) if not kinds or r["kind"] in kinds}
    return sorted(ws, key=lambda w: (-len(w), w))


def alternation(name: str, *kinds: str) -> str:
    """A regex alternation of the words (escaped, longest first), for use inside a group."""
    return "|".join(re.escape(w) for w in words(name, *kinds))
