"""Time frames, lists, subjects, numbers and pegged targets, each kind in our own wording
(issue 9). Reports here are for 2026, reviewing 2025, unless said otherwise."""

from __future__ import annotations

import pandas as pd
from extract_helpers import one, rows

from pipelines.extract.facts import extract_facts


def facts(text: str, year_reviewed: int = 2025, report_year: int = 2026):
    return extract_facts(text, report_id="t-2026", year_reviewed=year_reviewed, report_year=report_year)


REVIEW = "一、{y}年工作回顾和“十四五”发展成就\n"


# ------------------------------------------------------------------ time frames

def test_a_five_year_paragraph_dates_flows_over_the_span_and_levels_at_its_end():
    df = facts(REVIEW.format(y=2025) + "过去一年，地区生产总值增长5%。\n"
               "五年来，我们推动发展迈上新台阶。新建学校120所，常住人口城镇化率达到62%，"
               "工业增加值年均增长6.1%，研发投入强度从2.1%提高到2.8%。\n"
               "——民生持续改善。新增城镇就业300万人，人均预期寿命达到80岁。\n")
    assert one(df, value=5.0)["period"] == "2025"
    assert one(df, value=120.0)["period"] == "2021-2025"
    assert one(df, value=62.0)["period"] == "2025"
    assert one(df, value=6.1)["period"] == "2021-2025"
    assert one(df, value=2.1)["period"] == "2020"  # a starting point: the year before the span
    assert one(df, value=2.8)["period"] == "2025"
    # a paragraph without a cue keeps the frame of the one before
    assert one(df, value=300.0)["period"] == "2021-2025"
    assert one(df, value=80.0)["period"] == "2025"


def test_review_headings_in_other_wordings_and_a_reset_by_the_year():
    df = facts("一、“十四五”时期和2025年工作回顾\n过去的五年极不寻常。粮食产量年均增长2%。\n"
               "刚刚过去的2025年很不平凡。全省生产总值增长5.2%。\n")
    assert one(df, value=2.0)["period"] == "2021-2025"
    assert one(df, value=5.2)["period"] == "2025"


def test_a_plan_heading_after_a_review_span_and_a_named_plan_span():
    df = facts("二、“十四五”时期发展成就和“十五五”时期主要目标任务\n“十四五”时期是极不平凡的五年。累计新建公路800公里。\n"
               "根据《关于制定国民经济和社会发展第十五个五年规划的建议》，到2030年，城镇化率达到70%左右，"
               "地区生产总值年均增长5%左右。\n三、2026年重点工作\n今年主要预期目标是：地区生产总值增长5%左右。\n")
    r = one(df, value=800.0)
    assert (r["part"], r["status"], r["period"]) == ("review", "actual", "2021-2025")
    r = one(df, value=70.0)
    assert (r["part"], r["status"], r["period"]) == ("plan", "target", "2026-2030")
    assert one(df, value=5.0, basis="年均")["period"] == "2026-2030"
    r = rows(df, value=5.0, period="2026")
    assert len(r) == 1 and r.iloc[0]["status"] == "target"


def test_a_review_early_in_2017_is_the_five_years_to_2016():
    df = facts("一、过去五年工作回顾\n五年来，全市新增就业岗位50万个。\n", year_reviewed=2016, report_year=2017)
    assert one(df, value=50.0)["period"] == "2012-2016"


def test_a_title_line_names_no_frame_and_december_today_is_the_year_reviewed():
    df = facts("北京市延庆区2023年政府工作报告\n今年，全区地区生产总值预计完成213亿元。\n",
               year_reviewed=2022, report_year=2023)
    r = one(df, value=213.0)
    assert (r["status"], r["period"]) == ("estimate", "2022")


def test_an_excerpt_starting_inside_the_plan_is_plan():
    df = facts("加快推进城市更新，力争新建改造农村公路1000公里，粮食产量稳定在19亿公斤以上。\n")
    r = one(df, value=1000.0)
    assert (r["part"], r["status"], r["period"]) == ("plan", "target", "2026")
    df = facts("城市更新成效明显，新建改造农村公路1000公里，比上年增长5%。\n")
    assert one(df, value=1000.0)["status"] == "actual"


# ------------------------------------------------------------------ lists

def test_urban_and_rural_pairs_and_a_second_list_without_names():
    df = facts("城乡常住居民人均可支配收入分别增长8%和10%，分别达36000元和15000元。")
    assert one(df, value=8.0)["subject"] == "城镇常住居民人均可支配收入"
    assert one(df, value=10.0)["subject"] == "农村常住居民人均可支配收入"
    assert one(df, value=36000.0)["subject"] == "城镇常住居民人均可支配收入"
    assert one(df, value=15000.0)["subject"] == "农村常住居民人均可支配收入"
    df = facts("城、乡居民人均可支配收入分别增长6%、7%。")
    assert one(df, value=7.0)["subject"] == "农村居民人均可支配收入"


