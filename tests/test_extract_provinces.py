"""Subjects and recall on provincial reports (issue 9, second round): each kind of mismatch seen
on the provincial gold, in our own wording. Reports here are for 2026, reviewing 2025; a
paragraph opening with 五年来 is the span 2021-2025."""

from __future__ import annotations

from extract_helpers import one, rows

from pipelines.extract.facts import extract_facts

HEAD = "一、2025年工作回顾和“十四五”发展成就\n"


def facts(text: str):
    return extract_facts(HEAD + text, report_id="t-2026", year_reviewed=2025, report_year=2026)


# ------------------------------------------------------------------ words of the predicate

def test_a_move_verb_before_the_second_figure_is_not_its_subject():
    df = facts("五年来，市属国有企业由42户整合至15户，省级开发区从31个优化到24个。\n")
    assert one(df, value=42.0)["subject"] == "市属国有企业"
    assert one(df, value=15.0)["subject"] == "市属国有企业"
    assert one(df, value=15.0)["period"] == "2025"


def test_an_adverb_before_a_ranking_verb_stays_out_of_the_subject():
    df = facts("外贸规模稳居全国第9位。税收收入增长7%，跃居全国第5位。\n")
    assert one(df, metric="rank", value=9.0)["subject"] == "外贸规模"
    assert one(df, metric="rank", value=5.0)["subject"] == "税收收入"


def test_a_trend_adverb_before_the_change_verb():
    df = facts("五年来，耕地有机质含量止跌提升4.2%。\n")
    assert one(df, value=4.2)["subject"] == "耕地有机质含量"


def test_a_rank_between_subject_and_figure_and_a_bare_duration():
    df = facts("五年来，铁路营业里程全国第六、突破8000公里。税收收入达到900亿元，4年增长31%。\n")
    assert one(df, value=8000.0)["subject"] == "铁路营业里程"
    assert one(df, metric="rank")["subject"] == "铁路营业里程"
    assert one(df, value=31.0)["subject"] == "税收收入"


# ------------------------------------------------------------------ counted nouns

def test_a_counted_noun_ends_where_its_predicate_begins():
    df = facts("五年来，46家研究机构聚力赋能，90余家总部企业布局拓展，"
               "2.6万套安置住房如期交付，我省成为首批8个试点省份之一，15条入河排污口稳定达标。\n")
    assert one(df, value=46.0)["subject"] == "研究机构"
    assert one(df, value=90.0)["subject"] == "总部企业"
    assert one(df, value=2.6)["subject"] == "安置住房"
    assert one(df, value=8.0)["subject"] == "试点省份"
    assert one(df, value=15.0)["subject"] == "入河排污口"


def test_a_counted_noun_may_begin_with_a_scope_word_that_names_a_class():
    df = facts("创新平台加快集聚，17家全国重点实验室、9家全省技术创新中心投入运行，综合实力位列全国第8。\n")
    assert one(df, value=17.0)["subject"] == "全国重点实验室"
    assert one(df, value=9.0)["subject"] == "全省技术创新中心"
    assert len(rows(df, subject="创新平台加快集聚")) == 0


def test_a_verb_before_the_object_a_count_counts():
    df = facts("五年来，建设社区嵌入式服务设施320个，消除城市黑臭水体18处，城乡建设用地减量6平方公里。\n")
    assert one(df, value=320.0)["subject"] == "社区嵌入式服务设施"
    assert one(df, value=18.0)["subject"] == "城市黑臭水体"
    assert one(df, value=-6.0)["subject"] == "城乡建设用地"


# ------------------------------------------------------------------ milestones

