"""Constructions of the fact grammar, each on a small text of its own."""

from __future__ import annotations

import pytest
from extract_helpers import facts, one, rows


# ---------------------------------------------------------------- comparators
@pytest.mark.parametrize("text,cmp", [
    ("财政收入约5亿元。", "approx"), ("新增市场主体1万家左右。", "approx"), ("床位近1200张。", "approx"),
    ("参训人员接近3000人。", "approx"),
    ("税费收入首次超120亿元。", "gt"), ("疫苗接种率超过100%。", "gt"), ("房屋租金3600余万元。", "gt"),
    ("群众文化活动2500多场。", "gt"), ("游客逾100万人次。", "gt"),
    ("安全利用率达到95%以上。", "ge"), ("新引进企业不少于1000家。", "ge"), ("就业率不低于95%。", "ge"),
    ("培训至少300人次。", "ge"),
    ("失业率控制在4.3%以内。", "le"), ("成灾率控制在1‰以下。", "le"), ("赤字率不超过3%。", "le"),
    ("空置率不到5%。", "lt"), ("能耗低于0.5吨标准煤。", "lt"),
    ("森林覆盖率61.8%。", "eq"), ("重点人群家庭医生签约9万人。", "eq"),
])
def test_comparators(text, cmp):
    df = facts(text)
    assert len(df) == 1, df.to_string()
    assert df.iloc[0]["comparator"] == cmp


@pytest.mark.parametrize("text,low,high", [
    ("地区生产总值增长4.5%—5%。", 4.5, 5), ("地区生产总值增长5%-5.5%。", 5, 5.5), ("地区生产总值增长6%至7%。", 6, 7),
    ("经济增长4.5—5%。", 4.5, 5),
])
def test_ranges(text, low, high):
    r = one(facts(text, plan=True))
    assert (r["value"], r["value_high"], r["metric"], r["unit"]) == (low, high, "growth_pct", "%")


# ---------------------------------------------------------------- metrics
def test_levels_growth_and_changes():
    df = facts("地区生产总值213亿元,按不变价计算增长4%。单位就业人数达到9.7万人,较去年末增加828人。"
               "PM2.5浓度同比下降8.6%。旅游总收入增长1.2倍。解决率提高4.6个百分点。城乡建设用地净减量0.3平方公里。"
               "污水处理率提高到93%。")
    assert one(df, value=213.0)["metric"] == "value"
    r = one(df, value=4.0)
    assert (r["metric"], r["basis"], r["subject"]) == ("growth_pct", "按不变价计算", "地区生产总值")
    r = one(df, value=828.0)
    assert (r["metric"], r["unit"], r["basis"], r["subject"]) == ("change", "人", "较去年末", "单位就业人数")
    r = one(df, value=-8.6)
    assert (r["metric"], r["basis"]) == ("growth_pct", "同比")
    r = one(df, value=120.0)
    assert (r["metric"], r["unit"]) == ("growth_pct", "%")
    r = one(df, value=4.6)
    assert (r["metric"], r["unit"]) == ("change_pp", "个百分点")
    r = one(df, value=-0.3)
    assert (r["metric"], r["subject"]) == ("change", "城乡建设用地")
    r = one(df, value=93.0)
    assert (r["metric"], r["subject"]) == ("value", "污水处理率")


def test_new_items_are_counts_not_changes():
    df = facts("新增10条城市道路,精细化整治提升115条街巷,新增市场主体1.2万家。")
    assert set(df["metric"]) == {"value"}
    assert one(df, value=10.0)["subject"] == "城市道路"
    assert one(df, value=115.0)["subject"] == "街巷"


@pytest.mark.parametrize("text,value,subject", [
    ("年度林长制督查考核全市第一。", 1, "年度林长制督查考核"),
    ("综合考评居全省第二。", 2, "综合考评"),
    ("监测评价结果全市排名提高到第五。", 5, "监测评价结果"),
    ("综合实力位列全国百强县第35位。", 35, "综合实力"),
])
def test_ranks(text, value, subject):
    r = one(facts(text), metric="rank")
    assert (r["value"], r["unit"], r["subject"]) == (value, "位", subject)


