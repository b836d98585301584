"""Floors on the seventeen hand-annotated provincial 2026 excerpts (tests/gold/provinces/), per file and
pooled: F1 over core+standard facts, accuracy of period, status and subject over matched
core+standard facts, and core facts fully right. Each floor sits a little under the level reached
(issue 9); raise it when the extractor gets better, never lower it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipelines.extract.evaluation import format_report, run_eval

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "provinces"

# region: (f1, period, status, subject, core_exact)
FLOORS = {
    "北京市": (0.99, 0.99, 0.99, 0.99, 15),
    "四川省": (0.99, 0.95, 0.99, 0.94, 16),
    "宁夏回族自治区": (0.98, 0.98, 0.99, 0.98, 32),
    "广西壮族自治区": (0.99, 0.99, 0.99, 0.93, 13),
    "河南省": (0.98, 0.96, 0.99, 0.97, 16),
    "浙江省": (0.99, 0.98, 0.99, 0.99, 18),
    # held out: annotated before any tuning for them (their first scores are in docs/extraction.md)
    "吉林省": (0.99, 0.96, 0.99, 0.99, 16),
    "天津市": (0.99, 0.95, 0.99, 0.97, 9),
    # third round, annotated before any change for them (unseen figures in docs/extraction.md)
    "上海市": (0.99, 0.99, 0.99, 0.99, 16),
    "黑龙江省": (0.99, 0.99, 0.99, 0.99, 12),
    "新疆维吾尔自治区": (0.97, 0.99, 0.99, 0.99, 24),
    # fourth round, annotated before any change for them (unseen figures in docs/extraction.md)
    "安徽省": (0.99, 0.97, 0.99, 0.99, 19),
    "湖北省": (0.99, 0.99, 0.99, 0.99, 9),
    "福建省": (0.98, 0.91, 0.99, 0.95, 16),
    # fifth round, annotated before any change for them (unseen figures in docs/extraction.md)
    "山东省": (0.99, 0.99, 0.99, 0.99, 11),
    "湖南省": (0.99, 0.99, 0.99, 0.99, 19),
    "重庆市": (0.99, 0.99, 0.99, 0.97, 12),
}
# pooled over the six files annotated first (attributes weighted by matched facts)
FIRST_SIX = ("北京市", "四川省", "宁夏回族自治区", "广西壮族自治区", "河南省", "浙江省")
POOLED = {"f1": 0.99, "period": 0.97, "status": 0.99, "subject": 0.96, "core_exact": 0.99}
# pooled over every file, the held-out ones included
POOLED_ALL = {"f1": 0.99, "period": 0.97, "status": 0.99, "subject": 0.97, "core_exact": 0.99}


@cache
def _result(region: str) -> dict:
    return run_eval(GOLD_DIR / f"{region}_2026_gold.csv", GOLD_DIR / f"{region}_2026.txt")


def test_every_gold_file_has_floors():
    assert {p.name.removesuffix("_2026_gold.csv") for p in GOLD_DIR.glob("*_gold.csv")} == set(FLOORS)


@pytest.mark.parametrize("region", sorted(FLOORS))
def test_province_meets_floors(region):
    r = _result(region)
    report = format_report(r)
    f1, period, status, subject, core_exact = FLOORS[region]
    attrs = r["attributes"]["core_standard"]
    assert r["core_standard"]["f1"] >= f1, report
    assert attrs["period"] >= period, report
    assert attrs["status"] >= status, report
    assert attrs["subject"] >= subject, report
    assert r["core_exact"] >= core_exact, report


@pytest.mark.parametrize("regions,floors", [(FIRST_SIX, POOLED), (tuple(sorted(FLOORS)), POOLED_ALL)],
                         ids=["first_six", "all"])
def test_pooled_floors(regions, floors):
    results = [_result(region) for region in regions]
    tp = sum(r["core_standard"]["tp"] for r in results)
    predicted = sum(r["core_standard"]["predicted"] for r in results)
    gold = sum(r["core_standard"]["gold"] for r in results)
    precision, recall = tp / predicted, tp / gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= floors["f1"], f1
    for attr in ("period", "status", "subject"):
        pooled = sum(r["attributes"]["core_standard"][attr] * r["core_standard"]["tp"] for r in results) / tp
        assert pooled >= floors[attr], (attr, pooled)
    core = sum(r["core_exact"] for r in results) / sum(r["core_total"] for r in results)
    assert core >= floors["core_exact"], core
