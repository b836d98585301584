"""The kinds of style damage fixed for tests/test_style_variants.py, each on short texts of our own:
pinyin glosses, English lines of bilingual pages, PDF wraps at any width, headings lost in
excerpts and news summaries, a journalist's lead, targets reported as met, Hong Kong forms."""

from __future__ import annotations

import pytest

from pipelines.extract.facts import extract_facts
from pipelines.extract.layout import compact, english_sentence_at, is_english
from pipelines.extract.timeframe import reads_as_targets
from pipelines.text.document import read_document
from pipelines.text.normalize import measured_width, normalize_text, pinyin_gloss_spans, to_simplified
from pipelines.text.structure import split_sections


def _facts(text: str):
    return extract_facts(text, report_id="t", year_reviewed=2025, report_year=2026)


def _doc_facts(text: str):
    """Facts of a whole text file read the way the pipeline reads one (normalized, sections, years)."""
    from pipelines.extract.facts import facts_of_document

    return facts_of_document(read_document(text.encode("utf-8"), filename="t.txt"), report_id="t")


def _wrap(paragraphs: list[str], width: int) -> str:
    """A hard-wrapped copy: every paragraph indented and cut every ``width`` characters."""
    lines = []
    for p in paragraphs:
        s = p if p.startswith(("一、", "二、", "三、")) or len(p) < width else "\u3000\u3000" + p
        lines += [s[i:i + width] for i in range(0, len(s), width)]
    return "\n".join(lines)


# ---- pinyin glosses --------------------------------------------------------------------------


@pytest.mark.parametrize("raw, clean", [
    ("财政收入(cai zheng shou ru)增长5%", "财政收入增长5%"),  # plain syllables, one a character
    ("人均可支配收入(rén jūn kě zhī pèi shōu rù)", "人均可支配收入"),  # longer than eight syllables
    ("城镇化率(cheng2 zhen4\nhua4 lv4)达到70%", "城镇化率达到70%"),  # a line break inside
])
def test_glosses_of_every_form_are_removed(raw, clean):
    assert normalize_text(raw) == clean


@pytest.mark.parametrize("kept", ["中国(China)", "总值(AN EN)", "收入(shou ru jin e)", "试点(含3个区)"])
def test_brackets_that_are_not_glosses_stay(kept):
    """English in brackets, capitals, more syllables than the characters before, Chinese notes."""
    assert pinyin_gloss_spans(kept) == []


def test_a_gloss_between_subject_and_number_is_read_past_without_normalizing():
    """extract_facts on a text as given (not normalized): the gloss stays out of the subject."""
    facts = _facts("过去一年，全市粮食产量(liang shi chan liang)达到52.6亿斤，增长3%。")
    assert list(facts["subject"]) == ["粮食产量", "粮食产量"]
    assert list(facts["value"]) == [52.6, 3.0]


def test_a_gloss_cut_by_a_page_break_is_still_a_gloss():
    text = ("过去一年，我们坚持稳中求进，全省上下团结奋斗，经济运行总体平稳，\n"
            "规模以上工业增加值(gui mo yi shang gong ye zeng\n- 2 -\n"
            "jia zhi)增长6.1%，发展质量稳步提升，各项事业取得新进展，人民生活\n"
            "持续改善。")
    cp = compact(text)
    assert "(gui" not in cp.text and "规模以上工业增加值增长6.1%" in cp.text
    assert _facts(text).iloc[0]["subject"] == "规模以上工业增加值"


# ---- bilingual pages ---------------------------------------------------------------------------


def test_an_english_line_does_not_take_the_opening_of_the_next_paragraph():
    """Without a full stop the English line looked like a wrap and hid 过去一年 from the frame."""
    text = ("五年来，全市新建学校12所。\n"
            "Over the five years the city built twelve new schools across its districts\n"
            "过去一年，全市地区生产总值增长5%。")
    growth = _facts(text).set_index("value").loc[5.0]
    assert (growth["period"], growth["status"]) == ("2025", "actual")


@pytest.mark.parametrize("english", [
    "GDP reached 4.5% of the plan.",  # two Latin words before the number
    "By the end of the year the forest coverage of the whole city reache\nd 61.8%.",  # wrapped in a word
])
def test_numbers_in_english_give_no_fact(english):
    facts = _facts("过去一年，全市森林覆盖率达到61.8%。\n" + english + "\n")
    assert list(facts["value"]) == [61.8] and facts.iloc[0]["subject"] == "森林覆盖率"