def test_rank_of_the_fact_before_and_shared_rank():
    df = facts("群众安全感99.7%,全市第一。人均公共体育用地面积2.2平方米、人均体育场地面积7.5平方米,均列全市第一。"
               "乡村旅游接待量6次居全市第一。")
    ranks = rows(df, metric="rank")
    assert sorted(ranks["subject"]) == sorted(["群众安全感", "人均公共体育用地面积", "人均体育场地面积", "乡村旅游接待量"])


def test_top_n_rank_and_non_ranks():
    r = one(facts("营商环境评价进入全省前3位。"), metric="rank")
    assert (r["value"], r["comparator"]) == (3, "le")
    df = facts("增速居全市前列,保持全市领先,入选第四批全国乡村旅游重点村,第一职业学校建成,举办第十五届滑雪比赛。")
    assert df.empty, df.to_string()


# ---------------------------------------------------------------- distribution and ellipsis
def test_distribution_with_fenbie():
    df = facts("市场总消费和社会消费品零售额分别增长10%和9%。", plan=True)
    assert one(df, value=10.0)["subject"] == "市场总消费"
    assert one(df, value=9.0)["subject"] == "社会消费品零售额"
    assert set(df["metric"]) == {"growth_pct"}
    assert one(df, value=9.0)["indicator_code"] == "total_retail_sales"
    assert one(df, value=10.0)["indicator_code"] == "total_consumption"


def test_distribution_shared_unit_and_urban_rural():
    df = facts("解决率、满意率分别提高4.6和2.9个百分点。城乡居民人均可支配收入分别增长4.3%、6.3%。"
               "城镇、农村居民人均可支配收入分别增长5%、7%。")
    assert one(df, value=4.6)["subject"] == "解决率" and one(df, value=4.6)["unit"] == "个百分点"
    assert one(df, value=2.9)["subject"] == "满意率"
    assert one(df, value=4.3)["indicator_code"] == "urban_disposable_income_pc"
    assert one(df, value=6.3)["indicator_code"] == "rural_disposable_income_pc"
    assert one(df, value=5.0)["subject"] == "城镇居民人均可支配收入"
    assert one(df, value=7.0)["subject"] == "农村居民人均可支配收入"


def test_one_subject_several_numbers():
    df = facts("地方级一般公共预算收入预计完成43.1亿元、同口径增长5.5%,高新技术企业达到459家、同比增长17.4%。")
    assert set(rows(df, value=5.5)["subject"]) == {"地方级一般公共预算收入"}
    assert one(df, value=5.5)["basis"] == "同口径"
    assert one(df, value=17.4)["subject"] == "高新技术企业"


def test_counted_nouns_and_shared_heads():
    df = facts("有力服务了86个国家和地区的626名冬奥运动员。3个国考和4个市考断面水质达标。"
               "累计建成5个国家级、106个市级民主法治示范村(社区)。精品民宿增至282家、560个院。")
    assert one(df, value=626.0)["subject"] == "冬奥运动员"
    assert one(df, value=86.0)["subject"] == "国家和地区"
    assert one(df, value=3.0)["subject"].startswith("国考断面")
    assert one(df, value=5.0)["subject"] == "国家级民主法治示范村(社区)"
    assert one(df, value=5.0)["basis"] == "累计" and one(df, value=106.0)["basis"] == "累计"
    assert one(df, value=560.0)["subject"] == "精品民宿" and one(df, value=560.0)["unit"] == "个院"


