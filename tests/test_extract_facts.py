"""The fact contract: columns, dtypes, offsets, ids, Traditional text, sections."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from extract_helpers import facts, one

from pipelines.extract.facts import extract_facts
from pipelines.model import Section, fact_columns, fact_schema, vocabulary

SEED = Path(__file__).resolve().parent.parent / "raw" / "000_c4f1182ef43108cd.txt"
FIX = Path(__file__).parent / "fixtures" / "extract"


def _seed_facts():
    return extract_facts(SEED.read_text(encoding="utf-8"), report_id="110119-2023", year_reviewed=2022, report_year=2023)


def test_columns_and_dtypes_follow_the_schema():
    df = _seed_facts()
    assert list(df.columns) == fact_columns()
    for c in fact_schema():
        dtype = str(df[c["column"]].dtype)
        assert dtype == {"string": "string", "float64": "float64", "int64": "int64"}[c["dtype"]], c["column"]
        if c["nullable"] == "false":
            assert df[c["column"]].notna().all(), c["column"]
        allowed = vocabulary(c["column"])
        if allowed:
            assert set(df[c["column"]].dropna()) <= set(allowed), c["column"]
    empty = facts("没有数字的一句话。")
    assert list(empty.columns) == fact_columns() and empty.empty


def test_offsets_point_at_the_number_and_evidence_is_a_substring():
    text = SEED.read_text(encoding="utf-8")
    df = _seed_facts()
    for r in df.itertuples():
        written = text[r.char_start:r.char_end]
        if isinstance(r.pegged_to, str):  # no number: the offsets hold the reference phrase
            assert written == r.basis and written.endswith("同步") and r.evidence in text
            continue
        assert written and (written[0].isdigit() or written[0] in "〇零一二两三四五六七八九十百千半"), written
        assert r.evidence in text  # as written
        assert written.replace("\n", "") in r.evidence.replace("\n", "") or r.metric == "rank"


def test_fact_ids_are_stable_and_unique():
    a, b = _seed_facts(), _seed_facts()
    assert list(a["fact_id"]) == list(b["fact_id"])
    assert a["fact_id"].is_unique
    assert (a["report_id"] == "110119-2023").all()


def test_traditional_text_evidence_as_written():
    text = (FIX / "review_traditional.txt").read_text(encoding="utf-8")
    df = extract_facts(text, report_id="t", year_reviewed=2022, report_year=2023)
    r = one(df, value=185.3)
    assert r["unit"] == "億元" and r["unit_normalized"] == "元" and r["status"] == "estimate" and r["indicator_code"] == "gdp"
    assert r["evidence"] == "地區生產總值預計完成185.3億元"
    assert r["subject"] == "地區生產總值"
    assert one(df, value=21560.0)["indicator_code"] == "rural_disposable_income_pc"
    assert one(df, value=6.1)["basis"] == "同比"


def test_given_sections_are_used():
    text = "地区生产总值增长6%。"
    df = extract_facts(text, report_id="t", year_reviewed=2022, report_year=2023,
                       sections=[Section("plan", "一、发展目标", 0, len(text))])
    r = df.iloc[0]
    assert (r["part"], r["section"], r["status"], r["period"]) == ("plan", "一、发展目标", "target", "2023")


def test_indicator_catalog_distinctions():
    df = facts("市场总消费增长2%,社会消费品零售总额增长3%,城镇登记失业率3%,城镇调查失业率5%,"
               "区级一般公共预算收入24.3亿元,地方级一般公共预算收入43.1亿元,休闲农业与乡村旅游收入增长24.6%,"
               "生态系统生产总值(GEP)核算完成,农民人均纯收入8000元。")
    codes = dict(zip(df["subject"], df["indicator_code"], strict=False))
    assert codes["市场总消费"] == "total_consumption"
    assert codes["社会消费品零售总额"] == "total_retail_sales"
    assert codes["城镇登记失业率"] == "registered_unemployment_rate"
    assert codes["城镇调查失业率"] == "surveyed_unemployment_rate"
    assert codes["区级一般公共预算收入"] == "general_budget_revenue_own_level"
    assert codes["地方级一般公共预算收入"] == "general_budget_revenue_local_level"
    assert pd.isna(codes["休闲农业与乡村旅游收入"])
    assert codes["农民人均纯收入"] == "rural_net_income_pc"


def test_catalog_has_forty_indicators_with_english_names():
    cat = pd.read_csv(Path(__file__).resolve().parent.parent / "pipelines" / "reference" / "indicators.csv")
    assert list(cat.columns) == ["indicator_code", "name_zh", "name_en", "unit_dimension", "synonyms", "direction",
                                 "site_chart"]
    assert cat["site_chart"].isin([True, False]).all() and cat["site_chart"].sum() >= 5  # what the site charts
    assert set(cat["direction"]) <= {"higher_better", "lower_better"} and cat["direction"].notna().all()
    assert len(cat) >= 40 and cat["indicator_code"].is_unique and cat["name_en"].notna().all()


def test_fixture_styles_extract_their_headline_figures():
    for name, expected in {
        "review_numbered.txt": {("地区生产总值", 3250.6), ("规模以上工业增加值", 7.1), ("城镇调查失业率", 5.1)},
        "plan_unnumbered.txt": {("固定资产投资", 120.0), ("城镇登记失业率", 4.0)},
        "pdf_damaged.txt": {("地区生产总值", 60132.9), ("一般公共预算收入", 5.02)},
    }.items():
        df = extract_facts((FIX / name).read_text(encoding="utf-8"), report_id="t", year_reviewed=2023, report_year=2024)
        got = set(zip(df["subject"], df["value"].round(2), strict=False))
        assert expected <= got, (name, expected - got)


def test_pdf_line_wraps_inside_words_and_numbers():
    para = ("过去一年,全区地区生产总值预计完成213亿元,按不变价计算增长4%;区级一般公共预算收入预计完成24.3亿元、"
            "同口径增长8.8%。新建污水管网379公里,全区污水处理率提高到93%。")
    wrapped = "\n".join(para[i:i + 37] for i in range(0, len(para), 37))
    text = "一、2022年工作回顾\n" + wrapped + "\n二、2023年工作安排\n地区生产总值增长6%。"
    df = extract_facts(text, report_id="t", year_reviewed=2022, report_year=2023)
    r = one(df, value=8.8)
    assert (r["subject"], r["status"], r["basis"]) == ("区级一般公共预算收入", "estimate", "同口径")
    assert one(df, value=24.3)["unit"] == "亿元"
    assert one(df, value=93.0)["subject"] == "污水处理率"
    assert one(df, value=6.0)["status"] == "target"


def test_more_units_and_not_units():
    df = facts("人均预期寿命达到80.5岁,60岁以上老人健康管理率达到70%。开行中欧班列500列、旅游专列30趟。"
               "引进资金10亿元人民币。新建5G基站1200个。")
    assert one(df, value=80.5)["unit"] == "岁"
    assert 60.0 not in set(df["value"])
    assert one(df, value=70.0)["unit"] == "%"
    assert one(df, value=30.0)["unit"] == "趟"
    assert one(df, value=10.0)["subject"] == "引进资金"
    assert one(df, value=1200.0)["subject"] == "新建5G基站"


def test_page_furniture_between_number_and_unit():
    from pipelines.extract.layout import compact

    text = ("一、2023年工作回顾\n过去一年,全省上下坚定信心、真抓实干,经济社会发展主要目标任务较好完成。全省社会消费品零售总额24802.8\n\n"
            "— 1 —\n\n政府工作报告\n\n亿元,增长8.5%;地方一般公共预算收入完成3\n692.3亿元,增长14.1%。\n\n— 2 —\n\n政府工作报告\n\n"
            "二、2024年工作安排\n地区生产总值增长6%。")
    cp = compact(text)
    assert "24802.8亿元" in cp.text and "3692.3亿元" in cp.text and "— 2 —" not in cp.text
    assert all(text[p] == c for p, c in zip(cp.pos, cp.text, strict=False))
    df = extract_facts(text, report_id="t", year_reviewed=2023, report_year=2024)
    r = one(df, value=24802.8)
    assert (r["subject"], r["unit"]) == ("社会消费品零售总额", "亿元")
    assert text[r["char_start"]:r["char_end"]] == "24802.8" and "— 1 —" in r["evidence"]
    assert one(df, value=8.5)["subject"] == "社会消费品零售总额"
    r = one(df, value=3692.3)
    assert text[r["char_start"]:r["char_end"]] == "3\n692.3"
    assert one(df, value=6.0)["status"] == "target"
