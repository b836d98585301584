"""Numbers and units: Arabic, Chinese numerals, magnitudes, PDF damage, normalization."""

from __future__ import annotations

import pytest
from extract_helpers import facts, one

from pipelines.extract.units import normalize, unit_table
from pipelines.text.numbers import parse_arabic, parse_chinese


@pytest.mark.parametrize("s,v", [("213", 213), ("43.1", 43.1), ("1,234.5", 1234.5), ("60132. 9", 60132.9),
                                 ("２１３", 213), ("0.3", 0.3)])
def test_parse_arabic(s, v):
    assert parse_arabic(s) == pytest.approx(v)


@pytest.mark.parametrize("s,v", [("两", 2), ("十二", 12), ("千", 1000), ("二〇二三", 2023), ("一千二百", 1200),
                                 ("三十五", 35), ("百", 100)])
def test_parse_chinese(s, v):
    assert parse_chinese(s) == v


def test_unit_table_covers_grammar():
    t = unit_table()
    for u in ["元", "万元", "亿元", "美元", "人", "万人次", "家", "个", "项", "户", "座", "条", "处", "场", "名", "亩", "万亩",
              "平方米", "万平方米", "公顷", "平方公里", "公里", "微克/立方米", "%", "‰", "个百分点", "倍", "位"]:
        assert u in t, u
    assert normalize(213, "亿元") == (21300000000, "元")
    assert normalize(1.2, "万家") == (12000, "家")
    assert normalize(9.3, "公顷") == (93000, "平方米")
    assert normalize(3, "千万元") == (30000000, "元")
    assert normalize(1, "不是单位") == (None, None)


def test_magnitude_prefix_stays_in_unit():
    r = one(facts("新增市场主体1.2万家。"))
    assert (r["value"], r["unit"], r["value_normalized"], r["unit_normalized"]) == (1.2, "万家", 12000, "家")
    r = one(facts("地区生产总值213亿元。"))
    assert (r["value"], r["unit"], r["value_normalized"]) == (213, "亿元", 21300000000)


def test_thousands_separator_and_fullwidth():
    assert one(facts("城镇居民人均可支配收入47,820元。"))["value"] == 47820
    r = one(facts("全区地区生产总值２１３亿元。"))
    assert r["value"] == 213 and r["unit"] == "亿元"


def test_pdf_spaces_inside_numbers_and_before_units():
    text = "全省地区生产总值60132. 9 亿元,研发投入强度77.8 %,一般公共预算 收入5.02亿元。"
    df = facts(text)
    assert one(df, unit="亿元", subject="地区生产总值")["value"] == pytest.approx(60132.9)
    assert one(df, unit="%")["value"] == pytest.approx(77.8)
    r = one(df, value=5.02)
    assert r["subject"] == "一般公共预算收入"
    assert text[r["char_start"]:r["char_end"]] == "5.02"


def test_chinese_numerals_as_counts():
    df = facts("建成并启用近1200张床位规模的两个方舱医院,近千人次医务人员支援兄弟区。")
    r = one(df, value=2.0)
    assert (r["unit"], r["subject"]) == ("个", "方舱医院")
    r = one(df, value=1000.0)
    assert (r["unit"], r["comparator"]) == ("人次", "approx")
    assert one(df, value=1200.0)["comparator"] == "approx"


@pytest.mark.parametrize("text,unit", [
    ("累计接待游客19万人次。", "万人次"), ("完成27万亩耕地保护空间划定。", "万亩"), ("老旧小区改造92万平方米。", "万平方米"),
    ("城乡建设用地减量0.3平方公里。", "平方公里"), ("3个地块9.3公顷土地具备入市条件。", "公顷"),
    ("新建污水管网379公里。", "公里"), ("PM2.5年均浓度26微克/立方米。", "微克/立方米"),
    ("林业有害生物成灾率控制在1‰以下。", "‰"), ("粮食产量50万吨。", "万吨"), ("出口额3.2亿美元。", "亿美元"),
])
def test_units(text, unit):
    df = facts(text)
    assert unit in set(df["unit"]), df.to_string()


CHINESE_CASES = """
绿色家居产业产值突破三百亿元。|300|亿元|gt
白茶产业综合产值近百亿元。|100|亿元|approx
新建高标准农田一点二万亩。|1.2|万亩|eq
粮食总产量稳定在十万吨以上。|10|万吨|ge
惠及群众上万人次。|1|万人次|ge
开展环境执法检查一千五百余次。|1500|次|gt
新增规上工业企业一百零三家。|103|家|eq
PM2.5平均浓度降至二十五微克/立方米。|25|微克/立方米|eq
运维覆盖率达到百分之百。|100|%|eq
城镇调查失业率控制在百分之四以内。|4|%|le
民生支出占比接近八成。|80|%|approx
森林覆盖率稳定在七成以上。|70|%|ge
"""


@pytest.mark.parametrize("case", CHINESE_CASES.split())
def test_chinese_numerals_with_any_unit(case):
    text, value, unit, cmp = case.split("|")
    r = one(facts(text))
    assert (r["value"], r["unit"], r["comparator"]) == (float(value), unit, cmp)


def test_chinese_numerals_that_are_not_quantities():
    for text in ("优化三次产业结构。", "建成一批项目。", "形成一张网。", "新一轮百万亩造林。", "实现十个全覆盖。"):
        assert facts(text).empty, text
    r = one(facts("全县三成规上企业完成数字化改造。"))
    assert (r["value"], r["unit"], r["subject"]) == (30, "%", "规上企业")