# ---------------------------------------------------------------- status and period
def test_estimate_actual_target():
    df = facts("今年,全区地区生产总值预计完成213亿元,增长4%;全区居民人均可支配收入预计完成41754元,"
               "农民人均可支配收入同比增长4%。271项区政府折子工程全面完成。")
    assert set(rows(df, unit="亿元")["status"]) == {"estimate"}
    assert one(df, value=41754.0)["status"] == "estimate"
    assert one(df, subject="农民人均可支配收入")["status"] == "estimate"
    assert one(df, value=271.0)["status"] == "actual"
    assert set(df["period"]) == {"2022"}
    plan = facts("地区生产总值增长6%。", plan=True)
    assert (plan.iloc[0]["status"], plan.iloc[0]["period"], plan.iloc[0]["part"]) == ("target", "2023", "plan")


def test_target_words_outside_the_plan_part():
    df = facts("2023年主要预期目标是:地区生产总值增长6%;一般公共预算收入增长5%。")
    assert set(df["status"]) == {"target"} and set(df["period"]) == {"2023"}


def test_spans_and_explicit_years():
    df = facts("五年来,全市地区生产总值由2016年的5908亿元增至9500亿元,年均增长6.5%,累计新建学校30所。"
               "生态环境质量指数连续三年优等级,公众满意度连续五年全市第一。")
    r = one(df, value=5908.0)
    assert (r["period"], r["subject"]) == ("2016", "地区生产总值")
    r = one(df, value=9500.0)
    assert (r["period"], r["subject"]) == ("2022", "地区生产总值")
    r = one(df, value=6.5)
    assert (r["period"], r["basis"]) == ("2018-2022", "年均")
    assert one(df, value=30.0)["period"] == "2018-2022"
    r = one(df, unit="年")
    assert (r["value"], r["period"], r["subject"]) == (3, "2020-2022", "生态环境质量指数")
    assert one(df, metric="rank")["period"] == "2018-2022"


def test_unknown_years_give_empty_periods():
    df = facts("地区生产总值增长4%。", year_reviewed=None, report_year=None)
    assert df.iloc[0]["period"] is None or df["period"].isna().all()


# ---------------------------------------------------------------- not facts
@pytest.mark.parametrize("text", [
    "5G网络率先实现全域覆盖。", "推进京藏高速(G6)辅路改建工程。", "深入开展“0.1微克”行动。", "充实“5+N”专班力量。",
    "完成“十四五”规划中期评估。", "完成耿家营110千伏输变电工程。", "落实营商环境5.0版。", "2022年12月21日在大会上。",
    "2023年是开局之年。", "区第三届人民代表大会第三次会议。", "编制报批0205街区控规。", "建成全域“15分钟核酸采样服务圈”。",
    "8小时指挥部超常规运行。", "全面夯实“1+4+1”产业发展体系。", "全面实施“八五”普法规划。", "落实“三区三线”划定成果。",
    "《延庆区生物多样性保护规划(2022—2035年)》印发。", "全域旅游三年行动计划(2020—2022)全部完成。",
    "新一轮百万亩造林。", "一年来,我们迎难而上。", "组建区和街乡镇两级战时流调队伍。", "三年以来最严峻的考验。",
    "主要做好以下九方面重点工作。", "引进一批高新项目。", "落实中央八项规定精神。",
])
def test_not_facts(text):
    df = facts(text)
    assert df.empty, df.to_string()


def test_number_inside_a_name_still_counts_the_name():
    df = facts("公园绿地500米服务半径覆盖率达到97.7%。柳沟村入选北京市首批15个“不可不去的村庄”。")
    assert set(df["value"]) == {97.7, 15.0}
    assert one(df, value=97.7)["subject"] == "公园绿地500米服务半径覆盖率"


def test_basis_variants():
    df = facts("地区生产总值按可比价格计算增长5%,扣除价格因素实际增长4%。社会消费品零售总额比上年增长3%。"
               "市场主体较年初增加2万户。")
    assert one(df, value=5.0)["basis"] == "按可比价格计算"
    assert one(df, value=4.0)["basis"] == "扣除价格因素"
    assert one(df, value=3.0)["basis"] == "比上年"
    r = one(df, value=2.0)
    assert (r["basis"], r["metric"], r["subject"]) == ("较年初", "change", "市场主体")


