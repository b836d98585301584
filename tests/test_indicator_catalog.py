"""The indicator catalog (pipelines/reference/indicators.csv) on real text: the 2026 main targets
of the 24 provincial reports under raw/provinces-2026, and the older and regional names of core
indicators (tests/fixtures/catalog/indicator_names.csv); subject_normalized (scope words in
pipelines/extract/lexicon/scope_words.csv)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from pipelines.extract.facts import extract_facts
from pipelines.extract.indicators import catalog, indicator_for
from pipelines.extract.normalize_subject import SCOPE_WORDS_CSV, normalize_subject
from pipelines.model import REFERENCE_DIR, Section
from pipelines.text.decode import document_text

REPO = Path(__file__).resolve().parent.parent
PROVINCES = sorted((REPO / "raw" / "provinces-2026").glob("*.txt"))
NAMES_CSV = Path(__file__).parent / "fixtures" / "catalog" / "indicator_names.csv"


def main_targets_paragraph(text: str) -> str:
    """The paragraph (one line of the document text) giving the year's main targets: the line with
    主要预期目标, else a line with 主要目标 that speaks of 今年 (the five-year 主要目标 are not it)."""
    lines = text.split("\n")
    for line in lines:
        if "主要预期目标" in line:
            return line
    for line in lines:
        if "主要目标" in line and "今年" in line:
            return line
    raise AssertionError("no main-targets paragraph")


def main_target_facts(path: Path) -> pd.DataFrame:
    text = document_text(path.read_bytes(), content_type=None, filename=path.name)
    para = main_targets_paragraph(text)
    df = extract_facts(para, report_id=path.stem, year_reviewed=2025, report_year=2026,
                       sections=[Section("plan", None, 0, len(para))])
    return df[df["status"] == "target"]


def test_main_targets_of_the_24_provincial_reports_get_a_code():
    assert len(PROVINCES) == 24
    coverage = {}
    for path in PROVINCES:
        t = main_target_facts(path)
        assert len(t) >= 3, (path.name, t[["subject", "value"]].to_string())
        coverage[path.stem] = (int(t["indicator_code"].notna().sum()), len(t))
        # every report's targets are mostly coded (贵州's 一二三产增加值 and 湖北's 粮食产量继续 are
        # subjects the grammar does not yet split or trim)
        assert coverage[path.stem][0] >= 0.75 * len(t), (path.name, t[["subject", "indicator_code"]].to_string())
    coded = sum(c for c, _ in coverage.values())
    total = sum(n for _, n in coverage.values())
    assert total >= 150
    assert coded / total >= 0.90, coverage


@pytest.mark.parametrize("path", PROVINCES, ids=[p.stem for p in PROVINCES])
def test_main_target_growth_of_the_economy_is_gdp(path):
    """The first figure of every main-targets paragraph is the growth of the region's GDP."""
    t = main_target_facts(path)
    first = t.iloc[0]
    assert (first["indicator_code"], first["metric"]) == ("gdp", "growth_pct"), first.to_dict()


