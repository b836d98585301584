"""Every row of the grammar's word lists (pipelines/extract/lexicon/*.csv) is a spec: its example
is extracted as the text of a 2026 report reviewing 2025, and the reading in ``expected`` must be
among the facts.

``expected``: ``-`` for no fact at all; else readings separated by ``;``, each
``subject metric value unit [period] [status]`` with ``*`` for a field not checked.
"""

from __future__ import annotations

import math

import pytest

from pipelines.extract.facts import extract_facts
from pipelines.extract.words import LEXICON_DIR, rows

FILES = sorted(p.stem for p in LEXICON_DIR.glob("*.csv"))
CASES = [(name, i, r) for name in FILES for i, r in enumerate(rows(name), start=2)]


def _facts(example: str):
    text = "2026年政府工作报告\n" + example.replace("\\n", "\n")
    return extract_facts(text, report_id="spec", year_reviewed=2025, report_year=2026)


def _matches(fact, want: list[str]) -> bool:
    got = [fact.subject, fact.metric, fact.value, fact.unit, fact.period, fact.status]
    for k, w in enumerate(want):
        if w == "*":
            continue
        g = got[k]
        if k == 2:
            if not math.isclose(float(w), float(g), rel_tol=1e-9):
                return False
        elif str(g) != w:
            return False
    return True


def test_every_lexicon_has_rows():
    assert {"time_frames", "flow_stock", "scope_words", "not_counted", "trend_phrases", "measure_heads"} <= set(FILES)
    for name in FILES:
        assert rows(name), name


@pytest.mark.parametrize("name,line,row", CASES, ids=[f"{n}:{i}:{r['word']}" for n, i, r in CASES])
def test_lexicon_example(name, line, row):
    df = _facts(row["example"])
    facts = list(df.itertuples())
    shown = "\n".join(f"  {f.subject} {f.metric} {f.value} {f.unit} {f.period} {f.status}" for f in facts)
    expected = row["expected"].strip()
    assert row["word"] in row["example"], f"{name}.csv line {line}: the example must show the word"
    if expected == "-":
        assert not facts, f"{name}.csv line {line}: {row['example']} gave\n{shown}"
        return
    for reading in expected.split(";"):
        want = reading.split()
        assert 4 <= len(want) <= 6, f"{name}.csv line {line}: bad reading {reading!r}"
        assert any(_matches(f, want) for f in facts), \
            f"{name}.csv line {line}: {row['example']} should give {reading.strip()}; got\n{shown}"