def test_english_is_told_from_glosses_and_acronyms():
    assert is_english("Retail sales grew by 4.8%.")
    assert not is_english("sheng1 chan3 zong3 zhi2)年均增长5.2%")  # the rest of a wrapped gloss
    assert not is_english("GDP增长5%，PM2.5年均浓度下降")
    text = "全市GDP增长5%。GDP grew by 5% in the year."
    assert not english_sentence_at(text, text.index("5%")) and english_sentence_at(text, text.rindex("5%"))


# ---- PDF copies at any width -----------------------------------------------------------------

NARROW = [
    "2026年某市政府工作报告",
    "一、2025年工作回顾",
    "过去一年，面对复杂严峻的外部环境，全市上下坚定信心、真抓实干，经济运行稳中向好。全市地区生产总值"
    "突破3000亿元，增长5.2%；一般公共预算收入完成236.4亿元，增长3.1%；城乡居民人均可支配收入分别增长"
    "4.6%和6.3%。全市常住人口城镇化率达到68.5%。",
    "二、“十四五”时期发展成就和“十五五”时期主要目标任务",
    "过去五年，全市地区生产总值年均增长5.8%，新建改造农村公路2100公里，粮食产量稳定在52亿斤以上。",
]


@pytest.mark.parametrize("width", [20, 24, 30, 36])
def test_a_copy_wrapped_at_any_width_reads_as_the_unwrapped_text(width):
    plain = _doc_facts("\n".join(NARROW))
    wrapped = _doc_facts(_wrap(NARROW, width))
    cols = ["subject", "metric", "value", "period", "status"]
    assert wrapped[cols].values.tolist() == plain[cols].values.tolist()


def test_the_wrap_width_is_measured_only_on_a_hard_wrapped_copy():
    assert measured_width(_wrap(NARROW * 3, 24).split("\n")) == 24
    assert measured_width(NARROW * 3) is None


def test_a_wrapped_fragment_naming_targets_is_no_part_heading():
    """A line cut out of a sentence (。…目标任务体系,顶压前行 / 、全省上下…) never starts the plan part."""
    text = _wrap([
        "2026年某省政府工作报告",
        "一、2025年工作回顾",
        "过去一年，全省上下牢记嘱托、感恩奋进，聚焦“1+2+4+N”目标任务体系，顶压前行、真抓实干，"
        "地区生产总值增长5.6%，规上工业增加值增长8.4%，工业投资增长13.3%。",
    ], 28)
    parts = {s.part for s in split_sections(normalize_text(text))}
    assert "plan" not in parts


def test_the_delivery_line_never_wraps_into_the_first_paragraph():
    """A delivery line that happens to fill the width still ends its line: the next paragraph keeps
    its opening cue (过去的五年)."""
    text = _wrap([
        "2026年某省政府工作报告",
        "——2026年1月26日在某省第十四届人民代表大会第四次会议上",
        "过去的五年极不寻常，我们坚持稳中求进，全省地区生产总值年均增长5.6%，城镇新增就业累计603万人。",
    ], 32)
    growth = _doc_facts(text).set_index("value").loc[5.6]
    assert (growth["period"], growth["status"]) == ("2021-2025", "actual")


def test_a_line_with_a_space_after_every_character_is_closed_up():
    assert normalize_text("全 市 地 区 生 产 总 值 5 . 2 万 亿 元 ， 增 长 5 . 4 %") == "全市地区生产总值5.2万亿元,增长5.4%"
    assert normalize_text("区长  叶大华") == "区长  叶大华"  # a gap between words, not letter-spacing
    assert normalize_text("GDP grew by 5.4% in the year.") == "GDP grew by 5.4% in the year."


@pytest.mark.parametrize("page", ["·3·", "3/20", "第3页"])
def test_page_numbers_in_other_forms_and_their_header_are_furniture(page):
    """A page number the layout does not know leaves the running header in the text, where its
    year (2026年…政府工作报告) opened a plan frame in the middle of the review."""
    body = ("过去一年，全市经济运行稳中有进，地区生产总值增长5.3%，一般公共预算收入增长4.1%，"
            "城镇调查失业率5.1%，居民人均可支配收入增长5%。") * 3
    lines = [body[i:i + 30] for i in range(0, len(body), 30)]
    text = "\n".join(["一、2025年工作回顾", *lines[:3], page, "2026年某市政府工作报告", *lines[3:]])
    facts = _facts(text)
    assert set(facts["status"]) == {"actual"} and set(facts["period"]) == {"2025"}


