"""The word lists of the grammar (``lexicon/*.csv``), one file a concept.

Each file has a header row with at least ``word``, ``kind``, ``example`` and ``expected``: the
word as it stands in a Simplified report, what the grammar does with it, a short sentence that
shows it and the reading that sentence must give (``tests/test_lexicon_specs.py`` extracts every
example and checks it). Patterns are built longest word first, so a longer word (``过去的五年``)
is never cut by a shorter one (``五年``).

Some files add guards: ``not_after`` (characters that veto the word when written right before
it: ``签约`` is no ``约``) and ``not_before`` (words that veto it when they follow it: ``部门`` is no
``部``); ``only_before`` (words one of which must follow it: ``居`` only before ``全 第 首``). In a guard, words are separated by spaces, ``CJK`` stands for any one Chinese character
and ``ALNUM`` for any ASCII letter or digit (``CJK工业``: a Chinese character, then ``工业``).
``unless_before`` (unit guards) lists words that allow the unit after all; a word written
``左右/CJK`` counts only when no Chinese character follows it.

The directory can be replaced for a run with the environment variable ``GOVREPORT_LEXICON``
(a scratch copy with a new word, as ``tests/test_lexicon_specs.py`` does).
"""

from __future__ import annotations

import csv
import os
import re
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(os.environ.get("GOVREPORT_LEXICON") or Path(__file__).parent / "lexicon")
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


_TOKENS = {"CJK": "[\u4e00-\u9fff]", "ALNUM": "[A-Za-z0-9]"}


def guard_words(spec: str) -> str:
    """A guard column as a regex alternation: ``门 署`` -> ``门|署``; ``CJK`` and ``ALNUM`` are
    one character of that class (``CJK工业`` -> ``[\u4e00-\u9fff]工业``). Empty for an empty guard."""
    out = []
    for w in (spec or "").split():
        parts = re.split(r"(CJK|ALNUM)", w)
        out.append("".join(_TOKENS.get(x, re.escape(x)) for x in parts if x))
    out.sort(key=len, reverse=True)
    return "|".join(out)


def not_before(spec: str) -> str:
    """A negative look-ahead for the ``not_before`` column (empty when the column is empty)."""
    alt = guard_words(spec)
    return f"(?!{alt})" if alt else ""


def not_after(chars: str) -> str:
    """A negative look-behind for the ``not_after`` column: single characters, spaces ignored."""
    cs = "".join(c for c in (chars or "") if not c.isspace())
    return f"(?<![{re.escape(cs)}])" if cs else ""


def only_before(spec: str) -> str:
    """A look-ahead for the ``only_before`` column: the word counts only when one of these words
    follows it (``居`` before ``全 第 首``: ``居全省第一``, not ``居住``); empty when the column is empty."""
    alt = guard_words(spec)
    return f"(?={alt})" if alt else ""


def guarded(row: dict[str, str]) -> str:
    """The row's word as a pattern with its guards: look-behind, the word, look-aheads."""
    return (not_after(row.get("not_after", "")) + re.escape(row["word"]) + not_before(row.get("not_before", ""))
            + only_before(row.get("only_before", "")))


def guarded_alternation(name: str, *kinds: str) -> str:
    """The guarded words of ``name`` (kinds as in :func:`words`) as one alternation, longest first."""
    rs = [r for r in rows(name) if not kinds or r["kind"] in kinds]
    rs.sort(key=lambda r: (-len(r["word"]), r["word"]))
    return "|".join(guarded(r) for r in rs)


def longest(name: str, *kinds: str) -> int:
    """Length of the longest word (a look-back window must reach its start)."""
    return max((len(w) for w in words(name, *kinds)), default=0)


def reading(name: str, column: str, *kinds: str) -> dict[str, str]:
    """word -> the value of ``column`` for the rows of the given kinds (a comparator's reading)."""
    return {r["word"]: r[column] for r in rows(name) if not kinds or r["kind"] in kinds}
