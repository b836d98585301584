"""Kinds found reading the extractor's output on the raw 江西省 2026 report (no gold for it; issue 9,
fifth round), each in our own wording: sentences of a 2026 report reviewing 2025, under the heading
一、2025年工作回顾和“十四五”发展成就, where a paragraph opening with 五年来 is the span 2021-2025."""

from __future__ import annotations

import pandas as pd
from extract_helpers import one, rows
from test_extract_provinces import facts

from pipelines.extract.facts import extract_facts

# ------------------------------------------------------------------ a gap to another area


def test_a_gap_to_another_area_is_a_change_of_the_subject_before():
    for text, value, basis in (
        ("全市规上工业增加值增长8.3%，高出全国平均水平2.4个百分点。\n", 2.4, "高出全国平均水平"),
        ("农民人均可支配收入增长6.6%，超出全省平均水平0.9个百分点。\n", 0.9, "超出全省平均水平"),
        ("全县社会消费品零售总额增长7%，领先全市1.8个百分点。\n", 1.8, "领先全市"),
        ("县域地区生产总值增长6.1%，高于全区0.7个百分点。\n", 0.7, "高于全区"),
    ):
        f = one(facts(text), value=value)
        assert (f["metric"], f["basis"]) == ("change_pp", basis), text
        assert f["subject"] in text.split("增长")[0], text  # the subject of the growth before, never the gap


def test_a_gap_below_another_area_is_negative():
    f = one(facts("城镇调查失业率为4.8%，低于全省0.4个百分点。\n"), value=-0.4)
    assert (f["subject"], f["metric"], f["basis"]) == ("城镇调查失业率", "change_pp", "低于全省")


# ------------------------------------------------------------------ a measure word shared by a list


def test_a_measure_word_after_the_last_item_is_every_items():
    df = facts("光伏组件、风电装备、动力电池出口分别增长38.2%、21.5%、12.9%。\n")
    assert [one(df, value=v)["subject"] for v in (38.2, 21.5, 12.9)] == [
        "光伏组件出口", "风电装备出口", "动力电池出口"]
    df = facts("新能源汽车、智能手机销量分别增长41%、9%。\n")
    assert (one(df, value=41.0)["subject"], one(df, value=9.0)["subject"]) == ("新能源汽车销量", "智能手机销量")
    df = facts("规上软件企业、互联网企业营收分别增长14.2%、10.8%。\n")
    assert one(df, value=14.2)["subject"] == "规上软件企业营收"


def test_a_longer_head_wins_over_the_head_inside_it():
    df = facts("对东盟、对非洲进出口分别增长12.3%、26.1%。\n")
    assert one(df, value=12.3)["subject"] == "对东盟进出口"  # not 对东盟出口
    assert one(df, value=26.1)["subject"] == "对非洲进出口"


# ------------------------------------------------------------------ a clause-wide basis stops at a subject with its own verb


def test_a_total_with_its_own_verb_takes_no_cumulative_basis():
    df = facts("五年来，累计新增市场主体82万户、总数达到310万户，新增高新技术企业900家、总量达2600家。\n")
    added, total = one(df, value=82.0), one(df, value=310.0)
    assert (added["basis"], added["period"]) == ("累计", "2021-2025")
    assert (total["subject"], total["basis"], total["period"]) == ("市场主体", None, "2025")
    f = one(df, value=2600.0)
    assert (f["subject"], f["period"]) == ("高新技术企业", "2025")


def test_a_cumulative_word_opening_a_list_still_covers_every_item():
    df = facts("五年来，累计建成5G基站8.2万个、千兆光网端口120万个。\n")
    assert list(rows(df, unit="万个")["basis"]) == ["累计", "累计"]


def test_an_average_inside_the_figure_before_stays_there():
    df = facts("五年来，外调电量年均增长8%、清洁能源占比超过40%。\n")
    assert one(df, value=8.0)["basis"] == "年均"
    f = one(df, value=40.0)
    assert (f["subject"], f["basis"], f["period"]) == ("清洁能源占比", None, "2025")