def test_a_running_header_left_in_the_text_names_no_frame():
    """Page furniture nobody recognized (@3@) leaves the title in mid-review: it dates nothing."""
    body = "过去一年，全市经济运行稳中有进，地区生产总值增长5.3%，一般公共预算收入增长4.1%，城镇调查失业率5.1%。"
    text = "\n".join(["一、2025年工作回顾", body[:30], body[30:], "@3@", "2026年某市政府工作报告", body])
    facts = _facts(text)
    assert set(facts["status"]) == {"actual"} and set(facts["period"]) == {"2025"}


def test_a_short_line_repeated_on_every_page_is_furniture():
    text = "\n".join(["某市政府工作报告", "过去一年，全市地区生产总值增长5.3%。"] * 3)
    assert "某市政府工作报告" not in compact(text).text


# ---- headings lost: excerpts and news summaries ------------------------------------------------


def test_objectives_without_their_heading_take_the_five_year_plan():
    text = ("这五年，全区经济繁荣的基础更加坚实，新建学校120所，地区生产总值年均增长5.7%。\n"
            "一是经济实力显著提升，加快建设现代化产业体系。力争地区生产总值增速高于全国平均水平，"
            "到2030年人均地区生产总值达到10万元以上。\n"
            "二是创新能力显著增强，全社会研发经费投入年均增长10%左右，推动科技创新和产业创新深度融合。\n"
            "经济主要预期目标是：地区生产总值增长5%左右。")
    got = {(f.subject, f.value): (f.period, f.status) for f in _facts(text).itertuples()}
    assert got[("地区生产总值", 5.7)] == ("2021-2025", "actual")
    assert got[("人均地区生产总值", 10.0)] == ("2026-2030", "target")
    assert got[("全社会研发经费投入", 10.0)] == ("2026-2030", "target")
    assert got[("地区生产总值", 5.0)] == ("2026", "target")


@pytest.mark.parametrize("paragraph, expected", [
    ("——坚持创新驱动，加快发展新质生产力，全社会研发经费投入年均增长10%以上，数字经济增加值占比达到15%左右。", True),
    ("粮食总产量连续18年保持在100万吨以上，能源保障体系更加健全，安全生产基础更加夯实。", False),  # one figure
    ("加快科技合作，全社会研发经费投入预计年均增长11%以上，研发人员增加到5万人以上。", False),  # an estimate
    ("全年新增城镇就业8.2万人，完成高标准农田建设60万亩，新建5G基站3200个以上。", False),  # plain figures
])
def test_objectives_are_told_from_results(paragraph, expected):
    assert reads_as_targets(paragraph, 2026) is expected


def test_a_horizon_that_is_the_object_of_a_verb_opens_no_frame():
    text = "过去一年，全市地区生产总值增长5%。\n成功取得未来五年国际赛事举办权，全年接待游客2100万人次。"
    visitors = _facts(text).set_index("value").loc[2100.0]
    assert (visitors["period"], visitors["status"]) == ("2025", "actual")


def test_a_news_lead_opens_the_quoted_report():
    """本报讯 …作政府工作报告。报告指出，… : what follows is the report, dated by its own cues."""
    text = ("本报讯 2026年1月20日，某市第十七届人民代表大会第五次会议开幕。市长代表市人民政府作政府工作报告。"
            "报告指出，过去一年，全市地区生产总值增长5.3%，一般公共预算收入完成420亿元。\n"
            "政府工作报告提出，2026年全市地区生产总值增长5%左右。")
    doc = read_document(text.encode("utf-8"), filename="t.txt")
    assert doc.meta.report_year == 2026
    review = next(s for s in doc.sections if s.part == "review")
    assert doc.text[review.start:].startswith("过去一年")
    facts = _doc_facts(text).set_index("value")
    assert (facts.loc[5.3, "period"], facts.loc[5.3, "status"]) == ("2025", "actual")
    assert (facts.loc[420.0, "period"], facts.loc[420.0, "status"]) == ("2025", "actual")
    assert (facts.loc[5.0, "period"], facts.loc[5.0, "status"]) == ("2026", "target")


def test_a_reporting_verb_before_a_paragraph_opening_is_skipped():
    text = ("过去五年，全市新建学校60所。\n"
            "报告显示，2025年全市地区生产总值增长5.1%。")
    growth = _facts(text).set_index("value").loc[5.1]
    assert (growth["period"], growth["status"]) == ("2025", "actual")


