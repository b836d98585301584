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

from pipelines.extract.evaluation import format_report, run_eval

REPO = Path(__file__).resolve().parent.parent
STYLES = REPO / "tests" / "fixtures" / "styles"
HEADER = "id,part,section,subject,subject_alt,metric,value,unit,comparator,period,status,basis,tier,evidence".split(",")
MARK = "【合成文本,非真实报告 SYNTHETIC TEST DOCUMENT】"

# measured on 2026-11-26 at the end of the second extractor round (core+standard precision/recall,
# overall recall, core exact; attribute accuracy over matched core+standard pairs), each rounded
# down by ~0.02. The first-round floors (committed 9c447ab) were lower; see RESULTS.md.
_ALL = dict(cs_precision=0.98, cs_recall=0.98, comparator=0.98, status=0.98, metric=0.98)
FLOORS = {
    # measured 1.0 / 1.0 / 1.0, exact 20/20, period 1.0, subject 1.0
    "capital_2018": dict(_ALL, overall_recall=0.98, core_exact=20, period=0.98, subject=0.98),
    # measured 1.0 / 1.0 / 1.0, exact 14/14, period 1.0, subject 1.0
    "county_cn_numerals_2024": dict(_ALL, overall_recall=0.98, core_exact=14, period=0.98, subject=0.98),
    # measured 1.0 / 1.0 / 1.0, exact 15/15, period 1.0, subject 0.9672
    "district_notfacts_2025": dict(_ALL, overall_recall=0.98, core_exact=15, period=0.98, subject=0.94),
    # measured 1.0 / 1.0 / 1.0, exact 15/15, period 1.0, subject 1.0
    "pdf_broken_2024": dict(_ALL, overall_recall=0.98, core_exact=15, period=0.98, subject=0.98),
    # measured 1.0 / 1.0 / 1.0, exact 18/18, period 1.0, subject 0.9855
    "plan_targets_2024": dict(_ALL, overall_recall=0.98, core_exact=18, period=0.98, subject=0.96),
    # measured 1.0 / 1.0 / 1.0, exact 14/14, period 1.0, subject 0.9538
    "traditional_pinyin_2023": dict(_ALL, overall_recall=0.98, core_exact=14, period=0.98, subject=0.93),
    # second batch (short, written by the extractor engineer, gold annotated from the text):
    # measured 1.0 / 1.0 / 1.0, exact 17/17, period 1.0, subject 1.0
    "prefecture_145_2021": dict(_ALL, overall_recall=0.98, core_exact=17, period=0.98, subject=0.98),
    # measured 1.0 / 1.0 / 1.0, exact 13/13, period 1.0, subject 1.0
    "yoy_energy_2023": dict(_ALL, overall_recall=0.98, core_exact=13, period=0.98, subject=0.98),
    # measured 1.0 / 1.0 / 1.0, exact 16/16, period 1.0, subject 1.0
    "table_flat_2024": dict(_ALL, overall_recall=0.98, core_exact=16, period=0.98, subject=0.98),
    # measured 1.0 / 1.0 / 1.0, exact 10/10, period 1.0, subject 0.9565
    "traditional_tw_variants_2023": dict(_ALL, overall_recall=0.98, core_exact=10, period=0.98, subject=0.93),
}
# the second batch is short (under 1,500 characters); the first is 1,500-4,000
SHORT = {"prefecture_145_2021", "yoy_energy_2023", "table_flat_2024", "traditional_tw_variants_2023"}


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
    assert (400 <= len(text) <= 1500) if name in SHORT else (1500 <= len(text) <= 4000)
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
    for attr in ("comparator", "status", "period", "metric", "subject"):
        assert attrs[attr] >= f[attr], (attr, report)