def test_a_total_after_named_new_items_counts_the_whole_kind():
    df = facts("五年来，新增南丰、婺源等国家级旅游度假区6个，总数达到15个。\n")
    assert one(df, value=15.0)["subject"] == "国家级旅游度假区"


# ------------------------------------------------------------------ a comparator after the last figure of a list


def test_a_trailing_comparator_covers_every_figure_of_the_list():
    df = facts("今年主要预期目标是：城乡居民人均可支配收入分别增长5%、6%左右。\n")
    assert [one(df, value=v)["comparator"] for v in (5.0, 6.0)] == ["approx", "approx"]
    df = facts("今年主要预期目标是：进口、出口分别增长3%、4%以上。\n")
    assert [one(df, value=v)["comparator"] for v in (3.0, 4.0)] == ["ge", "ge"]
    df = facts("今年主要预期目标是：粮食、油料产量分别稳定在90亿斤和6亿斤左右。\n")
    assert one(df, value=90.0)["comparator"] == "approx"


def test_a_comparator_of_its_own_is_kept():
    df = facts("今年主要预期目标是：城镇、农村居民人均可支配收入分别增长5%以上、6%左右。\n")
    assert (one(df, value=5.0)["comparator"], one(df, value=6.0)["comparator"]) == ("ge", "approx")


# ------------------------------------------------------------------ projections


def test_what_a_project_will_give_once_built_is_a_target_without_a_year():
    df = facts("一年来，开工建设新型显示面板项目，全部投产后年产值将突破500亿元。\n")
    f = one(df, value=500.0)
    assert (f["subject"], f["status"], f["comparator"]) == ("年产值", "target", "gt")
    assert pd.isna(f["period"])
    df = facts("五年来，引进整车项目3个，达产后年产能可达60万辆，今年产量已达18万辆。\n")
    assert (one(df, value=3.0)["status"], one(df, value=3.0)["period"]) == ("actual", "2021-2025")
    assert one(df, value=60.0)["status"] == "target"
    assert one(df, value=18.0)["status"] == "actual"  # its own clause, no modal: a result


def test_a_projection_word_without_a_modal_is_no_projection():
    df = facts("一年来，12所学校建成后投入使用。\n")
    assert one(df, value=12.0)["status"] == "actual"



def test_ke_inside_a_word_is_no_modal_of_a_projection():
    """可 of 可支配, 可再生, 可比价 after a projection word of the same sentence makes no projection:
    the figure stays a result of the year (review1)."""
    df = facts("一年来，6个光伏项目建成后并网发电，可再生能源发电量增长14%，"
               "农村居民人均可支配收入增长6.3%，按可比价计算增长5.1%。\n")
    for value in (14.0, 6.3, 5.1):
        f = one(df, value=value)
        assert (f["status"], f["period"]) == ("actual", "2025"), value
    df = facts("一年来，6个光伏项目开工，建成后年发电量可达9亿千瓦时。\n")
    f = one(df, value=9.0)
    assert f["status"] == "target" and pd.isna(f["period"])

def test_a_projection_in_the_plan_part_has_no_year_either():
    text = ("2026年政府工作报告\n二、2026年重点工作\n"
            "推进抽水蓄能电站建设，建成后年发电量将达到30亿千瓦时。\n")
    df = extract_facts(text, report_id="t", year_reviewed=2025, report_year=2026)
    f = one(df, value=30.0)
    assert (f["subject"], f["status"]) == ("年发电量", "target") and pd.isna(f["period"])


# ------------------------------------------------------------------ a level kept through a span


def test_a_level_kept_through_the_span_is_dated_with_the_span():
    df = facts("五年来，每年粮食产量保持500亿斤以上，水土保持率提高到72%。\n")
    assert one(df, value=500.0)["period"] == "2021-2025"
    assert one(df, value=72.0)["period"] == "2025"  # 水土保持率: a name, not a level kept


def test_a_position_kept_is_the_rank_at_the_end_of_the_span():
    df = facts("五年来，电解铝产量突破600万吨、保持全国第一。\n")
    assert one(df, metric="rank")["period"] == "2025"
