"""Kinds read off older and lower-level reports (issue 9, branch g9older; the hold-out files
county_newterm_2013, district_december_2018, news_prefecture_2016), in our own wording:

- a numbered plan followed by 以来 (“十三五”以来, “十二五”时期以来) looks back from the plan's first year
  to the year reviewed: a result over those years, not the plan's targets;
- the first or last years of a plan (“十三五”前三年, “十一五”后两年, or 前两年 after a plan named in the
  sentence) are those years of the plan; 今后三年/未来三年 are short plan horizons;
- a time word or a modal before a leading verb (明年实施, 将开工, 新培育) goes with the verb, out of the
  subject;
- a report delivered in December of the year it reviews says 今年 of that year and 明年 of the plan
  (its delivery line tells; a January report keeps 今年 as the plan);
- a news summary names the region in the third person (该市, 该县): scope words, as 全市;
- old wordings: 年均递增/递减 (change verbs), 国内生产总值（GDP） (the abbreviation goes from the
  normalized subject), “十五”期间 (the tenth plan, 2001-2005, only in quotes);
- targets: 力争/确保/争取/努力 between a subject and its verb are no part of the subject; the end of a
  plan opening a clause (“十一五”末, 到“十四五”期末) dates it to the plan's last year.
"""

from __future__ import annotations

from extract_helpers import facts, one


def test_plan_since_is_a_look_back_to_the_year_reviewed():
    # a report delivered in December 2018: the year reviewed is 2018, the plan runs to 2020
    text = "一、2018年工作回顾\n“十三五”以来,全区工业增加值年均增长6.2%,累计引进外资9.5亿美元。\n"
    df = facts(text, year_reviewed=2018, report_year=2019)
    r = one(df, value=6.2)
    assert (r["period"], r["status"], r["part"]) == ("2016-2018", "actual", "review")
    assert one(df, value=9.5)["period"] == "2016-2018"


def test_plan_since_opens_a_paragraph_frame():
    # the cue opens the paragraph; the next sentence has no cue of its own and keeps the look back
    text = "一、2017年工作回顾\n“十三五”以来,我们攻坚克难。全市新建学校14所,年均增长率为9%。\n二、2018年工作安排\n新建学校5所。\n"
    df = facts(text, year_reviewed=2017, report_year=2018)
    r = one(df, value=14)
    assert (r["period"], r["status"]) == ("2016-2017", "actual")
    assert one(df, value=5)["period"] == "2018"


def test_older_plan_since_runs_past_its_end():
    # “十二五”时期以来 in a report reviewing 2016 covers 2011-2016, not the plan's five years
    df = facts("“十二五”时期以来,全县累计改造农村公路620公里。", year_reviewed=2016, report_year=2017)
    assert one(df, value=620)["period"] == "2011-2016"


def test_plan_without_since_is_unchanged():
    df = facts("今后五年主要目标\n“十三五”期间,全市生产总值年均增长8%左右。", year_reviewed=2015, report_year=2016)
    assert one(df, value=8)["period"] == "2016-2020"


def test_first_years_of_a_plan():
    df = facts("“十三五”前三年,全市累计新增就业岗位4.2万个。", year_reviewed=2019, report_year=2020)
    assert one(df, value=4.2)["period"] == "2016-2018"


def test_first_years_after_a_plan_named_before_in_the_sentence():
    text = "“十三五”以来,全区生产总值年均增长7%;前两年,全区新增市场主体1.9万户,三年累计减税12亿元。"
    df = facts(text, year_reviewed=2018, report_year=2019)
    assert one(df, value=7)["period"] == "2016-2018"
    assert one(df, value=1.9)["period"] == "2016-2017"


def test_time_word_or_modal_before_a_leading_verb():
    df = facts("明年实施市级重大项目85个。今年将实施农村道路改造项目40个。", plan=True)
    assert one(df, value=85)["subject"] == "市级重大项目"
    assert one(df, value=40)["subject"] == "农村道路改造项目"


def test_new_before_a_leading_verb():
    df = facts("新培育国家级专精特新企业9家。新能源汽车产量增长30%。")
    assert one(df, value=9)["subject"] == "国家级专精特新企业"
    assert one(df, value=30)["subject"] == "新能源汽车产量"


def test_december_report_says_this_year_of_the_year_reviewed():
    # delivered in December 2018: 今年 is 2018 (results, estimates), 明年 is 2019 (the plan)
    text = ("——2018年12月21日在某区第五届人民代表大会第四次会议上\n"
            "一、今年工作回顾\n今年,全区预计完成地区生产总值860亿元。全年新建幼儿园7所。\n"
            "二、明年工作安排\n明年主要预期目标是:地区生产总值增长6%左右。新建幼儿园4所。\n")
    df = facts(text, year_reviewed=2018, report_year=2019)
    r = one(df, value=860)
    assert (r["period"], r["status"], r["part"]) == ("2018", "estimate", "review")
    assert (one(df, value=7)["period"], one(df, value=7)["status"]) == ("2018", "actual")
    assert (one(df, value=6)["period"], one(df, value=6)["status"]) == ("2019", "target")
    assert (one(df, value=4)["period"], one(df, value=4)["status"]) == ("2019", "target")


def test_january_report_keeps_this_year_as_the_plan():
    text = ("——2019年1月15日在某区第五届人民代表大会第四次会议上\n"
            "一、2018年工作回顾\n全区新建幼儿园7所。\n"
            "二、今年工作安排\n今年主要预期目标是:地区生产总值增长6%左右。新建幼儿园4所。\n")
    df = facts(text, year_reviewed=2018, report_year=2019)
    assert one(df, value=7)["period"] == "2018"
    assert (one(df, value=4)["period"], one(df, value=4)["status"]) == ("2019", "target")


