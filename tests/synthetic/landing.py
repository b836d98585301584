"""Hand-built landing rows mirroring the synthetic reports in this folder (NOT real data).

The facts are written out by hand as an analyst would annotate the three texts; offsets are
found in the texts themselves, so `text[char_start:char_end]` is the number as written. The
lead's end-to-end test runs the real pipeline over the same texts; these rows let the marts be
checked without the extractor.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.contracts import frame
from pipelines.extract.normalize_subject import normalize_subject

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REGION_CODE = "990121"  # made up: province 99 does not exist in GB/T 2260
REGION_NAME = "示例省样板县"

REPORTS = {
    2022: ("yangban_2022.txt", date(2021, 12, 20), "样板县第一届人民代表大会第一次会议"),
    2023: ("yangban_2023.txt", date(2022, 12, 21), "样板县第一届人民代表大会第二次会议"),
    2024: ("yangban_2024.txt", date(2023, 12, 22), "样板县第一届人民代表大会第三次会议"),
}

# (report_year, part, subject, indicator_code, metric, value, value_high, unit, comparator,
#  period, status, basis, evidence, number as written)
FACTS: list[tuple] = [
    # --- 2022 report: 2021 results
    (2022, "review", "地区生产总值", "gdp", "value", 200, None, "亿元", "eq", "2021", "estimate", None, "全县地区生产总值预计完成200亿元", "200"),
    (2022, "review", "地区生产总值", "gdp", "growth_pct", 8.5, None, "%", "eq", "2021", "estimate", "按不变价计算", "按不变价计算增长8.5%", "8.5"),
    (2022, "review", "固定资产投资", "fixed_asset_investment", "value", 98.5, None, "亿元", "eq", "2021", "estimate", None, "固定资产投资预计完成98.5亿元", "98.5"),
    (2022, "review", "固定资产投资", "fixed_asset_investment", "growth_pct", 5, None, "%", "eq", "2021", "estimate", "同比", "固定资产投资预计完成98.5亿元,同比增长5%", "5"),
    (2022, "review", "社会消费品零售额", "total_retail_sales", "value", 50, None, "亿元", "eq", "2021", "estimate", None, "社会消费品零售额预计完成50亿元", "50"),
    (2022, "review", "社会消费品零售额", "total_retail_sales", "growth_pct", 7, None, "%", "eq", "2021", "estimate", "同比", "社会消费品零售额预计完成50亿元,同比增长7%", "7"),
    (2022, "review", "县级一般公共预算收入", "general_budget_revenue_own_level", "value", 22, None, "亿元", "eq", "2021", "estimate", None, "县级一般公共预算收入预计完成22亿元", "22"),
    (2022, "review", "县级一般公共预算收入", "general_budget_revenue_own_level", "growth_pct", 10, None, "%", "eq", "2021", "estimate", "同口径", "县级一般公共预算收入预计完成22亿元、同口径增长10%", "10"),
    (2022, "review", "全体居民人均可支配收入", "disposable_income_pc", "value", 39800, None, "元", "eq", "2021", "estimate", None, "全体居民人均可支配收入预计完成39800元", "39800"),
    (2022, "review", "全体居民人均可支配收入", "disposable_income_pc", "growth_pct", 8, None, "%", "eq", "2021", "estimate", "同比", "全体居民人均可支配收入预计完成39800元,同比增长8%", "8"),
    (2022, "review", "城镇登记失业率", "registered_unemployment_rate", "value", 3.2, None, "%", "eq", "2021", "actual", None, "城镇登记失业率控制在3.2%", "3.2"),
    (2022, "review", "新增企业", "new_enterprises", "value", 1800, None, "家", "eq", "2021", "actual", None, "新增企业1800家", "1800"),
    (2022, "review", "接待游客", "tourist_arrivals", "value", 1500, None, "万人次", "eq", "2021", "actual", None, "接待游客1500万人次", "1500"),
    # --- 2022 report: 2022 targets
    (2022, "plan", "地区生产总值", "gdp", "growth_pct", 6, None, "%", "approx", "2022", "target", None, "地区生产总值增长6%左右", "6"),
    (2022, "plan", "县级一般公共预算收入", "general_budget_revenue_own_level", "growth_pct", 5, None, "%", "ge", "2022", "target", None, "县级一般公共预算收入增长5%以上", "5"),
    (2022, "plan", "固定资产投资", "fixed_asset_investment", "value", 100, None, "亿元", "eq", "2022", "target", None, "固定资产投资完成100亿元", "100"),
    (2022, "plan", "社会消费品零售额", "total_retail_sales", "growth_pct", 4.5, 5, "%", "eq", "2022", "target", None, "社会消费品零售额增长4.5%—5%", "4.5%—5"),
    (2022, "plan", "城镇登记失业率", "registered_unemployment_rate", "value", 3.5, None, "%", "le", "2022", "target", None, "城镇登记失业率控制在3.5%以内", "3.5"),
    (2022, "plan", "新增企业", "new_enterprises", "value", 2000, None, "家", "ge", "2022", "target", None, "新增企业不少于2000家", "2000"),
    # --- 2023 report: 2022 results
    (2023, "review", "地区生产总值", "gdp", "value", 213, None, "亿元", "eq", "2022", "estimate", None, "全县地区生产总值预计完成213亿元", "213"),
    (2023, "review", "地区生产总值", "gdp", "growth_pct", 4, None, "%", "eq", "2022", "estimate", "按不变价计算", "按不变价计算增长4%", "4"),
    (2023, "review", "固定资产投资", "fixed_asset_investment", "value", 100, None, "亿元", "eq", "2022", "estimate", None, "固定资产投资预计完成100亿元", "100"),
    (2023, "review", "固定资产投资", "fixed_asset_investment", "growth_pct", 1.5, None, "%", "eq", "2022", "estimate", "同比", "固定资产投资预计完成100亿元,同比增长1.5%", "1.5"),
    (2023, "review", "社会消费品零售额", "total_retail_sales", "value", 52, None, "亿元", "eq", "2022", "estimate", None, "社会消费品零售额预计完成52亿元", "52"),
    (2023, "review", "社会消费品零售额", "total_retail_sales", "growth_pct", 2, None, "%", "eq", "2022", "estimate", "同比", "社会消费品零售额预计完成52亿元,同比增长2%", "2"),
    (2023, "review", "县级一般公共预算收入", "general_budget_revenue_own_level", "value", 24.3, None, "亿元", "eq", "2022", "estimate", None, "县级一般公共预算收入预计完成24.3亿元", "24.3"),
    (2023, "review", "县级一般公共预算收入", "general_budget_revenue_own_level", "growth_pct", 8.8, None, "%", "eq", "2022", "estimate", "同口径", "县级一般公共预算收入预计完成24.3亿元、同口径增长8.8%", "8.8"),
    (2023, "review", "全体居民人均可支配收入", "disposable_income_pc", "value", 41754, None, "元", "eq", "2022", "estimate", None, "全体居民人均可支配收入预计完成41754元", "41754"),
    (2023, "review", "全体居民人均可支配收入", "disposable_income_pc", "growth_pct", 4.9, None, "%", "eq", "2022", "estimate", "同比", "全体居民人均可支配收入预计完成41754元,同比增长4.9%", "4.9"),
    (2023, "review", "城镇登记失业率", "registered_unemployment_rate", "value", 3, None, "%", "eq", "2022", "actual", None, "城镇登记失业率控制在3%", "3"),
    (2023, "review", "地区生产总值", "gdp", "growth_pct", 6.2, None, "%", "eq", "2018-2022", "actual", "年均", "全县地区生产总值年均增长6.2%", "6.2"),
    (2023, "review", "新增企业", "new_enterprises", "value", 2100, None, "家", "eq", "2022", "actual", None, "新增企业2100家", "2100"),
    (2023, "review", "接待游客", "tourist_arrivals", "value", 1600, None, "万人次", "eq", "2022", "actual", None, "接待游客1600万人次", "1600"),
    # --- 2023 report: 2023 targets
    (2023, "plan", "地区生产总值", "gdp", "growth_pct", 5.5, None, "%", "approx", "2023", "target", "按不变价计算", "地区生产总值按不变价计算增长5.5%左右", "5.5"),
    (2023, "plan", "县级一般公共预算收入", "general_budget_revenue_own_level", "growth_pct", 3.5, None, "%", "eq", "2023", "target", None, "县级一般公共预算收入增长3.5%", "3.5"),
    (2023, "plan", "固定资产投资", "fixed_asset_investment", "value", 100, None, "亿元", "eq", "2023", "target", None, "固定资产投资完成100亿元", "100"),
    (2023, "plan", "社会消费品零售额", "total_retail_sales", "growth_pct", 9, None, "%", "eq", "2023", "target", None, "社会消费品零售额增长9%", "9"),
    (2023, "plan", "城镇登记失业率", "registered_unemployment_rate", "value", 3, None, "%", "le", "2023", "target", None, "城镇登记失业率控制在3%以内", "3"),
    (2023, "plan", "新增企业", "new_enterprises", "value", 2200, None, "家", "ge", "2023", "target", None, "新增企业不少于2200家", "2200"),
    # --- 2024 report: a final 2022 figure, then 2023 results
    (2024, "review", "地区生产总值", "gdp", "value", 215, None, "亿元", "eq", "2022", "actual", None, "2022年全县地区生产总值为215亿元", "215"),
    (2024, "review", "地区生产总值", "gdp", "value", 225, None, "亿元", "eq", "2023", "estimate", None, "全县地区生产总值预计完成225亿元", "225"),
    (2024, "review", "地区生产总值", "gdp", "growth_pct", 5.2, None, "%", "eq", "2023", "estimate", "按不变价计算", "按不变价计算增长5.2%", "5.2"),
    (2024, "review", "固定资产投资", "fixed_asset_investment", "value", 86, None, "亿元", "eq", "2023", "estimate", None, "固定资产投资预计完成86亿元", "86"),
    (2024, "review", "固定资产投资", "fixed_asset_investment", "growth_pct", -14, None, "%", "eq", "2023", "estimate", "同比", "固定资产投资预计完成86亿元,同比下降14%", "14"),
    (2024, "review", "社会消费品零售额", "total_retail_sales", "value", 56.7, None, "亿元", "eq", "2023", "estimate", None, "社会消费品零售额预计完成56.7亿元", "56.7"),
    (2024, "review", "社会消费品零售额", "total_retail_sales", "growth_pct", 9, None, "%", "eq", "2023", "estimate", "同比", "社会消费品零售额预计完成56.7亿元,同比增长9%", "9"),
    (2024, "review", "县级一般公共预算收入", "general_budget_revenue_own_level", "value", 25.2, None, "亿元", "eq", "2023", "estimate", None, "县级一般公共预算收入预计完成25.2亿元", "25.2"),
    (2024, "review", "县级一般公共预算收入", "general_budget_revenue_own_level", "growth_pct", 3.7, None, "%", "eq", "2023", "estimate", "同比", "县级一般公共预算收入预计完成25.2亿元,同比增长3.7%", "3.7"),
    (2024, "review", "全体居民人均可支配收入", "disposable_income_pc", "value", 43600, None, "元", "eq", "2023", "estimate", None, "全体居民人均可支配收入预计完成43600元", "43600"),
    (2024, "review", "全体居民人均可支配收入", "disposable_income_pc", "growth_pct", 4.4, None, "%", "eq", "2023", "estimate", "同比", "全体居民人均可支配收入预计完成43600元,同比增长4.4%", "4.4"),
    (2024, "review", "城镇登记失业率", "registered_unemployment_rate", "value", 2.6, None, "%", "eq", "2023", "actual", None, "城镇登记失业率为2.6%", "2.6"),
    (2024, "review", "新增企业", "new_enterprises", "value", 2300, None, "家", "eq", "2023", "actual", None, "新增企业2300家", "2300"),
    (2024, "review", "接待游客", "tourist_arrivals", "value", 1700, None, "万人次", "eq", "2023", "actual", None, "接待游客1700万人次", "1700"),
    # --- 2024 report: 2024 targets (Yanqing-like: investment 85亿元 after 100亿元)
    (2024, "plan", "地区生产总值", "gdp", "growth_pct", 5, None, "%", "approx", "2024", "target", "按不变价计算", "地区生产总值按不变价计算增长5%左右", "5"),
    (2024, "plan", "县级一般公共预算收入", "general_budget_revenue_own_level", "growth_pct", 3.5, None, "%", "eq", "2024", "target", None, "县级一般公共预算收入增长3.5%", "3.5"),
    (2024, "plan", "固定资产投资", "fixed_asset_investment", "value", 85, None, "亿元", "eq", "2024", "target", None, "固定资产投资完成85亿元", "85"),
    (2024, "plan", "新增企业", "new_enterprises", "value", 2500, None, "家", "ge", "2024", "target", None, "新增企业不少于2500家", "2500"),
    (2024, "plan", "接待游客", "tourist_arrivals", "value", 1800, None, "万人次", "ge", "2024", "target", None, "接待游客1800万人次以上", "1800"),
]


# targets with no number pegged to economic growth, as the extractor reads them (facts with
# pegged_to: metric change_pp, value 0, offsets on the phrase): (year, evidence, phrase, comparator)
PEGGED = [
    (2022, "居民人均可支配收入增长与经济增长同步", "与经济增长同步", "eq"),
    (2023, "居民人均可支配收入增长与经济增长基本同步", "与经济增长基本同步", "approx"),
    (2024, "居民人均可支配收入增长与经济增长同步", "与经济增长同步", "eq"),
]


def _units() -> dict[str, tuple[str, float]]:
    with open(REPO / "pipelines" / "reference" / "units.csv", encoding="utf-8", newline="") as f:
        return {r["unit"]: (r["base_unit"], float(r["factor"])) for r in csv.DictReader(f)}


def report_id(year: int) -> str:
    return f"{REGION_CODE}-{year}"


def landing_frames(years: tuple[int, ...] = (2022, 2023, 2024)) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """reports, sections, facts DataFrames for the given report years."""
    units = _units()
    reports, sections, facts = [], [], []
    for year in years:
        fname, delivered, session = REPORTS[year]
        text = (HERE / fname).read_text(encoding="utf-8")
        rid = report_id(year)
        reports.append(
            dict(
                report_id=rid, region_code=REGION_CODE, region_name=REGION_NAME, region_level="county",
                report_year=year, year_reviewed=year - 1, delivered_on=delivered, session=session,
                speaker="示例人", title=f"样板县{year}年政府工作报告", source=f"tests/synthetic/{fname}",
                raw_path=None, sha256=hashlib.sha256(text.encode()).hexdigest(), n_chars=len(text), text=text,
                document_kind="report", source_format="text", furniture_lines_removed=0, furniture_chars_removed=0,
            )
        )
        review = text.index("第一部分")
        plan = text.index("第二部分")
        sections += [
            dict(report_id=rid, ordinal=0, part="front", title=None, char_start=0, char_end=review),
            dict(report_id=rid, ordinal=1, part="review", title=None, char_start=review, char_end=plan),
            dict(report_id=rid, ordinal=2, part="plan", title=None, char_start=plan, char_end=len(text)),
        ]
        for (ry, part, subject, code, metric, value, high, unit, comp, period, status, basis, evidence, number) in FACTS:
            if ry != year:
                continue
            lo = review if part == "review" else plan
            at = text.find(evidence, lo)
            assert at >= 0, (year, evidence)
            start = at + evidence.index(number)
            base, factor = units.get(unit, (None, None))
            fid = hashlib.sha1(f"{rid}|{start}|{metric}|{subject}".encode()).hexdigest()[:16]
            facts.append(
                dict(
                    report_id=rid, fact_id=fid, part=part, section=None, subject=subject, indicator_code=code,
                    metric=metric, value=float(value), value_high=None if high is None else float(high), unit=unit,
                    value_normalized=None if factor is None else float(value) * factor, unit_normalized=base,
                    comparator=comp, period=period, status=status, basis=basis, evidence=evidence,
                    char_start=start, char_end=start + len(number), subject_normalized=normalize_subject(subject),
                    pegged_to=None,
                )
            )
        for (ry, evidence, phrase, comp) in PEGGED:
            if ry != year:
                continue
            at = text.find(evidence, plan)
            assert at >= 0, (year, evidence)
            start = at + evidence.index(phrase)
            fid = hashlib.sha1(f"{rid}|{start}|change_pp|居民人均可支配收入".encode()).hexdigest()[:16]
            facts.append(
                dict(
                    report_id=rid, fact_id=fid, part="plan", section=None, subject="居民人均可支配收入",
                    indicator_code="disposable_income_pc", metric="change_pp", value=0.0, value_high=None,
                    unit="个百分点", value_normalized=0.0, unit_normalized="个百分点", comparator=comp,
                    period=str(year), status="target", basis=phrase, evidence=evidence,
                    char_start=start, char_end=start + len(phrase), subject_normalized="居民人均可支配收入",
                    pegged_to="gdp",
                )
            )
    return frame("reports", reports), frame("sections", sections), frame("facts", facts)


def load_landing(warehouse: Path, years: tuple[int, ...] = (2022, 2023, 2024)) -> None:
    from pipelines.load.warehouse import REPORT_TABLES, load_reports

    con = duckdb.connect(str(warehouse))
    try:
        load_reports(con, dict(zip(REPORT_TABLES, landing_frames(years), strict=True)))
    finally:
        con.close()


def run_dbt(warehouse: Path, target_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the project's dbt (same interpreter's venv) against `warehouse`; output in target_dir.
    The project's prepared parse is reused (tests/dbt_parse.py) unless the command is ``parse``
    or target_dir already holds one.
    ``env``: the environment to start from (default os.environ), e.g. with a build plan's variables."""
    dbt = Path(sys.executable).with_name("dbt")
    project = REPO / "dbt_project"
    if args[:1] != ("parse",) and not (target_dir / "target" / "partial_parse.msgpack").exists():
        sys.path.insert(0, str(HERE.parent))
        from dbt_parse import write_partial_parse  # tests/dbt_parse.py: the prepared parse, for this warehouse

        write_partial_parse(warehouse, target_dir / "target")
    env = {**(os.environ if env is None else env), "GOVREPORT_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    cmd = [
        str(dbt if dbt.exists() else shutil.which("dbt")), *args,
        "--project-dir", str(project), "--profiles-dir", str(project),
        "--target-path", str(target_dir / "target"), "--log-path", str(target_dir / "logs"),
    ]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
