"""``core.Doc`` reads the clause, segment, sentence and paragraph bounds of a text with one table
look-up per character, and rules windows out with one scan of the text per pattern
(``Doc.may_match``). On real report text both answer as the plain scans they replace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.extract import grammar as g
from pipelines.extract.core import Doc

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [ROOT / "raw" / "000_c4f1182ef43108cd.txt", *sorted((ROOT / "raw" / "provinces-2026").glob("*.txt"))[:3],
         ROOT / "tests" / "gold" / "provinces" / "浙江省_2026.txt"]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_bounds_are_those_of_a_regex_scan(path):
    s = path.read_text(encoding="utf-8") + "\U00020000，𠀀。"  # a character above U+FFFF ends nothing
    doc = Doc(s, [])  # no section cut
    clause = [m.start() for m in re.finditer(r"[,，;；。:：!！?？\n]", s)]
    assert doc.clause == clause
    assert doc.segment == [i for i in clause if s[i] in ";；。!！?？\n"]
    assert doc.sentence == [i for i in clause if s[i] in "。!！?？\n"]
    assert doc.para == [i for i in clause if s[i] == "\n"]
    for pos in range(0, len(s), 97):
        end = doc.sentence_end(pos)
        assert doc.sentence_start(pos) <= pos <= end
        assert end == len(s) or s[end] in "。!！?？\n"


@pytest.mark.parametrize("name", ["TARGET_RE", "ESTIMATE_RE", "BASIS_RE", "SPAN_RE"])
def test_may_match_never_rules_out_a_match(name):
    """Windows from every sentence and paragraph start to the numbers after it, as status_of reads them."""
    rx = getattr(g, name)
    checked = found = 0
    for path in TEXTS:
        s = path.read_text(encoding="utf-8")
        doc = Doc(s, [])  # no section cut
        starts = sorted({0, *(i + 1 for i in doc.sentence), *(i + 1 for i in doc.para)})
        numbers = [m.start() for m in re.finditer(r"\d", s)]
        for a in starts:
            for end in [n for n in numbers if n >= a][:6]:
                hit = rx.search(s, a, end)
                checked += 1
                found += hit is not None
                if not doc.may_match(rx, a, end):
                    assert hit is None, (name, path.name, s[a:end])
    assert checked > 1000 and found > 0
