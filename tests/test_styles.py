"""Held-out style corpus (tests/fixtures/styles/): six SYNTHETIC reports in styles unlike the seed,
each scored against its own hand-made gold (schema: tests/gold/SCHEMA.md).

The floors are what the committed extractor (9c447ab) measured when the corpus was written
(2026-11-26), rounded down by about 0.02, so CI passes today and a regression fails. They are
NOT the targets: see tests/fixtures/styles/RESULTS.md for the failures behind each score and
the 0.95+ targets.
Raise a floor when the extractor improves; never lower one to make a change pass.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipelines.evaluation import format_report, run_eval

REPO = Path(__file__).resolve().parent.parent
STYLES = REPO / "tests" / "fixtures" / "styles"
HEADER = "id,part,section,subject,subject_alt,metric,value,unit,comparator,period,status,basis,tier,evidence".split(",")
MARK = "【合成文本,非真实报告 SYNTHETIC TEST DOCUMENT】"

# measured on 2026-11-26 (core+standard precision/recall, overall recall, core exact; attribute
# accuracy over matched core+standard pairs), each rounded down by ~0.02
FLOORS = {
    # measured 1.0 / 0.9841 / 0.9412, exact 19/20, comparator 1.0, status 1.0, period 0.8548, metric 1.0
    "capital_2018": dict(cs_precision=0.98, cs_recall=0.96, overall_recall=0.92, core_exact=19,
                         comparator=0.98, status=0.98, period=0.83, metric=0.98),
    # measured 1.0 / 1.0 / 0.7183, exact 14/14, attributes 1.0
    "county_cn_numerals_2024": dict(cs_precision=0.98, cs_recall=0.98, overall_recall=0.69, core_exact=14,
                                    comparator=0.98, status=0.98, period=0.98, metric=0.98),
    # measured 1.0 / 0.9672 / 0.9677, exact 15/15, attributes 1.0
    "district_notfacts_2025": dict(cs_precision=0.98, cs_recall=0.94, overall_recall=0.94, core_exact=15,
                                   comparator=0.98, status=0.98, period=0.98, metric=0.98),
    # measured 1.0 / 0.9508 / 0.9508, exact 11/15, comparator 0.9828, metric 0.9828
    "pdf_broken_2024": dict(cs_precision=0.98, cs_recall=0.93, overall_recall=0.93, core_exact=11,
                            comparator=0.96, status=0.98, period=0.98, metric=0.96),
    # measured 1.0 / 0.9710 / 0.9577, exact 14/18, comparator 0.9701
    "plan_targets_2024": dict(cs_precision=0.98, cs_recall=0.95, overall_recall=0.93, core_exact=14,
                              comparator=0.95, status=0.98, period=0.98, metric=0.98),
    # measured 0.9692 / 0.9692 / 0.9701, exact 14/14, metric 0.9683 (two misses are the evaluator
    # not folding full-width digits, see RESULTS.md)
    "traditional_pinyin_2023": dict(cs_precision=0.94, cs_recall=0.94, overall_recall=0.95, core_exact=14,
                                    comparator=0.98, status=0.98, period=0.98, metric=0.94),
}


def _files(name: str) -> tuple[Path, Path]:
    return STYLES / f"{name}.txt", STYLES / f"{name}_gold.csv"


def test_every_style_file_has_floors():
    names = {p.stem for p in STYLES.glob("*.txt")}
    assert names == set(FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_gold_is_well_formed(name):
    """The gold follows SCHEMA.md and its evidence is copied from the file character for character."""
    txt, gold = _files(name)
    text = txt.read_text(encoding="utf-8")
    assert text.startswith(MARK)
    assert 1500 <= len(text) <= 4000
    with gold.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == HEADER
    allowed = {
        "part": {"review", "plan", "front"},
        "metric": {"value", "growth_pct", "change", "change_pp", "rank"},
        "comparator": {"eq", "approx", "gt", "ge", "le", "lt"},
        "status": {"actual", "estimate", "target"},
        "tier": {"core", "standard", "edge"},
    }
    last = -1
    for i, row in enumerate(rows[1:], 1):
        r = dict(zip(HEADER, row, strict=True))
        assert r["id"] == str(i)
        for col, ok in allowed.items():
            assert r[col] in ok, (i, col, r[col])
        float(r["value"])
        assert r["subject"] and r["unit"]
        assert r["evidence"] in text, (i, r["evidence"])
        pos = text.find(r["evidence"])
        assert pos >= last - 200, f"row {i} out of reading order"
        last = max(last, pos)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_style_meets_floors(name):
    txt, gold = _files(name)
    f = FLOORS[name]
    r = run_eval(gold, txt)
    report = format_report(r)
    cs = r["core_standard"]
    assert cs["precision"] >= f["cs_precision"], report
    assert cs["recall"] >= f["cs_recall"], report
    assert r["overall"]["recall"] >= f["overall_recall"], report
    assert r["core_exact"] >= f["core_exact"], report
    attrs = r["attributes"]["core_standard"]
    for attr in ("comparator", "status", "period", "metric"):
        assert attrs[attr] >= f[attr], (attr, report)