def test_a_milestone_count_names_no_subject_for_the_figures_after_it():
    df = facts("五年来，全市生产总值跨越2个千亿元台阶，达到4300亿元、增长28%。"
               "工业增加值跨过两个千亿元大关、超过2100亿元，年均增长6.3%。\n")
    r = one(df, value=4300.0)
    assert (r["subject"], r["period"]) == ("全市生产总值", "2025")  # a bare head keeps its scope word
    assert one(df, value=28.0)["subject"] == "全市生产总值"
    assert one(df, value=2100.0)["subject"] == "工业增加值"
    assert one(df, value=6.3)["subject"] == "工业增加值"
    assert set(rows(df, value=2.0, unit="个")["subject"]) == {"千亿元台阶", "千亿元大关"}


def test_milestones_in_a_list_share_the_comparator_and_the_subject():
    df = facts("五年来，全省经济总量连续跨越3万亿、4万亿两个台阶，年均增长5.4%。\n")
    for v in (3.0, 4.0):
        r = one(df, value=v, unit="万亿")
        assert (r["subject"], r["comparator"]) == ("全省经济总量", "gt")
    assert one(df, value=5.4)["subject"] == "全省经济总量"
    assert one(df, value=2.0)["comparator"] == "eq"


def test_a_figure_that_is_the_milestone_keeps_the_subject_before_it():
    df = facts("全市地区生产总值跨越3000亿元大关。\n")
    assert one(df, value=3000.0)["subject"] == "地区生产总值"


# ------------------------------------------------------------------ other areas

def test_a_gap_to_another_area_after_a_verb():
    df = facts("五年来，主要农作物机械化率达到88%，高于全国平均水平13.5个百分点；"
               "城镇调查失业率4.9%，低于全国0.4个百分点；地表水优良比例优于国家考核目标7.2个百分点。\n")
    r = one(df, value=13.5)
    assert (r["metric"], r["basis"], r["period"], r["subject"]) == ("change_pp", "高于全国平均水平", "2025", "主要农作物机械化率")
    r = one(df, value=-0.4)
    assert (r["basis"], r["subject"]) == ("低于全国", "城镇调查失业率")
    r = one(df, value=7.2)
    assert (r["basis"], r["subject"]) == ("优于国家考核目标", "地表水优良比例")


def test_a_share_of_another_area_is_named_by_its_own_words():
    df = facts("外贸出口突破5000亿元，占全国份额从3.1%提升到3.6%。民生支出2600亿元，占一般公共预算支出的比重达到78%。\n")
    assert set(rows(df, unit="%")["subject"]) == {"占全国份额", "民生支出占一般公共预算支出的比重"}


def test_a_change_against_a_base_year_is_dated_at_the_end_of_the_span():
    df = facts("五年来，细颗粒物平均浓度较2020年下降21%，空气优良天数比2020年增加19天。\n")
    assert one(df, value=-21.0)["period"] == "2025"
    assert one(df, value=19.0)["period"] == "2025"


# ------------------------------------------------------------------ recall

def test_ratios_and_scores_written_without_a_unit():
    df = facts("五年来，城乡居民收入倍差从2.38缩小至2.15，群众安全感满意度从93.2提升至97.1。\n")
    assert one(df, value=2.38)["period"] == "2020"
    assert one(df, value=2.15)["subject"] == "城乡居民收入倍差"
    assert one(df, value=97.1)["subject"] == "群众安全感满意度"
    assert len(df) == 4


def test_shared_figures_after_more_verbs_and_an_enumeration_closed_by_etc():
    df = facts("五年来，综合保税区、跨境电商综试区均增至6个；农村集中供水率、规模化供水率均达92%；"
               "软件业务收入、算力规模等主要指标均增长2倍以上。\n")
    assert set(rows(df, value=6.0)["subject"]) == {"综合保税区", "跨境电商综试区"}
    assert set(rows(df, value=92.0)["subject"]) == {"农村集中供水率", "规模化供水率"}
    assert set(rows(df, value=200.0)["subject"]) == {"软件业务收入", "算力规模"}


def test_ranks_listed_after_fenbie_rank_each_figure_before():
    df = facts("农业、工业、服务业增加值分别增长4%、6.1%、5%，分别居全国第六、第三、第十一。\n")
    got = {(r.subject, r.value) for r in rows(df, metric="rank").itertuples()}
    assert got == {("农业增加值", 6.0), ("工业增加值", 3.0), ("服务业增加值", 11.0)}