def test_targets_with_a_suffix_comparator_in_a_list():
    df = facts("三、2026年重点工作\n今年主要预期目标是：城乡居民人均可支配收入分别增长7%以上和8%以上。")
    r7, r8 = one(df, value=7.0), one(df, value=8.0)
    assert (r7["subject"], r7["metric"], r7["comparator"]) == ("城镇居民人均可支配收入", "growth_pct", "ge")
    assert (r8["subject"], r8["comparator"], r8["status"]) == ("农村居民人均可支配收入", "ge", "target")


def test_one_figure_for_every_item_and_a_unit_shared_by_three():
    df = facts("财政总收入、地方财政收入均增长6%。")
    assert set(rows(df, value=6.0)["subject"]) == {"财政总收入", "地方财政收入"}
    df = facts("蔬菜、水果、干果产量分别达到25.6、6.8、0.5亿公斤。")
    got = {(r.subject, r.value, r.unit) for r in df.itertuples()}
    assert got == {("蔬菜产量", 25.6, "亿公斤"), ("水果产量", 6.8, "亿公斤"), ("干果产量", 0.5, "亿公斤")}


def test_both_starting_points_of_a_pair_are_dated_at_the_written_year():
    df = facts("工业增加值和利税分别由1997年的170亿元和50%上升为280亿元和60%。")
    assert {(r.subject, r.metric, r.period) for r in df.itertuples()} == {
        ("工业增加值", "value", "1997"), ("利税", "value", "1997"),
        ("工业增加值", "value", "2025"), ("利税", "value", "2025")}


# ------------------------------------------------------------------ subjects

def test_a_trend_clause_names_the_subject_of_the_figures_after_it():
    df = facts("粮食产量再攀新高，达到19.6亿公斤，增长2%。")
    assert one(df, value=19.6)["subject"] == "粮食产量"
    assert one(df, value=2.0)["subject"] == "粮食产量"


def test_a_comparison_with_another_area_is_a_change():
    df = facts("城镇居民人均可支配收入4.2万元，比全省高0.8万元。")
    r = one(df, value=0.8)
    assert (r["subject"], r["metric"], r["basis"]) == ("城镇居民人均可支配收入", "change", "比全省")


def test_scope_words_are_dropped_evenly():
    df = facts("本市地区生产总值增长5%，本县财政收入增长3%，全盟粮食产量增长2%，全镇工业产值增长4%。")
    assert set(df["subject"]) == {"地区生产总值", "财政收入", "粮食产量", "工业产值"}


def test_an_addition_then_the_total_reached():
    df = facts("五年来，铁路运营里程新增1700公里、突破7000公里。")
    a, b = one(df, value=1700.0), one(df, value=7000.0)
    assert (a["subject"], a["metric"]) == ("铁路运营里程", "change")
    assert (b["subject"], b["metric"], b["comparator"]) == ("铁路运营里程", "value", "gt")


# ------------------------------------------------------------------ numbers

def test_chinese_numerals_with_more_before_the_magnitude_and_compound_counters():
    r = one(facts("全县财政收入三百一十多亿元。"), value=310.0)
    assert (r["unit"], r["comparator"]) == ("亿元", "gt")
    r = one(facts("全年出栏生猪1.2亿头只。"), value=1.2)
    assert r["unit"] == "亿头只"


def test_slogans_classes_and_rementions_are_not_facts():
    assert facts("守住三条底线，坚持两个毫不动摇，做好六项工作。").empty
    assert facts("谋划一批10亿元以上项目。").empty
    df = facts("开工建设重点项目42个，42个项目中，已竣工30个。")
    assert list(df["value"]) == [42.0, 30.0]


# ------------------------------------------------------------------ pegged targets

def test_a_pegged_target_is_a_fact_of_its_own():
    df = facts("三、2026年重点工作\n今年主要预期目标是：地区生产总值增长5%左右，"
               "城镇居民人均可支配收入增长与经济增长基本同步，农村居民人均可支配收入增长和经济发展同步。")
    r = one(df, subject="城镇居民人均可支配收入")
    assert (r["metric"], r["value"], r["unit"], r["comparator"], r["pegged_to"]) == ("change_pp", 0.0, "个百分点", "approx", "gdp")
    assert (r["status"], r["period"], r["basis"]) == ("target", "2026", "与经济增长基本同步")
    assert r["evidence"] == "城镇居民人均可支配收入增长与经济增长基本同步"
    assert one(df, subject="农村居民人均可支配收入")["comparator"] == "eq"
    assert pd.isna(one(df, value=5.0)["pegged_to"])


def test_verbs_of_reaching_a_level_leave_the_subject():
    df = facts("五年来，地区生产总值迈上6万亿元台阶，服务业增加值跨上3万亿元，居民服务性消费支出占比升至48%。")
    assert one(df, value=6.0)["subject"] == "地区生产总值"
    assert one(df, value=3.0)["subject"] == "服务业增加值"
    r = one(df, value=48.0)
    assert (r["subject"], r["period"]) == ("居民服务性消费支出占比", "2025")
