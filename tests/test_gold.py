"""The seed report against its gold annotation: the floors of issue 3."""

from __future__ import annotations

from pathlib import Path

from pipelines.evaluation import format_report, run_eval

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "gold" / "yanqing_2023_gold.csv"
SEED = REPO / "raw" / "000_c4f1182ef43108cd.txt"


def test_seed_meets_the_floors():
    r = run_eval(GOLD, SEED)
    report = format_report(r)
    cs = r["core_standard"]
    assert cs["recall"] >= 0.98, report
    assert cs["precision"] >= 0.98, report
    assert r["core_exact"] == r["core_total"] == 19, report
    for attr in ("comparator", "status", "period"):
        assert r["attributes"]["core_standard"][attr] >= 0.97, report
        assert r["attributes"]["all"][attr] >= 0.97, report