def test_a_figure_that_grades_a_name_is_no_fact():
    df = facts("建成200万吨级碳捕集示范工程、50兆瓦级压缩空气储能电站，新建10万吨级泊位3个。\n")
    assert list(df["value"]) == [3.0]


def test_a_part_of_the_year_is_the_basis():
    df = facts("年末城镇调查失业率从一季度5.4%降到5.1%。年底金融机构贷款余额3.4万亿元。\n")
    r = one(df, value=5.1)
    assert (r["subject"], r["basis"]) == ("城镇调查失业率", "年末")
    assert one(df, value=3.4)["basis"] == "年底"


def test_units_seen_on_provincial_pages():
    df = facts("五年来，全员劳动生产率达到21万元/人，冬季供暖室温由18℃提高到20℃，累计完成深松整地2.3亿亩次，"
               "新增新型储能4.6吉瓦时，页岩气探明储量1200多亿方。\n")
    assert one(df, value=21.0)["unit"] == "万元/人"
    assert one(df, value=20.0)["unit"] == "℃"
    assert one(df, value=2.3)["unit"] == "亿亩次"
    assert one(df, value=4.6)["unit"] == "吉瓦时"
    assert one(df, value=1200.0)["unit"] == "亿方"


def test_items_of_a_list_each_over_one_threshold():
    df = facts("五年来，钢铁、食品加工产业超3000亿元，石化、电力、机械产业超2000亿元。\n")
    assert set(rows(df, value=3000.0)["subject"]) == {"钢铁产业", "食品加工产业"}
    assert set(rows(df, value=2000.0)["subject"]) == {"石化产业", "电力产业", "机械产业"}
    assert set(rows(df, value=2000.0)["comparator"]) == {"gt"}


def test_an_event_held_for_a_run_of_years():
    df = facts("我们连续4年开展项目建设攻坚行动，连续3年召开全省科技创新大会。\n")
    r = one(df, value=4.0)
    assert (r["subject"], r["unit"], r["period"]) == ("项目建设攻坚行动", "年", "2022-2025")
    assert one(df, value=3.0)["subject"] == "全省科技创新大会"


def test_a_counted_noun_that_begins_with_a_stop_word_of_the_grammar():
    df = facts("260项政务服务事项实现“跨省通办”，95项居民服务事项实现“一卡通用”，从7个维度设置了25项指标。\n")
    assert one(df, value=95.0)["subject"] == "居民服务事项"
    assert one(df, value=7.0)["subject"] == "维度"


def test_a_growth_over_a_few_years_and_a_bare_share_of_the_country():
    df = facts("五年来，税收收入达到800亿元，4年增长36%。跨境班列累计开行超1.8万列、占全国12.5%。\n")
    r = one(df, value=36.0)
    assert (r["subject"], r["period"]) == ("税收收入", "2022-2025")
    assert one(df, value=12.5)["subject"] == "跨境班列"


def test_a_quoted_name_before_the_predicate_leaves_the_counted_noun():
    df = facts("支持5所高校“强基计划”创建提速。\n")
    assert one(df, value=5.0)["subject"] == "高校"


def test_a_gap_in_an_average_growth_stays_over_the_span():
    df = facts("五年来，全省生产总值年均增长6.2%、高于全国0.8个百分点。\n")
    r = one(df, value=0.8)
    assert (r["basis"], r["period"]) == ("高于全国", "2021-2025")


def test_milestones_passed_on_the_way_are_dated_with_the_span():
    df = facts("五年来，全省经济总量连续跨越3万亿、4万亿两个台阶。\n")
    assert one(df, value=3.0, unit="万亿")["period"] == "2021-2025"
    assert one(df, value=4.0, unit="万亿")["period"] == "2025"  # the level reached
    assert one(df, value=2.0, unit="个")["period"] == "2021-2025"
