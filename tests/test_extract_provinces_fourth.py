"""Kinds of mismatch seen on the fourth round of provincial gold (安徽省, 湖北省, 福建省, issue 9) and
on the unseen 陕西 report, each in our own wording: sentences of a 2026 report reviewing 2025, where a
paragraph opening with 五年来 is the span 2021-2025."""

from __future__ import annotations

from extract_helpers import one, rows
from test_extract_provinces import facts  # under 一、2025年工作回顾和“十四五”发展成就, a 2026 report

from pipelines.extract.facts import extract_facts

# ------------------------------------------------------------------ lists


def test_a_contracted_pair_distributes_over_two_figures():
    df = facts("全省银行业机构本外币存贷款余额分别增长9.2%、8.4%。\n")
    assert one(df, value=9.2)["subject"] == "银行业机构本外币存款余额"
    assert one(df, value=8.4)["subject"] == "银行业机构本外币贷款余额"


def test_both_items_pass_one_threshold():
    df = facts("住户存款、贷款余额双双超过5万亿元。\n")
    assert set(rows(df, value=5.0)["subject"]) == {"住户存款余额", "贷款余额"}
    df = facts("全市本外币存、贷款余额双双突破4万亿元。\n")
    assert set(rows(df, value=4.0)["subject"]) == {"本外币存款余额", "本外币贷款余额"}


def test_a_measure_of_the_same_owner_shares_its_head_without_fenbie():
    df = facts("一年来，入境过夜游客人次、总花费增长16.2%、19.8%。\n")
    assert one(df, value=16.2)["subject"] == "入境过夜游客人次"
    assert one(df, value=19.8)["subject"] == "入境过夜游客总花费"


def test_a_retail_head_is_shared_by_the_items_but_not_by_a_measure_of_its_own():
    df = facts("限额以上金银珠宝、体育娱乐用品、书报杂志零售额分别增长11%、7.5%、3.2%。\n")
    assert one(df, value=11.0)["subject"] == "限额以上金银珠宝零售额"
    assert one(df, value=7.5)["subject"] == "体育娱乐用品零售额"
    assert one(df, value=3.2)["subject"] == "书报杂志零售额"
    df = facts("全区市场总消费和社会消费品零售额分别增长6.5%和5.8%。\n")
    assert one(df, value=6.5)["subject"] == "市场总消费"


# ------------------------------------------------------------------ no fact


def test_work_items_counted_in_digits_are_no_fact():
    df = facts("今年要着力抓好8个方面工作：\n")
    assert df.empty
    df = facts("报告部署了12项任务。\n")
    assert df.empty
    df = facts("五年来，完成67项规划任务。\n")  # a qualified noun is still counted
    assert one(df, value=67.0)["subject"] == "规划任务"


# ------------------------------------------------------------------ subjects and periods


def test_a_plan_span_opening_the_words_is_no_part_of_the_subject():
    df = extract_facts("2026年政府工作报告\n二、“十五五”时期主要目标\n确保“十五五”时期城乡居民收入年均增长6%左右。\n",
                       report_id="t", year_reviewed=2025, report_year=2026)
    f = one(df, value=6.0)
    assert (f["subject"], f["period"]) == ("城乡居民收入", "2026-2030")


def test_the_second_figure_of_a_chain_keeps_the_subject_of_its_clause():
    df = facts("财政收入平稳增长，全省一般公共预算收入突破2500亿元、达到2613亿元。\n")
    assert one(df, value=2613.0)["subject"] == "一般公共预算收入"


def test_verbs_around_a_counted_noun_are_cut():
    df = facts("五年来，认定省级专精特新企业3100家，重组入列国家重点实验室9家，420个重大项目投产达效。"
               "粮食总产量继续稳定在650亿斤以上。\n")
    assert one(df, value=3100.0)["subject"] == "省级专精特新企业"
    assert one(df, value=9.0)["subject"] == "国家重点实验室"
    project = one(df, value=420.0)
    assert (project["subject"], project["period"]) == ("重大项目", "2021-2025")
    assert one(df, value=650.0)["subject"] == "粮食总产量"


def test_a_comparison_with_the_last_plan_span_dates_nothing():
    df = facts("五年来，发明专利授权量较“十三五”时期增长87%。\n")
    f = one(df, value=87.0)
    assert (f["period"], f["basis"]) == ("2021-2025", "较“十三五”时期")
    # a line of its own (a bilingual page) opening with the comparison names no time frame either
    df = facts("五年来，地区生产总值年均增长6%。\n技术合同成交额较“十三五”时期增长1.8倍，新增院士4人。\n")
    assert one(df, value=4.0)["period"] == "2021-2025"


