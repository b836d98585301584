"""Kinds of mismatch seen on the fifth round of provincial gold (山东省, 湖南省, 重庆市, issue 9), each in
our own wording: sentences of a 2026 report reviewing 2025, where a paragraph opening with 五年来 is
the span 2021-2025. The gold sentences themselves are in tests/gold/provinces/."""

from __future__ import annotations

import pandas as pd
from extract_helpers import one, rows
from test_extract_provinces import facts  # under 一、2025年工作回顾和“十四五”发展成就, a 2026 report
from test_style_kinds import _doc_facts

# ------------------------------------------------------------------ status


def test_an_estimate_late_in_a_segment_does_not_reach_the_next_segments():
    df = facts("五年来，新建省级实验室8个，专利授权量实现翻番，全社会研发投入预计年均增长9.8%；"
               "技术合同成交额增长3.2倍；引育高层次人才超过2万人。\n")
    assert one(df, value=9.8)["status"] == "estimate"
    assert one(df, value=320.0)["status"] == "actual"
    assert one(df, value=2.0)["status"] == "actual"


def test_an_estimate_opening_a_list_still_covers_it():
    df = facts("全年地区生产总值预计完成4200亿元；固定资产投资增长6.1%；社会消费品零售总额增长4.4%。\n")
    assert set(df["status"]) == {"estimate"}


# ------------------------------------------------------------------ subjects


def test_a_gap_to_another_measure_is_the_basis_not_the_subject():
    df = facts("农民人均可支配收入增长6.4%、快于经济增速1.1个百分点；工业投资增长9%，高于地区生产总值增速3.5个百分点。\n")
    gap = one(df, value=1.1)
    assert (gap["subject"], gap["metric"], gap["basis"]) == ("农民人均可支配收入", "change_pp", "快于经济增速")
    assert one(df, value=3.5)["basis"] == "高于地区生产总值增速"
    df = facts("农村居民收入增长6.8%，快于城镇居民1.9个百分点。\n")
    assert (one(df, value=1.9)["subject"], one(df, value=1.9)["basis"]) == ("农村居民收入", "快于城镇居民")


def test_a_bare_total_after_a_topic_sentence_is_the_total_of_the_topic():
    df = facts("市场主体不断壮大。总量突破650万户，其中企业180万户。\n")
    assert one(df, value=650.0)["subject"] == "市场主体"
    assert one(df, value=180.0)["subject"] == "企业"
    df = facts("经营主体持续壮大，总数达到310万户。\n")
    assert one(df, value=310.0)["subject"] == "经营主体"


def test_a_count_after_examples_closed_by_deng_names_the_head_noun():
    df = facts("一年来，举办音乐节、美食节等促消费活动3200多场，建成城市书房、文化驿站等阅读空间460个。\n")
    assert one(df, value=3200.0)["subject"] == "促消费活动"
    assert one(df, value=460.0)["subject"] == "阅读空间"
    # no head noun after 等: the examples are what is counted
    df = facts("五年来，改造老旧小区、城中村等12万多户。\n")
    assert one(df, value=12.0)["subject"] == "改造老旧小区、城中村"


def test_the_doer_before_a_verb_of_delivering_is_not_the_subject():
    df = facts("五年来，省技师学院累计输送技能人才超过8000人。\n")
    fact = one(df, value=8000.0)
    assert (fact["subject"], fact["basis"], fact["period"]) == ("技能人才", "累计", "2021-2025")


def test_verbs_of_forming_are_no_part_of_the_counted_noun_and_count_over_the_span():
    df = facts("五年来，重组形成全国重点实验室7个，6个科创走廊成型起势。\n")
    assert (one(df, value=7.0)["subject"], one(df, value=7.0)["period"]) == ("全国重点实验室", "2021-2025")
    assert (one(df, value=6.0)["subject"], one(df, value=6.0)["period"]) == ("科创走廊", "2021-2025")


# ------------------------------------------------------------------ missed facts


def test_a_class_label_opens_the_counted_noun():
    df = facts("五年来，解决一批关键技术难题，3个1类新药获批上市，4个Ⅱ类医疗器械进入优先审批。\n")
    assert one(df, value=3.0)["subject"] == "1类新药"
    assert one(df, value=4.0)["subject"] == "Ⅱ类医疗器械"
    # approval to market is the predicate, not the name of what is counted
    df = facts("五年来，9个创新药获批上市。\n")
    assert one(df, value=9.0)["subject"] == "创新药"