def test_five_year_report_periods():
    from pipelines.extract.facts import extract_facts

    text = ("各位代表:\n现在,我代表县人民政府,向大会报告工作,请予审议。\n一、过去五年工作回顾\n"
            "全县地区生产总值达到320亿元,年均增长6.5%,累计完成固定资产投资1500亿元,新建学校30所。\n"
            "二、今后五年的奋斗目标\n地区生产总值年均增长6%,到2027年达到450亿元。\n"
            "三、2023年工作安排\n地区生产总值增长6%。\n")
    df = extract_facts(text, report_id="t", year_reviewed=2022, report_year=2023)
    assert one(df, value=320.0)["period"] == "2022"  # a level at the end of the span
    assert one(df, value=6.5)["period"] == "2018-2022"
    assert one(df, value=1500.0)["period"] == "2018-2022"
    assert one(df, value=30.0)["period"] == "2018-2022"
    assert one(df, value=450.0)["period"] == "2027"
    plan = rows(df, metric="growth_pct", value=6.0)
    assert sorted(plan["period"]) == ["2023", "2023-2027"]
    assert set(plan["status"]) == {"target"}


def test_size_class_is_not_a_fact():
    df = facts("引进5000万元以上项目42个,其中亿元以上项目12个。人口自然增长率控制在5‰以内。")
    assert set(df["value"]) == {42.0, 12.0, 5.0}
    assert one(df, value=5.0)["subject"] == "人口自然增长率"


def test_bare_heads_and_per_unit_qualifiers():
    df = facts("全年实现地区生产总值568亿元,增长7.2%,增速居全市第一。低保标准提高到每人每月1135元。")
    assert one(df, metric="rank")["subject"] == "地区生产总值"
    assert one(df, value=1135.0)["subject"] == "低保标准"
    assert one(df, value=568.0)["subject"] == "地区生产总值"


def test_half_after_a_comparator():
    r = one(facts("新增入库项目162个,落地项目超过半数。"), unit="%")
    assert (r["value"], r["comparator"], r["subject"]) == (50.0, "gt", "落地项目")
    assert facts("半数村庄。").empty


def test_size_classes_with_de_and_chinese_counts():
    df = facts("村级集体经济经营性收入全部超过一百万元,其中超五百万元的村达到二十三个。十亿元以上项目九个。")
    assert set(df["value"]) == {100.0, 23.0, 9.0}
    assert one(df, value=100.0)["subject"] == "村级集体经济经营性收入"


def test_span_words_before_a_flow_and_ranks_are_levels():
    from pipelines.extract.facts import extract_facts

    text = ("一、过去五年工作回顾\n五年累计完成固定资产投资1.2万亿元。每万人发明专利拥有量达到27.5件,居全国省会城市第5位。\n"
            "二、2018年工作安排\n固定资产投资增长10%。")
    df = extract_facts(text, report_id="t", year_reviewed=2017, report_year=2018)
    r = one(df, value=1.2)
    assert (r["subject"], r["basis"], r["period"]) == ("固定资产投资", "累计", "2013-2017")
    assert one(df, metric="rank")["period"] == "2017"


# ---------------------------------------------------------------- second round
def test_cutting_verbs_are_decreases():
    df = facts("事项办理时限平均压缩60%以上。审批时限再缩短20%。婴儿死亡率下降0.5个千分点(‰)。企业开办时间压缩至1个工作日以内。")
    r = one(df, value=-60.0)
    assert (r["metric"], r["unit"], r["comparator"], r["subject"]) == ("growth_pct", "%", "ge", "事项办理时限")
    assert one(df, value=-20.0)["subject"] == "审批时限"
    assert (one(df, value=-0.5)["metric"], one(df, value=-0.5)["unit"]) == ("change", "个千分点")
    assert one(df, value=1.0)["metric"] == "value"