def name_rows() -> list[dict[str, str]]:
    with open(NAMES_CSV, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", name_rows(), ids=lambda r: r["subject"])
def test_subject_as_written_gets_its_code(row):
    assert indicator_for(row["subject"]) == (row["indicator_code"] or None), row["note"]


def test_older_and_regional_names_in_sentences():
    """The whole road (subject found, then matched) on a county report's wording of the 2000s."""
    text = ("2010年主要目标任务\n全县国内生产总值完成45.6亿元,增长12%;财政一般预算收入3.2亿元,增长15%;"
            "城镇居民可支配收入12800元,增长10%;农牧民人均纯收入5200元,增长11%;"
            "社会消费品零售总额18.5亿元,全社会固定资产投资30亿元;规模以上工业增加值增长16%;"
            "城镇登记失业率控制在4.5%以内,居民消费价格涨幅控制在3%左右。")
    df = extract_facts(text, report_id="t-2010", year_reviewed=2009, report_year=2010)
    code = {v: c for v, c in zip(df["value"], df["indicator_code"], strict=True)}
    assert code[45.6] == code[12.0] == "gdp"
    assert code[3.2] == code[15.0] == "general_budget_revenue"
    assert code[12800.0] == "urban_disposable_income_pc"
    assert code[5200.0] == "rural_net_income_pc"
    assert code[18.5] == "total_retail_sales"
    assert code[30.0] == "fixed_asset_investment"
    assert code[16.0] == "industrial_va_above_size"
    assert code[4.5] == "registered_unemployment_rate"
    assert code[3.0] == "cpi"


def test_catalog_rows_are_consistent():
    cat = pd.read_csv(REFERENCE_DIR / "indicators.csv", dtype=str)
    units = pd.read_csv(REFERENCE_DIR / "units.csv", dtype=str)
    assert set(cat["unit_dimension"]) <= set(units["dimension"])
    assert set(cat["direction"]) == {"higher_better", "lower_better"}
    lower = set(cat.loc[cat["direction"] == "lower_better", "indicator_code"])
    assert lower == {"registered_unemployment_rate", "surveyed_unemployment_rate", "cpi", "energy_intensity",
                     "carbon_intensity", "pm25_concentration"}
    assert cat["name_zh"].is_unique and cat["name_en"].is_unique
    # every name and synonym names one indicator (catalog() raises otherwise), itself included
    names = catalog()
    for row in cat.itertuples():
        assert names[normalize_subject(row.name_zh)] == row.indicator_code


def scope_rows() -> list[dict[str, str]]:
    with open(SCOPE_WORDS_CSV, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", scope_rows(), ids=lambda r: r["word"])
def test_scope_word_is_dropped(row):
    assert row["subject"].startswith(row["word"])
    assert normalize_subject(row["subject"]) == row["normalized"]


@pytest.mark.parametrize("written, normalized", [
    ("全市生產總值", "生产总值"),                                    # Traditional, scope word
    ("數字(shù zì)經濟核心產業增加值", "数字经济核心产业增加值"),       # pinyin gloss
    ("ＧＤＰ", "GDP"),                                               # full-width
    ("gdp", "GDP"),
    ("规模以上 工业增加值", "规模以上工业增加值"),                     # PDF space
    ("“四上”企业", "四上企业"),                                      # quotation marks
    ("全年全市粮食产量", "粮食产量"),                                 # period and scope word
    ("高新技术产业增加值占全省规上工业增加值比重", "高新技术产业增加值占规上工业增加值比重"),
    ("全社会研发经费支出相当于全市生产总值的比例", "全社会研发经费支出相当于生产总值的比例"),
    ("健全省级统筹机制", "健全省级统筹机制"),                         # 全省 inside a word is kept
    ("全市", "全市"),                                                # nothing but a scope word
    ("全国国内生产总值", "全国国内生产总值"),                         # 全国 is not the region
])
def test_normalize_subject(written, normalized):
    assert normalize_subject(written) == normalized


def test_subject_normalized_compares_across_scripts_and_regions():
    simplified = extract_facts("全市地区生产总值增长5%。", report_id="a", year_reviewed=2022, report_year=2023)
    traditional = extract_facts("本縣地區生產總值增長5%。", report_id="b", year_reviewed=2022, report_year=2023)
    a, b = simplified.iloc[0], traditional.iloc[0]
    assert a["subject_normalized"] == b["subject_normalized"] == "地区生产总值"
    assert a["indicator_code"] == b["indicator_code"] == "gdp"


def test_subject_normalized_of_a_whole_report():
    path = PROVINCES[0]
    text = document_text(path.read_bytes(), content_type=None, filename=path.name)
    df = extract_facts(text, report_id="r", year_reviewed=2025, report_year=2026)
    assert len(df) > 100 and df["subject_normalized"].notna().all()
    assert (df["subject_normalized"] == df["subject"].map(normalize_subject)).all()
    assert (df["subject_normalized"].str.len() > 0).all()
