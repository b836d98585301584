"""Kinds of mismatch seen on the third round of provincial gold (上海市, 黑龙江省, 新疆维吾尔自治区,
issue 9), each in our own wording: sentences of a 2026 report reviewing 2025, where a paragraph
opening with 五年来 is the span 2021-2025."""

from __future__ import annotations

from extract_helpers import one, rows
from test_extract_provinces import facts  # under 一、2025年工作回顾和“十四五”发展成就, a 2026 report

from pipelines.extract.facts import extract_facts

# ------------------------------------------------------------------ subjects

def test_a_figure_restated_in_another_currency_keeps_its_subject():
    df = facts("对外直接投资达到42.5亿美元、折合305亿元人民币。服务贸易额为18亿美元，折合人民币129亿元。\n")
    assert one(df, value=305.0)["subject"] == "对外直接投资"
    assert one(df, value=129.0)["subject"] == "服务贸易额"


def test_the_first_place_of_its_kind_leaves_the_measure_as_subject():
    df = facts("本市成为中部首个年旅客吞吐量超过3000万人次的城市，港口成为全国首家集装箱吞吐量突破1000万标箱的内河港。\n")
    assert one(df, value=3000.0)["subject"] == "年旅客吞吐量"
    assert one(df, value=1000.0)["subject"] == "集装箱吞吐量"


def test_an_average_before_a_verb_of_making_is_the_basis():
    df = facts("五年来，年均新建城市道路85公里，PM2.5年均浓度降到28微克/立方米。\n")
    road = one(df, value=85.0)
    assert (road["subject"], road["basis"], road["period"]) == ("新建城市道路", "年均", "2021-2025")
    pm = one(df, value=28.0)
    assert pm["subject"] == "PM2.5年均浓度" and pm["basis"] != "年均"


def test_a_count_opening_its_breakdown_with_zhongyou():
    df = facts("第三方评估的64项指标中有41项位居全国前列。\n")
    assert one(df, value=64.0)["subject"] == "指标"
    assert one(df, value=41.0)["subject"] == "指标"


def test_a_comparison_with_the_end_of_the_last_plan_is_the_basis():
    df = facts("五年来，经营主体较“十三五”期末增长41.3%，上市公司较“十三五”末增加23家。\n")
    firms = one(df, value=41.3)
    assert (firms["subject"], firms["basis"], firms["period"]) == ("经营主体", "较“十三五”期末", "2021-2025")
    assert one(df, value=23.0)["subject"] == "上市公司"


def test_a_percent_in_digits_is_the_share_of_the_noun_it_leads_to():
    df = facts("千兆光网通达所有乡镇和95%以上行政村。全市76.5%的绿地实现全天开放。\n")
    assert one(df, value=95.0)["subject"] == "行政村"
    assert one(df, value=95.0)["comparator"] == "ge"
    assert one(df, value=76.5)["subject"] == "绿地"
    # a growth before 的 is a size class of what follows, not a share
    df = facts("营收增长20%以上的企业达到320家。\n")
    assert rows(df, value=20.0, metric="value").empty


def test_a_share_after_a_figure_that_names_it_stays_an_ellipsis():
    df = facts("五年来，累计受理劳动争议12万件，85%以上的劳动争议在基层化解。\n")
    share = one(df, value=85.0)
    assert share["subject"] == "劳动争议"


# ------------------------------------------------------------------ numbers and metrics

def test_a_change_in_years_of_age_closed_by_a_bound():
    df = facts("五年来，人均预期寿命提高1岁以上。为65岁以上老年人免费体检120万人次。\n")
    life = one(df, subject="人均预期寿命")
    assert (life["metric"], life["value"], life["unit"], life["comparator"]) == ("change", 1.0, "岁", "ge")
    assert rows(df, value=65.0).empty


def test_more_or_less_harvest_is_a_change():
    df = facts("五年来，油料增产52.3万吨。今年受灾，蔬菜减产4%。\n")
    oil = one(df, value=52.3)
    assert (oil["subject"], oil["metric"], oil["period"]) == ("油料", "change", "2021-2025")
    veg = one(df, subject="蔬菜")
    assert (veg["metric"], veg["value"]) == ("growth_pct", -4.0)


def test_a_tenths_share_of_the_country():
    df = facts("茶叶产量占全国七成以上。\n")
    tea = one(df, value=70.0)
    assert (tea["unit"], tea["comparator"]) == ("%", "ge")


# ------------------------------------------------------------------ periods

def test_a_run_of_years_dates_only_the_figure_it_leads_to():
    df = facts("五年来，钢材产量连续3年占全国两成以上、产品合格率达99.2%。\n")
    assert one(df, value=20.0)["period"] == "2023-2025"
    assert one(df, value=99.2)["period"] == "2025"


