"""Every row of the grammar's word lists (pipelines/extract/lexicon/*.csv) is a spec: its example
is extracted as the text of a 2026 report reviewing 2025, and the reading in ``expected`` must be
among the facts.

``expected``: ``-`` for no fact at all; else readings separated by ``;``, each
``subject metric value unit [period] [status] [comparator]`` with ``*`` for a field not checked;
a reading that starts with ``!`` must match no fact (``!* * 12 *``: the 12 of ``12部门`` is no
figure), so a guard shows both what it keeps and what it vetoes.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.extract.facts import extract_facts
from pipelines.extract.words import LEXICON_DIR, rows

FILES = sorted(p.stem for p in LEXICON_DIR.glob("*.csv"))
CASES = [(name, i, r) for name in FILES for i, r in enumerate(rows(name), start=2)]


def _facts(example: str):
    text = "2026年政府工作报告\n" + example.replace("\\n", "\n")
    return extract_facts(text, report_id="spec", year_reviewed=2025, report_year=2026)


def _matches(fact, want: list[str]) -> bool:
    got = [fact.subject, fact.metric, fact.value, fact.unit, fact.period, fact.status, fact.comparator]
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
    assert {"time_frames", "flow_stock", "scope_words", "not_counted", "trend_phrases", "measure_heads",
            "comparators", "change_verbs", "counters", "unit_guards", "status_words"} <= set(FILES)
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
        reading = reading.strip()
        negated = reading.startswith("!")
        want = reading.lstrip("!").split()
        assert 4 <= len(want) <= 7, f"{name}.csv line {line}: bad reading {reading!r}"
        if negated:
            assert not any(_matches(f, want) for f in facts), \
                f"{name}.csv line {line}: {row['example']} should not give {reading[1:]}; got\n{shown}"
        else:
            assert any(_matches(f, want) for f in facts), \
                f"{name}.csv line {line}: {row['example']} should give {reading}; got\n{shown}"


_NEW_WORD_SCRIPT = """
from pipelines.extract.facts import extract_facts
from pipelines.extract import grammar
df = extract_facts("2026年政府工作报告\\n城镇调查失业率最高不超过5.5%。", report_id="w", year_reviewed=2025, report_year=2026)
print(grammar.PREFIX_CMP_WINDOW, *df[["value", "comparator", "subject"]].iloc[0])
"""


def test_a_new_longer_comparator_is_read_from_the_file(tmp_path):
    """A five-character comparator added as one row of a scratch copy of the lexicon is read: the
    look-back window follows the longest word of comparators.csv, nothing else changes. Without
    the row, 不超过 is read (le) and 最高 stays in the subject."""
    scratch = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, scratch)
    with open(scratch / "comparators.csv", "a", encoding="utf-8") as fh:
        fh.write("最高不超过,prefix,le,,,城镇调查失业率最高不超过5.5%。,城镇调查失业率 value 5.5 % * * le\n")
    root = Path(__file__).resolve().parent.parent

    def run(lexicon: Path) -> list[str]:
        env = {**os.environ, "GOVREPORT_LEXICON": str(lexicon), "PYTHONPATH": str(root)}
        out = subprocess.run([sys.executable, "-c", _NEW_WORD_SCRIPT], env=env, cwd=root,
                             capture_output=True, text=True, check=True)
        return out.stdout.split()

    window, value, comparator, subject = run(scratch)
    assert (int(window), float(value), comparator, subject) == (5, 5.5, "le", "城镇调查失业率")
    window, value, comparator, subject = run(LEXICON_DIR)
    assert int(window) == 4 and comparator == "le" and subject != "城镇调查失业率"