def test_a_ratio_written_against_one():
    df = facts("五年来，城乡居民收入比由2.45∶1缩小至2.28∶1。\n")
    assert rows(df, subject="城乡居民收入比")["value"].tolist() == [2.45, 2.28]
    df = facts("今年主要预期目标是：城乡居民收入比缩小至2.2∶1左右。\n")
    fact = one(df, value=2.2)
    assert pd.isna(fact["unit"]) and (fact["comparator"], fact["status"]) == ("approx", "target")
    assert not len(rows(df, value=1.0))


def test_people_counted_in_wan_without_a_counter():
    df = facts("全年吸引12.6万高校毕业生留在本省，带动8万脱贫人口务工就业，100多万群众喝上了放心水。\n")
    assert (one(df, value=12.6)["subject"], one(df, value=12.6)["unit"]) == ("高校毕业生", "万")
    assert one(df, value=8.0)["subject"] == "脱贫人口"
    assert one(df, value=100.0)["comparator"] == "gt"
    # over a span, the people a work reached are a flow
    df = facts("五年来，60多万群众搬出了地质灾害区。\n")
    assert one(df, value=60.0)["period"] == "2021-2025"
    # 万 before any other word is still no count
    df = facts("全市常住人口增加5万，达到1020万。\n")
    assert not len(rows(df, unit="万"))


# ------------------------------------------------------------------ layout and frames


def test_a_short_first_sentence_of_a_wrapped_copy_opens_the_review():
    """Its indent taken off, the first line of a hard-wrapped copy is shorter than the width and ends a
    sentence; it still belongs to the opening paragraph (its 2025 frame), and the numbered topic heading
    after it (着力推动…: words of intent) does not turn the year's results into targets."""
    text = "\n".join([
        "2026年某市政府工作报告",
        "——2026年1月25日在某市第六届人民代表大会第四次会议上",
        "刚刚过去的2025年,是全面深化改革的关键之年。",
        "我们坚持稳中求进,全市地区生产总值达到9870亿元、增长5.2%,一年来",
        ",主要抓了六个方面工作。",
        "(一)着力推动稳增长政策落地。全力稳就业,全年城镇新增就业28万人,",
        "基础设施投资、工业投资分别增长4.1%、7.3%。",
    ])
    df = _doc_facts(text)
    assert set(df["status"]) == {"actual"} and set(df["period"]) == {"2025"}


def test_a_comparison_of_average_speeds_without_a_figure_is_no_objective():
    """A sentence on its own line (a bilingual page) with one figure: 年均 that averages no figure
    (年均增速高于全国) does not make it a plan objective."""
    text = "\n".join([
        "2026年某省政府工作报告",
        "——2026年1月26日在某省第十四届人民代表大会第四次会议上",
        "一、2025年和“十四五”时期工作回顾",
        "五年来，全省地区生产总值年均增长5.8%。",
        "GDP grew by 5.8% a year.",
        "工业、消费、投资等年均增速高于全国,粮食总产稳定在700亿斤以上。",
        "民营经济增加值增长28.5%。",
    ])
    df = _doc_facts(text)
    assert (one(df, value=700.0)["period"], one(df, value=700.0)["status"]) == ("2021-2025", "actual")
    assert one(df, value=28.5)["status"] == "actual"


def test_a_bare_total_on_the_line_after_its_topic_sentence():
    df = facts("经营主体持续壮大。\n总量接近500万户。\n")
    assert one(df, value=500.0)["subject"] == "经营主体"


def test_an_increase_over_the_span_is_a_change_of_the_subject_before():
    df = facts("五年来，地区生产总值迈上6万亿元台阶、五年增量超1.5万亿元。\n")
    fact = one(df, value=1.5)
    assert (fact["subject"], fact["metric"], fact["period"]) == ("地区生产总值", "change", "2021-2025")
    # a share of the increase stays a share
    df = facts("五年来，粮食产量增加60亿斤，增量占全国10.2%。\n")
    assert one(df, value=10.2)["metric"] == "value"


def test_an_increase_over_any_number_of_years_reads_as_over_five():
    """增量 with the span's length before it (grammar.INCREMENT, one pattern for periods and clauses,
    review1): 三年增量 is a change of the subject before over the span, 增量占全省 a share of it."""
    df = facts("三年来，全市地区生产总值迈上1万亿元台阶、三年增量超2000亿元，粮食产量增加8亿斤、增量占全省12%。\n")
    fact = one(df, value=2000.0)
    assert (fact["subject"], fact["metric"], fact["period"]) == ("地区生产总值", "change", "2023-2025")
    assert (one(df, value=12.0)["metric"], one(df, value=12.0)["period"]) == ("value", "2023-2025")