def test_rate_per_hundred_thousand():
    r = one(facts("孕产妇死亡率控制在10/10万以下。", plan=True))
    assert (r["value"], r["unit"], r["comparator"], r["subject"]) == (10.0, "/10万", "le", "孕产妇死亡率")


def test_rank_that_moves_gives_both_positions():
    df = facts("一、过去五年工作回顾\n经济总量在全国省会城市中的位次由第13位前移至第9位。", year_reviewed=2017, report_year=2018)
    assert (one(df, value=13.0)["period"], one(df, value=9.0)["period"]) == ("2012", "2017")
    assert set(df["subject"]) == {"经济总量"}
    df = facts("全市经济总量排名由第8位上升至第6位。")
    assert (one(df, value=8.0)["period"], one(df, value=6.0)["period"]) == ("2021", "2022")


def test_rank_after_bracketed_scope():
    r = one(facts("一般公共预算收入完成70.3亿元,总量居全省县(市)第二十位。"), metric="rank")
    assert (r["value"], r["subject"]) == (20.0, "一般公共预算收入")


def test_postposed_count_of_one():
    r = one(facts("力争引进百亿级项目一个。", plan=True))
    assert (r["value"], r["unit"]) == (1.0, "个")
    assert facts("打造一个高地。").empty


def test_total_named_by_the_number_before():
    df = facts("新增上市公司22家,总数达到200家。新增高新技术企业126家,累计达到486家。")
    assert one(df, value=200.0)["subject"] in ("上市公司", "新增上市公司")
    assert one(df, value=486.0)["subject"] == "高新技术企业"


def test_levels_held_through_a_span_take_the_span():
    df = facts("一、过去五年工作回顾\n五年来,民生支出累计达到3450亿元,占比重保持在80%以上。城镇登记失业率控制在3.5%以内。"
               "森林覆盖率达到45%。", year_reviewed=2017, report_year=2018)
    assert one(df, value=80.0)["period"] == "2013-2017"
    assert one(df, value=3.5)["period"] == "2013-2017"
    assert one(df, value=45.0)["period"] == "2017"


def test_heading_with_span_and_year_dates_its_sections_by_the_year():
    text = ("一、“十三五”时期和2020年工作回顾\n“十三五”时期,新增城镇就业21.5万人。\n（一）产业\n新增高新技术企业126家。\n"
            "二、2021年工作安排\n地区生产总值增长7.5%。")
    df = facts(text, year_reviewed=2020, report_year=2021)
    assert one(df, value=21.5)["period"] == "2016-2020"
    assert one(df, value=126.0)["period"] == "2020"


def test_ratio_to_an_earlier_year_is_dated_now():
    r = one(facts("接待游客5600万人次,恢复到2019年的82%。"), value=82.0)
    assert r["period"] == "2022" and r["subject"] in ("游客", "接待游客")


def test_leading_verbs_left_out_of_subjects():
    df = facts("建成保障性住房8.4万套。全年安排市重点项目260个。到2022年PM2.5平均浓度下降到45微克/立方米以下。"
               "建成区新增道路120公里。", plan=True)
    assert one(df, value=8.4)["subject"] == "保障性住房"
    assert one(df, value=260.0)["subject"] == "市重点项目"
    assert one(df, value=45.0)["subject"] == "PM2.5平均浓度"
    assert one(df, value=120.0)["subject"].startswith("建成区")