def test_levels_after_a_move_stay_at_the_end_of_the_span():
    df = facts("五年来，认定的省级企业技术中心、工程研究中心分别从512家、96家增加到830家、171家。\n")
    assert one(df, value=830.0)["period"] == "2025"
    assert one(df, value=171.0)["period"] == "2025"


def test_a_range_of_averages_after_the_review_reads_as_objectives():
    text = ("2026年政府工作报告\n五年来，地区生产总值年均增长5.6%。\n"
            "（五）推动高质量发展取得新进展。加快构建现代化产业体系，着力扩大有效需求，全省地区生产总值年均增长4.5%—5%。\n")
    df = extract_facts(text, report_id="t", year_reviewed=2025, report_year=2026)
    low = one(df, value=4.5)
    assert (low["status"], low["period"]) == ("target", "2026-2030")


def test_a_list_split_by_dunhao_when_he_joins_words_of_a_name():
    df = facts("一年来，批发零售业、交通运输和仓储邮政业增加值分别增长6.1%、5.3%。\n")
    assert one(df, value=6.1)["subject"] == "批发零售业增加值"
    assert one(df, value=5.3)["subject"] == "交通运输和仓储邮政业增加值"


def test_a_list_after_chengxiang_is_a_list_of_things():
    df = facts("一年来，城乡居民医保财政补助、基础养老金最低标准分别提高30元、20元。\n")
    assert one(df, value=30.0)["subject"] == "城乡居民医保财政补助"
    assert one(df, value=20.0)["subject"] == "基础养老金最低标准"


def test_a_list_of_verbs_before_one_object_is_cut():
    df = facts("一年来，新建、改扩建公办幼儿园58所，制定、修改和废止地方性法规11件，新建和改造提升农村公路2100公里。\n")
    assert one(df, value=58.0)["subject"] == "公办幼儿园"
    assert one(df, value=11.0)["subject"] == "地方性法规"
    assert one(df, value=2100.0)["subject"] == "农村公路"


def test_a_share_named_by_the_last_item_is_every_items():
    df = facts("到2030年，数字经济核心产业、现代物流产业增加值占地区生产总值比重分别达到12%、9%。\n")
    assert one(df, value=12.0)["subject"] == "数字经济核心产业增加值占地区生产总值比重"
    assert one(df, value=9.0)["subject"] == "现代物流产业增加值占地区生产总值比重"


def test_an_item_number_opening_a_task_is_no_part_of_the_subject():
    df = extract_facts("2026年政府工作报告\n三、2026年重点工作\n3.实现城镇新增就业45万人以上。\n",
                       report_id="t", year_reviewed=2025, report_year=2026)
    assert one(df, value=45.0)["subject"] == "城镇新增就业"


def test_trade_with_two_partners_shares_the_total():
    df = facts("一年来，对RCEP成员国、中东欧国家进出口总额分别增长7.7%、15.2%。\n")
    assert one(df, value=7.7)["subject"] == "对RCEP成员国进出口总额"
    assert one(df, value=15.2)["subject"] == "中东欧国家进出口总额"


def test_the_object_of_a_verb_of_legislation_is_the_subject():
    df = facts("一年来，提请省人大常委会审议地方性法规草案12件，制定修改废止省政府规章7件，推动出台配套政策措施26项。\n")
    assert one(df, value=12.0)["subject"] == "地方性法规草案"
    assert one(df, value=7.0)["subject"] == "省政府规章"
    assert one(df, value=26.0)["subject"] == "配套政策措施"


def test_huiji_is_a_verb_not_a_list_connector():
    df = facts("一年来，完成城镇老旧小区改造1200个，惠及居民18万户。\n")
    assert one(df, value=18.0)["subject"] == "惠及居民"  # before: 惠 (及 read as a list connector)


def test_estimates_marked_item_by_item_leave_the_unmarked_items_results():
    df = facts("一年来，数字经济规模预计达到1.2万亿元，位居中部前列；新能源装机占比达到58%；"
               "海洋经济增加值预计超过4000亿元。全县地区生产总值预计增长6%；固定资产投资增长9%。\n")
    assert one(df, value=1.2)["status"] == "estimate"
    assert one(df, value=58.0)["status"] == "actual"
    assert one(df, value=4000.0)["status"] == "estimate"
    assert one(df, value=9.0)["status"] == "estimate"  # one 预计 over a list still covers it


def test_about_before_the_reference_of_a_share_is_approx():
    df = facts("五年来，单位工业增加值用水量、能耗分别约为全国平均水平的65%、80%。\n")
    assert one(df, value=65.0)["comparator"] == "approx"
    assert one(df, value=80.0)["comparator"] == "approx"


def test_a_lead_verb_of_a_later_list_item_is_cut():
    df = facts("一年来，接待游客、实现旅游收入分别增长9.4%、12.6%。\n")
    assert one(df, value=12.6)["subject"] == "旅游收入"