def test_news_third_person_scope_words():
    # a news summary names the region 该市/该县: a scope word like 全市, so the indicator is found
    text = "报告显示,该县财政一般预算收入增长9%,该市生产总值达到3200亿元。"
    df = facts(text)
    r = one(df, value=9)
    assert (r["subject"], r["indicator_code"]) == ("财政一般预算收入", "general_budget_revenue")
    r = one(df, value=3200)
    assert (r["subject_normalized"], r["indicator_code"]) == ("生产总值", "gdp")


def test_old_change_verbs_increase_and_decrease_by_year():
    df = facts("五年来,全县财政总收入年均递增16.4%,万元生产总值能耗年均递减3.5%。", year_reviewed=2012, report_year=2013)
    r = one(df, value=16.4)
    assert (r["subject"], r["metric"], r["basis"], r["period"]) == ("财政总收入", "growth_pct", "年均", "2008-2012")
    r = one(df, value=-3.5)
    assert (r["subject"], r["metric"]) == ("万元生产总值能耗", "growth_pct")


def test_abbreviation_in_brackets_after_the_name():
    df = facts("全县实现国内生产总值（GDP）92.3亿元,居民消费价格指数(CPI)涨幅控制在3%以内。")
    assert one(df, value=92.3)["indicator_code"] == "gdp"
    assert one(df, value=92.3)["subject_normalized"] == "国内生产总值"


def test_tenth_plan_in_quotes():
    # a 2006 report reviewing the 十五 (2001-2005); 十五 without quotes is a number
    text = "“十五”期间,全市累计完成固定资产投资460亿元,年均增长19%。\n新建十五个村级活动室。"
    df = facts(text, year_reviewed=2005, report_year=2006)
    assert one(df, value=460)["period"] == "2001-2005"
    assert one(df, value=19)["period"] == "2001-2005"
    df = facts("“十一五”前三年,全县完成固定资产投资145亿元,是“十五”期间的1.8倍。", year_reviewed=2008, report_year=2009)
    assert one(df, value=145)["period"] == "2006-2008"
    assert one(df, value=1.8)["subject"] == "固定资产投资"


def test_target_adverb_between_subject_and_verb():
    df = facts("2023年主要目标\n全县粮食总产量确保达到48万吨,农民人均纯收入力争增长12%,工业产值争取达到90亿元。", plan=False)
    assert [one(df, value=v)["subject"] for v in (48, 12, 90)] == ["粮食总产量", "农民人均纯收入", "工业产值"]
    assert {one(df, value=v)["status"] for v in (48, 12, 90)} == {"target"}


def test_end_of_a_plan_dates_its_clause():
    # a 2009 report: “十一五”末 is 2010; a mid-term 2023 report: 到“十四五”末 is 2025
    df = facts("“十一五”末,全市生产总值力争达到2600亿元。", year_reviewed=2008, report_year=2009)
    r = one(df, value=2600)
    assert (r["period"], r["status"]) == ("2010", "target")
    df = facts("今年主要预期目标是:地区生产总值增长6%左右。到“十四五”期末,全市常住人口城镇化率达到72%。",
               year_reviewed=2022, report_year=2023)
    assert one(df, value=6)["period"] == "2023"
    assert one(df, value=72)["period"] == "2025"
    # a multiple of the level then is no date of the clause
    df = facts("森林蓄积量是“十三五”末的1.2倍。", year_reviewed=2022, report_year=2023)
    assert one(df, value=1.2)["period"] == "2022"


def test_last_years_of_a_plan_and_short_horizons():
    # a 2009 report sets targets for the last two years of the eleventh plan (2009-2010)
    df = facts("“十一五”后两年,全县新改建农村公路260公里。", year_reviewed=2008, report_year=2009)
    r = one(df, value=260)
    assert (r["period"], r["status"]) == ("2009-2010", "target")
    # a mid-term report: a three-year horizon
    df = facts("今后三年,全区新建养老服务中心24个。", year_reviewed=2017, report_year=2018)
    r = one(df, value=24)
    assert (r["period"], r["status"]) == ("2018-2020", "target")


def test_every_reading_of_a_numbered_plan_gives_the_same_years():
    """The end of a plan (“十五”末), a plan span (“十五”期间) and a plan cue read one table of years
    (grammar.plan_years): the tenth plan in quotes is 2001-2005 (review1: three formulas became one)."""
    from pipelines.extract import grammar as g

    assert [g.plan_years(k) for k in (10, 11, 15)] == [(2001, 2005), (2006, 2010), (2026, 2030)]
    for text, years in (("“十五”期间", (2001, 2005)), ("“十三五”时期", (2016, 2020)), ("十四五规划期", (2021, 2025))):
        assert g.named_plan_years(g.PLAN_PERIOD_RE.search(text)) == years, text
    assert g.named_plan_years(g.PLAN_END_RE.match("到“十五”期末")) == (2001, 2005)
    # a 2004 report: the end of the tenth plan is a target year, its span the plan's five years
    df = facts("“十五”末,全市生产总值力争达到860亿元。“十五”期间,全市固定资产投资年均增长15%。",
               year_reviewed=2003, report_year=2004)
    assert (one(df, value=860)["period"], one(df, value=860)["status"]) == ("2005", "target")
    assert one(df, value=15)["period"] == "2001-2005"