def test_flattened_table():
    text = ("一、2023年工作回顾\n主要指标:\n指标 | 2023年 | 增长%\n地区生产总值(亿元) | 4741.1 | 6.3\n"
            "固定资产投资(亿元) | — | 4.1\n二、2024年工作安排\n指标 | 目标\n地区生产总值增长(%) | 6.5左右\n城镇调查失业率(%) | 5.5以内\n")
    df = facts(text, year_reviewed=2023, report_year=2024)
    r = one(df, value=4741.1)
    assert (r["metric"], r["unit"], r["subject"], r["status"]) == ("value", "亿元", "地区生产总值", "actual")
    assert one(df, value=6.3)["metric"] == "growth_pct"
    assert one(df, value=4.1)["subject"] == "固定资产投资"
    r = one(df, value=6.5)
    assert (r["metric"], r["comparator"], r["status"], r["subject"]) == ("growth_pct", "approx", "target", "地区生产总值")
    assert (one(df, value=5.5)["metric"], one(df, value=5.5)["comparator"]) == ("value", "le")


def test_flow_under_a_plan_span_that_ends_in_the_year_opening_the_sentence():
    text = ("二、今后五年目标任务\n（一）创新之城\n到2022年,高新技术企业超过3000家,新培育5个千亿级产业。")
    df = facts(text, year_reviewed=2017, report_year=2018)
    assert one(df, value=3000.0)["period"] == "2022"
    assert one(df, value=5.0)["period"] == "2018-2022"


def test_share_before_a_noun_with_a_comparator():
    r = one(facts("全县三成以上的行政村建成居家养老服务中心。"))
    assert (r["value"], r["unit"], r["comparator"], r["subject"]) == (30.0, "%", "ge", "行政村")
    df = facts("新登记市场主体26.8万户,累计达到290万户。")
    assert one(df, value=290.0)["subject"] == "市场主体"


def test_share_clause_takes_the_subject_of_the_number_before():
    df = facts("民生支出累计达到3450亿元,占一般公共预算支出的比重达到80%。")
    assert one(df, value=80.0)["subject"] == "民生支出占一般公共预算支出的比重"


@pytest.mark.parametrize("text, subject, metric, value, unit, cmp", [
    ("完成危房改造6.8万户，减少农村贫困人口42万人。", "农村贫困人口", "change", -42.0, "万人", "eq"),
    ("一般公共预算支出压减公用经费10%以上。", "公用经费", "growth_pct", -10.0, "%", "ge"),
    ("常住人口减少1.2万人。", "常住人口", "change", -1.2, "万人", "eq"),
    ("压减政府隐性债务23.5亿元。", "压减政府隐性债务", "value", 23.5, "亿元", "eq"),
])
def test_decrease_verb_before_its_noun(text, subject, metric, value, unit, cmp):
    r = one(facts(text), subject=subject)
    assert (r["metric"], r["value"], r["unit"], r["comparator"]) == (metric, value, unit, cmp)


def test_fewer_started_than_last_year():
    df = facts("新开工亿元以上项目41个，比上年少开工9个。")
    r = one(df, value=-9.0)
    assert (r["metric"], r["unit"], r["basis"]) == ("change", "个", "比上年")
    assert "亿元以上项目" in r["subject"]


@pytest.mark.parametrize("text, value", [
    ("一般公共预算收入达到246.8亿元，比2010年翻一番。", 100.0),
    ("对外贸易进出口额实现翻番。", 100.0),
    ("人均收入比2010年翻两番。", 300.0),
])
def test_doubling_is_growth(text, value):
    r = one(facts(text), value=value)
    assert (r["metric"], r["unit"]) == ("growth_pct", "%")
    assert r["subject"] in ("一般公共预算收入", "对外贸易进出口额", "人均收入")


@pytest.mark.parametrize("text, value, unit, head", [
    ("引进投资超10亿元项目8个。", 8.0, "个", "项目"),
    ("新培育主营业务收入超百亿元企业3家。", 3.0, "家", "企业"),
])
def test_threshold_inside_a_counted_noun_is_no_fact(text, value, unit, head):
    df = facts(text)
    assert len(df) == 1, df.to_string()
    r = one(df, value=value)
    assert r["unit"] == unit and r["subject"].endswith(head) and "超" in r["subject"]