def test_sections_after_a_plan_begun_in_the_review_part_go_on_with_it():
    text = ("2023年是开局之年。一年来，全县地区生产总值增长5.8%，固定资产投资增长9.1%，社会消费品零售总额增长7.2%。\n"
            "今年政府工作的主要预期目标是：地区生产总值增长6%左右。\n"
            "（一）守牢不发生规模性返贫底线。确保脱贫劳动力务工规模不少于28万人，开发乡村公益性岗位5000个。\n"
            "（二）加快交通基础设施建设。启动建设农村公路提质改造工程500公里，新建5G基站600个。")
    facts = extract_facts(text, report_id="t", year_reviewed=2023, report_year=2024).set_index("value")
    assert (facts.loc[5.8, "period"], facts.loc[5.8, "status"]) == ("2023", "actual")
    for value in (6.0, 28.0, 5000.0, 500.0, 600.0):
        assert (facts.loc[value, "period"], facts.loc[value, "status"]) == ("2024", "target"), value


def test_a_review_part_without_heading_takes_the_span_of_its_first_paragraph():
    text = ("“十二五”时期是我市发展极不平凡的五年。五年来，全市地区生产总值年均增长9.5%，经济实力迈上新台阶。\n"
            "2015年，全市地区生产总值增长9.1%，规模以上工业增加值增长9.6%。\n"
            "（一）城乡面貌显著改善。常住人口城镇化率由44.3%提高到51.8%，新建改造城市道路386公里。")
    facts = extract_facts(text, report_id="t", year_reviewed=2015, report_year=2016).set_index("value")
    assert facts.loc[9.1, "period"] == "2015"
    assert facts.loc[386.0, "period"] == "2011-2015"
    assert facts.loc[44.3, "period"] == "2010" and facts.loc[51.8, "period"] == "2015"


def test_a_full_line_ending_on_a_semicolon_runs_on_in_a_hard_wrapped_copy():
    """The 预计 at the head of the sentence still reaches the figures after the break."""
    sentence = ("一年来，全县地区生产总值预计完成312.6亿元，同比增长5.8%；固定资产投资增长9.1%；"
                "社会消费品零售总额达到98.4亿元，增长7.2%；一般公共预算收入完成14.3亿元，同口径增长6.5%。")
    filler = "全年经济运行稳中有进、稳中向好，发展质量稳步提升，民生福祉持续增进，"
    for k in range(32):  # the shortest opening that puts a semicolon at the end of a full line
        text = _wrap(["2024年某县政府工作报告", "一、2023年工作回顾", filler[:k] + sentence] * 3, 32)
        if any(line.endswith("；") and len(line) == 32 for line in text.split("\n")):
            break
    else:
        raise AssertionError("no line ends on a semicolon")
    facts = extract_facts(text, report_id="t", year_reviewed=2023, report_year=2024)
    assert set(facts["status"]) == {"estimate"}


# ---- status and script -------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "过去一年，全年主要预期目标任务圆满完成，地区生产总值增长5.2%。",
    "过去一年，我们完成了全年预期目标，地区生产总值增长5.2%。",
])
def test_targets_reported_as_met_are_results(sentence):
    fact = _facts(sentence).iloc[0]
    assert (fact["period"], fact["status"]) == ("2025", "actual")


def test_a_target_phrase_still_makes_a_target():
    facts = _facts("过去一年，地区生产总值增长5.2%，力争实现增长6%。").set_index("value")
    assert facts.loc[6.0, "status"] == "target" and facts.loc[5.2, "status"] == "actual"


def test_hong_kong_forms_are_simplified_and_simplified_text_is_left_alone():
    assert to_simplified("村衞生室") == "村卫生室"
    assert to_simplified("村衞生室成效顯著") == "村卫生室成效显著"
    assert to_simplified("成效显著，什么") == "成效显著，什么"  # 著 is no variant of 着 here


def test_a_running_header_naming_the_report_beside_the_first_page_number_is_furniture():
    # one page break inside an excerpt: the header is not repeated yet, but it names the document
    text = ("2026年政府工作报告\n——2026年1月20日在某某市第十六届人民代表大会第五次会议上\n"
            "过去一年,全市每万人口发明专利拥有量从\n-1-\n政府工作报告\n18.2件增加到25件,增长37%。\n")
    facts = extract_facts(text, report_id="x-2026", year_reviewed=2025, report_year=2026)
    got = sorted((f.value, f.unit) for f in facts.itertuples())
    assert (18.2, "件") in got and (25.0, "件") in got