def test_a_share_of_the_increase_over_the_span_is_a_flow():
    df = facts("五年来，粮食产量增加95亿斤，增量占全国9.6%，粮食播种面积占全国比重为4.1%。\n")
    assert one(df, value=9.6)["period"] == "2021-2025"
    assert one(df, value=4.1)["period"] == "2025"


def test_last_year_later_in_a_task_paragraph_does_not_turn_the_tasks_into_results():
    text = ("2026年某市政府工作报告\n三、2026年重点工作\n"
            "（二）抓好项目建设。开工重大项目320个，完成投资1800亿元。去年全市完成投资1650亿元，今年力争增长9%。\n")
    df = extract_facts(text, report_id="t-2026", year_reviewed=2025, report_year=2026)
    for value in (320.0, 1800.0):
        task = one(df, value=value)
        assert (task["status"], task["period"]) == ("target", "2026")
    done = one(df, value=1650.0)
    assert (done["subject"], done["status"], done["period"]) == ("投资", "actual", "2025")
    assert one(df, value=9.0)["status"] == "target"


def test_since_a_written_year_is_a_span_to_the_year_reviewed():
    text = ("2026年某市政府工作报告\n一、2025年工作回顾\n"
            "一年来，地区生产总值增长5.3%，实际使用外资12亿美元，2021年以来累计引进外资58亿美元。\n"
            "2022年以来，累计改造老旧小区2100个，城市绿化覆盖率提高到43%。\n")
    df = extract_facts(text, report_id="t-2026", year_reviewed=2025, report_year=2026)
    assert one(df, value=5.3)["period"] == "2025"
    assert one(df, value=2100.0)["period"] == "2022-2025"
    assert one(df, value=43.0)["period"] == "2025"
    assert one(df, value=12.0)["period"] == "2025"
    since = one(df, value=58.0)
    assert since["period"] == "2021-2025" and "以来" not in since["subject"]


def test_a_comparison_with_the_whole_last_plan_and_the_increase_over_five_years():
    df = facts("五年来，税收收入累计超过9000亿元、较“十三五”增长21.4%。经济总量迈上2万亿元台阶、五年增量超6000亿元。\n")
    tax = one(df, value=21.4)
    assert (tax["subject"], tax["basis"], tax["period"]) == ("税收收入", "较“十三五”", "2021-2025")
    assert one(df, value=6000.0)["period"] == "2021-2025"


def test_a_connector_inside_a_word_does_not_split_a_list():
    df = facts("城市燃气普及率和污水处理率分别达到98.6%和96.1%，案件办结及时率、群众参与度均超过90%。\n")
    assert one(df, value=98.6)["subject"] == "城市燃气普及率"
    assert one(df, value=96.1)["subject"] == "污水处理率"
    assert set(rows(df, value=90.0)["subject"]) == {"案件办结及时率", "群众参与度"}


def test_computing_power_in_pf_and_a_continuing_level():
    df = facts("五年来，智能算力达到3600PF，数字经济核心产业增加值占比持续保持在10%以上。\n")
    power = one(df, value=3600.0)
    assert (power["subject"], power["unit"], power["period"]) == ("智能算力", "PF", "2025")
    held = one(df, value=10.0)
    assert (held["subject"], held["period"]) == ("数字经济核心产业增加值占比", "2021-2025")


def test_a_rank_that_moves_with_its_scope_after_you():
    df = facts("五年来，数字经济规模由全国第15位跃升至第10位，营商环境从全省第7位上升到第2位。\n")
    ranks = rows(df, metric="rank")
    got = sorted(zip(ranks["subject"], ranks["value"], ranks["period"], strict=True))
    assert got == [("数字经济规模", 10.0, "2025"), ("数字经济规模", 15.0, "2020"),
                   ("营商环境", 2.0, "2025"), ("营商环境", 7.0, "2020")]


def test_urban_and_rural_figures_without_fenbie_and_water_released_over_the_span():
    df = facts("五年来，城乡居民人均可支配收入年均增长6.1%、7.9%，向白洋淀生态补水18亿立方米。\n")
    assert one(df, value=6.1)["subject"] == "城镇居民人均可支配收入"
    assert one(df, value=7.9)["subject"] == "农村居民人均可支配收入"
    assert one(df, value=18.0)["period"] == "2021-2025"
    # one figure for both stays joint
    df = facts("城乡居民人均可支配收入增长6%。\n")
    assert one(df, value=6.0)["subject"] == "城乡居民人均可支配收入"


def test_shares_in_a_row_and_percents_that_are_not_shares():
    df = facts("85%的危化企业降至低风险等级，92%的矿山达到安全标准化二级以上。\n")
    assert one(df, value=85.0)["subject"] == "危化企业"
    assert one(df, value=92.0)["subject"] == "矿山"
    df = facts("6%左右的预期增长目标与五年规划衔接。完成钢铁、水泥行业80%以上产能超低排放改造。\n")
    assert rows(df, value=6.0).empty
    assert one(df, value=80.0)["subject"] == "钢铁、水泥行业"