def test_threshold_followed_by_a_change_stays_a_fact():
    df = facts("完成投资超10亿元,增长5%。")
    assert len(rows(df, value=10.0)) == 1


@pytest.mark.parametrize("text", [
    "社会消费品零售总额增长5%；一般公共预算收入止跌回升，增长2%以上；城镇调查失业率5.5%。",
    "一般公共预算收入企稳回升，增长2%以上。",
])
def test_trend_clause_between_subject_and_number(text):
    r = one(facts(text, plan=True), value=2.0)
    assert (r["subject"], r["metric"], r["comparator"], r["status"]) == ("一般公共预算收入", "growth_pct", "ge", "target")


def test_within_a_duration_is_le():
    r = one(facts("企业开办实现1个工作日内办结。"), value=1.0)
    assert (r["comparator"], r["subject"]) == ("le", "企业开办")
    assert one(facts("审批时限压缩至3天内。"), value=3.0)["comparator"] == "le"


def test_negative_value_with_a_minus_sign():
    r = one(facts("人口自然增长率为-6.8‰。"), subject="人口自然增长率")
    assert (r["metric"], r["value"], r["unit"]) == ("value", -6.8, "‰")
    df = facts("城镇化率达到4.5%-5%。")
    assert len(df) == 1 and df.iloc[0]["value_high"] == 5.0 and df.iloc[0]["value"] > 0


def test_periods_of_starting_points_and_stocks():
    df = facts("“十二五”时期,常住人口城镇化率由44.3%提高到51.8%。债务率由上年末的312%下降到286%。"
               "一般公共预算收入达到246.8亿元，比2010年翻一番。五年来,新增国家级企业技术中心8家，累计达到19家；"
               "建成区绿化覆盖率达到40.2%。", year_reviewed=2015, report_year=2016)
    assert one(df, value=44.3)["period"] == "2010"
    assert one(df, value=51.8)["period"] == "2015"
    r = one(df, value=312.0)
    assert (r["period"], r["subject"]) == ("2014", "债务率")
    assert one(df, value=100.0)["period"] == "2011-2015"
    assert one(df, value=8.0)["period"] == "2011-2015"
    assert one(df, value=19.0)["period"] == "2015"
    r = one(df, value=40.2)
    assert (r["period"], r["subject"]) == ("2015", "建成区绿化覆盖率")


@pytest.mark.parametrize("text, subject", [
    ("开发乡村公益性岗位1200个。", "乡村公益性岗位"),
    ("启动建设农村公路提质改造工程35个。", "农村公路提质改造工程"),
    ("保障困难群众2.1万人。", "困难群众"),
])
def test_leading_verbs_left_out_of_the_subject(text, subject):
    assert len(rows(facts(text), subject=subject)) == 1, facts(text).to_string()


@pytest.mark.parametrize("text, value, subject", [
    ("社会消费品零售总额128亿元，增速比上年回落2.3个百分点。", -2.3, "社会消费品零售总额"),
    ("石墨产业产值45亿元，逆势增长12.6%。", 12.6, "石墨产业产值"),
    ("高新技术产业增加值占规模以上工业比重提高到33.6%，五年提高12.4个百分点。", 12.4, "高新技术产业增加值占规模以上工业比重"),
    ("债务率由上年末的312%下降到286%。", 312.0, "债务率"),
    ("单位生产总值能耗五年累计下降16%。", -16.0, "单位生产总值能耗"),
    ("公众生态环境满意度连续三年提高。满意度达到90%。", 90.0, "满意度"),
])
def test_subject_carried_over_a_trailing_word(text, value, subject):
    assert one(facts(text), value=value)["subject"] == subject


def test_cumulative_before_a_verb_inside_the_subject_is_the_basis():
    assert one(facts("城中村改造累计完成面积突破1000万平方米。"), value=1000.0)["basis"] == "累计"
