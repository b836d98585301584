"""A review part whose numbered sections review the five years although no section says so, and
the kinds read on the unseen 贵州 report (issue 9): three things named by one word (一二三产),
money per month or per year, the note of a unit in brackets. Texts in our own words, then the real
report."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import one, rows

from pipelines.extract.facts import extract_facts

ROOT = Path(__file__).resolve().parent.parent


def report(body: str):
    """A 2026 report reviewing 2025 whose first part names the year and the plan span."""
    text = "2026年政府工作报告\n一、2025年和“十四五”时期工作回顾\n" + body
    return extract_facts(text, report_id="t-2026", year_reviewed=2025, report_year=2026)


# ------------------------------------------------------------------ the frame of the sections

LOOKING_BACK = (
    "2025年，全省地区生产总值增长5.1%，城镇新增就业55万人。\n"
    "各位代表！2025年目标任务顺利完成，“十四五”规划圆满收官。{lead}过去五年，我们爬坡过坎、砥砺前行。\n"
    "（一）产业体系加快完善。新建高标准农田300万亩，粮食单产年均增长1.8%，"
    "工业投资占固定资产投资比重从16.5%提升到33.1%，累计改造老旧小区5200个。\n"
    "（二）民生保障持续加强。新增基础教育学位10.2万个，社会消费品零售总额年均增长4.2%。五年来，民生投入只增不减。\n"
)


@pytest.mark.parametrize("lead", ["回望", "回顾", "纵观", "盘点", "回首"])
def test_sections_after_an_opening_that_looks_back_over_five_years_review_the_span(lead):
    df = report(LOOKING_BACK.format(lead=lead))
    # the year's own figures, before the look back, stay on the year
    assert one(df, value=5.1)["period"] == "2025"
    assert one(df, value=55.0)["period"] == "2025"
    # flows and averages of the sections are of the five years
    for value in (300.0, 1.8, 5200.0, 10.2, 4.2):
        assert one(df, value=value)["period"] == "2021-2025", value
    # a starting point is the year before the span, the level reached its last year
    assert one(df, value=16.5)["period"] == "2020"
    assert one(df, value=33.1)["period"] == "2025"


def test_sections_stay_on_the_year_when_the_opening_ends_on_it():
    body = ("过去五年，全省地区生产总值年均增长5.5%。\n"
            "过去一年，我们主要做了以下工作：\n"
            "（一）产业体系加快完善。新建高标准农田60万亩，社会消费品零售总额增长4.2%。\n")
    df = report(body)
    assert one(df, value=5.5)["period"] == "2021-2025"
    assert one(df, value=60.0)["period"] == "2025"
    assert one(df, value=4.2)["period"] == "2025"


def test_a_heading_that_names_the_span_keeps_it_whatever_the_opening_ends_on():
    """一、“十二五”时期工作回顾 in a 2016 report: the sections are 2011-2015 even when the opening
    ends on the year reviewed."""
    text = ("2016年政府工作报告\n一、“十二五”时期工作回顾\n"
            "“十二五”时期是极不平凡的五年。五年来，全市地区生产总值年均增长10.2%。\n"
            "2015年，全市地区生产总值增长9.1%。\n"
            "（一）城乡面貌显著改善。新增城市绿地1260公顷，新建改造城市道路386公里。\n")
    df = extract_facts(text, report_id="t-2016", year_reviewed=2015, report_year=2016)
    assert one(df, value=10.2)["period"] == "2011-2015"
    assert one(df, value=9.1)["period"] == "2015"
    assert one(df, value=1260.0)["period"] == "2011-2015"
    assert one(df, value=386.0)["period"] == "2011-2015"


def test_the_address_to_the_deputies_does_not_hide_the_year_that_follows_it():
    body = ("过去五年，全省新建学校120所。\n"
            "各位代表、同志们：2025年极不平凡。全省新建学校15所。\n")
    df = report(body)
    assert one(df, value=120.0)["period"] == "2021-2025"
    assert one(df, value=15.0)["period"] == "2025"


# ------------------------------------------------------------------ three things in one word

@pytest.mark.parametrize("word,names", [
    ("一二三产", ("一产增加值", "二产增加值", "三产增加值")),
    ("一二三产业", ("第一产业增加值", "第二产业增加值", "第三产业增加值")),
    ("三次产业", ("第一产业增加值", "第二产业增加值", "第三产业增加值")),
])
def test_one_word_naming_the_three_sectors_gives_each_its_figure(word, names):
    df = report(f"2025年，全县{word}增加值分别增长2.8%、6.3%、4.9%。\n")
    assert [one(df, value=v)["subject"] for v in (2.8, 6.3, 4.9)] == list(names)
    assert {one(df, value=v)["indicator_code"] for v in (2.8, 6.3, 4.9)} == \
        {"primary_industry_va", "secondary_industry_va", "tertiary_industry_va"}


def test_a_three_sector_ratio_is_not_three_growth_figures():
    # the growth figures after the structure are the sectors' own; none comes from the ratio
    # (the test asserted no growth row on a sentence that gave no fact at all)
    df = report("2025年，三次产业结构由8.1∶40.2∶51.7调整为7.6∶38.9∶53.5，一二三产增加值分别增长2.8%、6.3%、4.9%。\n")
    growth = rows(df, metric="growth_pct")
    assert list(growth["value"]) == [2.8, 6.3, 4.9]
    assert list(growth["subject"]) == ["一产增加值", "二产增加值", "三产增加值"]
    assert not df["value"].isin([8.1, 40.2, 51.7, 7.6, 38.9, 53.5]).any()


def test_two_sector_figures_do_not_take_three_names():
    df = report("2025年，全县三次产业中第二产业、第三产业增加值分别增长6.3%、4.9%。\n")
    # each figure keeps the sector its item names (not 第一产业…, 第二产业… of 三次产业 read in turn);
    # the first item does not take the shared head 增加值 yet (docs/extraction.md, known limits)
    assert "第二产业" in one(df, value=6.3)["subject"] and "第一" not in one(df, value=6.3)["subject"]
    assert one(df, value=4.9)["subject"] == "第三产业增加值"


# ------------------------------------------------------------------ units

def test_money_per_month_and_per_year_are_units_and_keep_the_subject():
    df = report("（八）民生。城乡低保平均标准分别从2020年的612元/月、4105元/年提高到2025年的786元/月、"
                "6950元/年，城市特困人员供养标准从960元/人·月提高至1130元/人·月。\n")
    assert one(df, value=612.0)["unit"] == "元/月"
    assert one(df, value=4105.0)["unit"] == "元/年"
    assert one(df, value=786.0)["subject"] == "城市低保平均标准"
    assert one(df, value=1130.0)["unit"] == "元/人·月"
    assert one(df, value=1130.0)["unit_normalized"] == "元/月"
    assert not rows(df, subject="/月").shape[0] and not rows(df, subject="/年").shape[0]


def test_a_bracketed_note_of_a_unit_is_not_the_next_subject():
    df = report("2025年，完成棚户区改造3.2万户（套）、老旧小区改造1100个，筹集保障性租赁住房2.4万套（间）、"
                "累计达到18万套。\n")
    assert one(df, value=1100.0)["subject"] == "老旧小区改造"
    assert not any(s.startswith(("（", "(")) for s in df["subject"])


# ------------------------------------------------------------------ the real report

def test_the_guizhou_review_sections_read_as_the_five_years():
    text = (ROOT / "raw" / "provinces-2026" / "贵州省_2026.txt").read_text(encoding="utf-8")
    df = extract_facts(text, report_id="gz", year_reviewed=2025, report_year=2026)
    ev = df["evidence"]
    # the year's headline stays on 2025
    assert one(df, evidence="城镇新增就业62.6万人")["period"] == "2025"
    # the sections (一)…(十) after 回望过去五年 review 2021-2025
    assert one(df, evidence="社会消费品零售总额年均增长3.7%")["period"] == "2021-2025"
    assert one(df, evidence="棚户区改造47.63万户")["period"] == "2021-2025"
    first = df[ev.str.endswith("工业投资占固定资产投资比重从17.9%")]
    assert list(first["period"]) == ["2020"]
    # the plan's three sectors
    sectors = df[ev.str.startswith("一二三产增加值分别增长")]
    assert list(sectors["subject"]) == ["一产增加值", "二产增加值", "三产增加值"]
    assert not df["subject"].isin(["/月", "/年"]).any()


# ------------------------------------------------------------------ runs of months and quarters (甘肃)

@pytest.mark.parametrize("sentence,subject,value,unit", [
    ("全省工业投资连续40个月保持两位数增长。", "工业投资", 40.0, "个月"),
    ("商品房销售面积连续9个月正增长。", "商品房销售面积", 9.0, "个月"),
    ("地区生产总值增速2023年以来连续12个季度高于全国平均水平。", "地区生产总值增速", 12.0, "个季度"),
    ("第二产业增加值增速连续7个季度居全国前8位。", "第二产业增加值增速", 7.0, "个季度"),
])
def test_a_run_of_months_or_quarters_names_what_runs_before_it(sentence, subject, value, unit):
    df = report(f"2025年，{sentence}\n")
    r = one(df, value=value)
    assert (r["subject"], r["unit"]) == (subject, unit)


def test_a_run_after_a_figure_belongs_to_the_figure_before():
    df = report("2025年，高技术制造业增加值增长21.3%、连续15个月保持两位数增长。\n")
    assert one(df, value=15.0)["subject"] == "高技术制造业增加值"


def test_a_run_with_nothing_before_it_names_the_event_after_it():
    df = report("2025年，全市连续48个月未发生重特大安全事故。\n")
    assert one(df, value=48.0)["subject"] == "未发生重特大安全事故"


# ------------------------------------------------------------------ 城乡 before other than residents; item numbers

def test_town_and_country_before_a_benefit_split_into_the_city_and_the_countryside():
    df = report("2025年，城乡低保平均标准分别提高8.2%、11.5%，城乡特困人员基本生活标准分别提高6.1%、9.4%。\n")
    assert [one(df, value=v)["subject"] for v in (8.2, 11.5, 6.1, 9.4)] == [
        "城市低保平均标准", "农村低保平均标准", "城市特困人员基本生活标准", "农村特困人员基本生活标准"]


def test_town_and_country_starting_points_then_ends_alternate():
    df = report("（一）民生。城乡低保标准分别从2020年的600元/月、4200元/年提高到2025年的760元/月、6900元/年。\n")
    assert [one(df, value=v)["subject"] for v in (600.0, 4200.0, 760.0, 6900.0)] == [
        "城市低保标准", "农村低保标准", "城市低保标准", "农村低保标准"]


def test_residents_stay_urban_and_rural_and_a_list_keeps_its_items():
    df = report("2025年，城乡居民人均可支配收入分别增长5.2%、6.6%，城乡居民基础养老金、低保标准分别提高20元、40元。\n")
    assert one(df, value=5.2)["subject"] == "城镇居民人均可支配收入"
    assert one(df, value=6.6)["subject"] == "农村居民人均可支配收入"
    assert one(df, value=20.0)["subject"] == "城乡居民基础养老金"
    assert one(df, value=40.0)["subject"] == "低保标准"


def test_the_number_of_a_spoken_list_item_is_no_part_of_the_subject():
    df = report("2025年，重点办好十件民生实事：一是新建普通高中12所；二是完成困难残疾人家庭无障碍改造3000户；"
                "十一是新增托位1.5万个。\n")
    assert one(df, value=12.0)["subject"] == "新建普通高中"
    assert one(df, value=3000.0)["subject"] == "困难残疾人家庭无障碍改造"
    assert one(df, value=1.5)["subject"] == "新增托位"


# ------------------------------------------------------------------ one figure for both, livestock pairs (青海, 云南)

def test_both_after_the_change_verb_spreads_the_figure_over_the_items():
    df = report("2025年，接待游客人次和花费增长均超15%，退役军人、残疾人新增就业均超2.1万人。\n")
    growth = rows(df, value=15.0)
    assert set(growth["subject"]) == {"接待游客人次", "接待游客花费"}
    assert set(growth["comparator"]) == {"gt"}
    assert set(rows(df, value=2.1)["subject"]) == {"退役军人新增就业", "残疾人新增就业"}


def test_livestock_named_together_take_a_figure_each():
    df = report("2025年，猪牛羊出栏分别增长2.5%、4.4%、3.1%，牛羊肉产量增长6%。\n")
    assert [one(df, value=v)["subject"] for v in (2.5, 4.4, 3.1)] == ["猪出栏", "牛出栏", "羊出栏"]
    assert one(df, value=6.0)["subject"] == "牛羊肉产量"


@pytest.mark.parametrize("fenbie", ["分别", ""])
def test_town_and_country_names_are_the_same_with_or_without_fenbie(fenbie):
    """One reading of 城乡 serves both list passes (lists._town_and_country, review1): residents are
    城镇/农村居民, a benefit 城市/农村, whether 分别 is written or not."""
    df = report(f"2025年，城乡居民人均可支配收入{fenbie}增长5.2%、6.6%；城乡低保标准{fenbie}提高到每月790元和600元。\n")
    assert [one(df, value=v)["subject"] for v in (5.2, 6.6, 790.0, 600.0)] == [
        "城镇居民人均可支配收入", "农村居民人均可支配收入", "城市低保标准", "农村低保标准"]

def test_town_and_country_benefit_pair_without_fenbie():
    df = report("2025年，城乡低保标准提高到每月790元和600元，一般公共预算收入增加120亿元、稳步达到900亿元以上。\n")
    assert one(df, value=790.0)["subject"] == "城市低保标准"
    assert one(df, value=600.0)["subject"] == "农村低保标准"
    assert one(df, value=900.0)["subject"] == "一般公共预算收入"


# ------------------------------------------------------------------ multiples of an earlier level; starting points

@pytest.mark.parametrize("sentence,subject,period,basis", [
    ("五年来，一般公共预算收入达到96亿元，是2020年的2.3倍。", "一般公共预算收入", "2025", "是2020年"),
    ("五年来，地区生产总值达到1860亿元，是“十三五”末的1.5倍。", "地区生产总值", "2025", "是“十三五”末"),
    ("五年累计完成固定资产投资4200亿元，是“十三五”时期的1.9倍。", "固定资产投资", "2021-2025", "是“十三五”时期"),
    ("五年来，市属企业利润总额为“十三五”时期的2.6倍。", "市属企业利润总额", "2021-2025", "为“十三五”时期"),
    ("五年来，民间投资累计3100亿元，是前五年的1.7倍。", "民间投资", "2021-2025", "是前五年"),
])
def test_a_multiple_of_an_earlier_level_is_of_the_subject_and_dated_now(sentence, subject, period, basis):
    df = report(sentence + "\n")
    r = one(df, unit="倍")
    assert (r["subject"], r["period"], r["basis"]) == (subject, period, basis)



@pytest.mark.parametrize("word", ["是", "为", "相当于"])
def test_the_span_a_multiple_is_of_dates_no_other_figure(word):
    """Every word before the earlier level of a multiple (lexicon/basis_words.csv, multiple_of) keeps
    that span from dating the figures after it in the sentence, or the paragraph it opens (review1:
    相当于 dated them to the last plan's years)."""
    df = report(f"五年来，全省累计完成固定资产投资4.2万亿元，{word}“十三五”时期的1.9倍，年均增长8%。\n")
    assert one(df, value=8.0)["period"] == "2021-2025"
    df = report(f"2025年，全省地区生产总值增长5%。\n全省投资{word}“十三五”时期的1.9倍，新建学校30所。\n")
    assert one(df, value=30.0)["period"] == "2025"
    # a span that is no level compared with still opens its frame
    df = report("2025年，全省地区生产总值增长5%。\n“十三五”时期，全省新建学校300所。\n")
    assert one(df, value=300.0)["period"] == "2016-2020"

@pytest.mark.parametrize("verb", ["扩大到", "拓展到", "拓展至", "增加到"])
def test_a_starting_point_names_what_moves_before_it(verb):
    df = report(f"五年来，县城建成区面积由2020年的11平方公里{verb}19平方公里，监管事项从39个{verb}91个。\n")
    assert set(df["subject"]) == {"县城建成区面积", "监管事项"}
    assert one(df, value=11.0)["period"] == "2020" and one(df, value=19.0)["period"] == "2025"


# ------------------------------------------------------------------ one sentence a line; two years written

def test_a_lone_sentence_of_levels_marked_over_or_about_amid_results_stays_a_result():
    """A page with one sentence a line (bilingual pages): a sentence whose every figure is marked
    以上/左右 inside a results section is no lost heading of objectives."""
    body = ("2025年，全省地区生产总值增长5.1%。\n"
            "（八）加大力度保障和改善民生。\n"
            "新增基础教育学位12万个。\n"
            "学前教育毛入园率、九年义务教育巩固率分别提升至92%左右、97%以上。\n"
            "城镇新增就业58万人。\n")
    df = report(body)
    for value in (92.0, 97.0):
        r = one(df, value=value)
        assert (r["status"], r["period"]) == ("actual", "2025"), r


def test_a_lone_sentence_of_objectives_with_a_word_of_the_plan_is_the_plan():
    body = ("2025年，全省地区生产总值增长5.1%，城镇新增就业58万人。\n"
            "主要目标：地区生产总值增长5%左右，城镇新增就业55万人以上。\n")
    df = report(body)
    assert (one(df, value=5.0)["status"], one(df, value=5.0)["period"]) == ("target", "2026")
    assert one(df, value=55.0)["status"] == "target"


@pytest.mark.parametrize("years,first", [("2020年到2025年", "2021-2025"), ("2021—2025年", "2021-2025")])
def test_two_years_opening_a_paragraph_state_the_span(years, first):
    body = ("2025年，全省地区生产总值增长5.1%。\n"
            f"{years}，工业投资占固定资产投资比重从17.9%提升到35.5%，新建标准厂房820万平方米。\n")
    df = report(body)
    assert one(df, value=17.9)["period"] == "2020"
    assert one(df, value=35.5)["period"] == "2025"
    assert one(df, value=820.0)["period"] == first


def test_two_years_of_the_plan_open_the_plan_span():
    df = report("2025年，全省地区生产总值增长5.1%。\n2026年至2030年，全省地区生产总值年均增长5%左右，新建高标准农田500万亩。\n")
    r = one(df, value=500.0)
    assert (r["status"], r["period"]) == ("target", "2026-2030")


# ------------------------------------------------------------------ a measure of the owner named before (内蒙古)

@pytest.mark.parametrize("sentence,subject", [
    ("全年接待游客2.6亿人次、总花费超过3100亿元。", "接待游客总花费"),
    ("乡村旅游接待人次增长12%、总收入增长15%。", "乡村旅游接待总收入"),
])
def test_a_measure_named_alone_after_a_count_of_visits_takes_its_owner(sentence, subject):
    df = report(f"2025年，{sentence}\n")
    assert rows(df, unit="亿元").shape[0] + rows(df, value=15.0).shape[0] == 1
    r = df[df["subject"].str.endswith(("总花费", "总收入"))].iloc[0]
    assert r["subject"] == subject


def test_a_measure_named_alone_after_another_indicator_keeps_its_name():
    df = report("2025年，地区生产总值增长5.2%，总收入增长6.1%。\n")
    assert one(df, value=6.1)["subject"] == "总收入"
