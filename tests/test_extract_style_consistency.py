"""The kinds found by scripts/style_consistency.py (a full report read plain and in every style of
tests/style_variants.py, each styled reading scored against the plain one), each on short texts of
our own: a part whose opening words state a span and then one year, 今年 once the plan has begun
in a copy without headings, a plan named as a reference (与“十五五”目标衔接), a record over a span
(近五年最高), a news lead ahead of words that look like an opening formula, and the renderer's
front lines (a delivery date in Chinese numerals, page chrome above the title, a photo caption)."""

from __future__ import annotations

import pytest
import style_variants as sv

from pipelines.extract.facts import extract_facts, facts_of_document
from pipelines.text.document import read_document


def _doc_facts(text: str):
    """Facts of a whole text file, read the way the pipeline reads one."""
    return facts_of_document(read_document(text.encode("utf-8"), filename="t.txt"), report_id="t")


def _facts(text: str):
    return extract_facts(text, report_id="t", year_reviewed=2025, report_year=2026)


def _period(df, evidence_part: str) -> str:
    hits = df[df["evidence"].str.contains(evidence_part, regex=False)]
    assert len(hits) >= 1, f"no fact with {evidence_part!r}:\n{df[['evidence', 'period']].to_string()}"
    return str(hits.iloc[0]["period"])


# ---- a part's opening states a span, then one year ------------------------------------------

_PLAN_PART = (
    "二、“十五五”时期奋斗目标和2026年主要任务\n"
    "“十五五”时期是全面建设的关键阶段，要确保到2030年人均地区生产总值迈上新台阶。\n"
    "今年全省经济社会发展主要预期目标是：地区生产总值增长5%左右，城镇新增就业30万人以上。\n"
    "（一）持续推进生态治理。完成造林种草任务200万亩，治理水土流失面积80万亩。\n"
    "（二）扩大有效投资。安排重点项目1500个，新建高速公路300公里。\n"
)
_REVIEW = "一、2025年工作回顾\n过去一年，全省地区生产总值增长5.2%。\n"


@pytest.mark.parametrize("then", ["", "2026年政府工作主要是细化举措、抓好落实。\n"])
def test_plan_sections_after_the_year_targets_are_that_year_s(then):
    """The heading names the span and the year; the opening ends on this year's targets (then,
    on a line of its own as on a bilingual page, a sentence with the year written): the numbered
    sections that follow hold this year's tasks, not the five-year plan's."""
    part = _PLAN_PART.replace("（一）持续", then + "（一）持续")
    df = _facts(_REVIEW + part)
    for ev in ("造林种草任务200万亩", "水土流失面积80万亩", "重点项目1500个", "新建高速公路300公里"):
        assert _period(df, ev) == "2026", ev
    assert _period(df, "增长5%左右") == "2026"


def test_plan_sections_under_a_heading_naming_the_span_alone_keep_it():
    """二、“十五五”时期主要目标任务 with no year in it: its sections are the span's tasks, even
    when its opening mentions this year."""
    text = _REVIEW + (
        "二、“十五五”时期主要目标任务\n"
        "“十五五”时期是全面建设的关键阶段。今年是“十五五”开局之年，要开好局起好步。\n"
        "（一）建设现代化产业体系。培育千亿级产业集群10个。\n"
        "三、2026年重点工作\n"
        "（一）扩大有效投资。安排重点项目1500个。\n"
    )
    df = _facts(text)
    assert _period(df, "千亿级产业集群10个") == "2026-2030"
    assert _period(df, "重点项目1500个") == "2026"


def test_review_sections_after_a_headless_look_back_then_the_year_are_the_year_s():
    """A copy without headings: 过去的五年… then 刚刚过去的2025年…; the numbered sections after
    review the year."""
    text = (
        "2026年某省政府工作报告\n"
        "——2026年1月25日在某省第十四届人民代表大会第四次会议上\n"
        "各位代表：现在，我代表省人民政府向大会报告工作，请予审议。\n"
        "过去的五年极不寻常。五年来全省地区生产总值年均增长6.1%。\n"
        "刚刚过去的2025年很不平凡，全省地区生产总值增长5.5%。\n"
        "（一）稳住就业大局。城镇新增就业62万人，发放稳岗补贴18亿元。\n"
        "（二）办好民生实事。新增普惠性托位3万个。\n"
    )
    df = _doc_facts(text)
    assert _period(df, "年均增长6.1%") == "2021-2025"
    for ev in ("城镇新增就业62万人", "稳岗补贴18亿元", "普惠性托位3万个"):
        assert _period(df, ev) == "2025", ev


def test_review_sections_after_the_year_then_a_look_back_review_the_span():
    """The other order (the year first, then 回望过去五年): the sections review the span, as before."""
    text = (
        "一、2025年和“十四五”时期工作回顾\n"
        "2025年全省地区生产总值增长5.5%。回望过去五年，我们砥砺前行。\n"
        "（一）产业结构持续优化。累计建成5G基站12万个。\n"
    )
    assert _period(_facts(text), "5G基站12万个") == "2021-2025"


# ---- 今年 once the plan has begun, in a copy without headings --------------------------------


def test_this_year_opens_the_plan_after_the_five_year_plan_without_headings():
    """No headings at all: after the “十五五” paragraphs, 今年是…开局之年 dates the targets that
    follow in the next sentence to the report year."""
    text = (
        "2026年某省政府工作报告\n"
        "——2026年1月25日在某省第十四届人民代表大会第四次会议上\n"
        "各位代表：现在，我代表省人民政府向大会报告工作，请予审议。\n"
        "过去一年，全省地区生产总值增长5.2%。\n"
        "“十五五”时期是夯实基础、全面发力的关键时期，全省经济年均增长5%左右。\n"
        "今年是“十五五”开局之年，做好今年工作至关重要。经济社会发展主要预期目标是：地区生产总值增长5.5%左右，"
        "城镇新增就业60万人以上。\n"
        "坚持扩大内需，安排省级重点项目1200个以上。\n"
    )
    df = _doc_facts(text)
    assert _period(df, "增长5.2%") == "2025"
    assert _period(df, "年均增长5%左右") == "2026-2030"
    for ev in ("增长5.5%左右", "城镇新增就业60万人以上", "重点项目1200个以上"):
        assert _period(df, ev) == "2026", ev


def test_a_plan_named_as_a_reference_is_no_frame():
    """5.5%左右的目标与“十五五”目标相衔接: the plan is what the target fits, the paragraph stays
    in the year."""
    text = (
        "二、2026年重点工作\n"
        "今年主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业60万人以上。\n"
        "这一目标与“十五五”发展目标相衔接，也与潜在增长能力相适应。全年新开工项目800个以上。\n"
    )
    assert _period(_facts(_REVIEW + text), "新开工项目800个以上") == "2026"


# ---- a record over a span ---------------------------------------------------------------------


def test_a_span_before_a_superlative_is_a_record_not_a_frame():
    """One sentence a line (a bilingual page): 增幅为近五年最高 does not make the lines after it
    five-year figures."""
    text = (
        "一、2025年工作回顾\n"
        "2025年，全省城乡居民收入稳步增长。\n"
        "城乡低保标准分别提高8.1%、10.5%，增幅均为近五年最高。\n"
        "改造城镇老旧小区1200个。\n"
        "新增公园绿地600公顷，为五年来最多。\n"
        "新建村级养老服务站300个。\n"
    )
    df = _facts(text)
    for ev in ("提高8.1%", "老旧小区1200个", "公园绿地600公顷", "养老服务站300个"):
        assert _period(df, ev) == "2025", ev


def test_a_record_at_the_edge_of_a_paragraph_opening_is_still_a_record():
    """The span ends where the paragraph's opening is cut (48 characters) and its superlative
    is cut: …分别下降16%和36%,为近三年来最 | 大降幅."""
    from pipelines.extract.timeframe import PARAGRAPH_LEAD

    sentence = "全省刑事立案数下降11.2%。电信网络诈骗案件受理数、案损数分别下降16%和36%,为近三年来最大降幅。"
    at = sentence.index("最大")
    assert at < PARAGRAPH_LEAD < at + 2  # the opening read ends inside the superlative
    df = _facts("一、2025年工作回顾\n过去一年，全省社会大局保持稳定。\n" + sentence + "\n新建应急避难场所120个。\n")
    for ev in ("下降16%", "避难场所120个"):
        assert _period(df, ev) == "2025", ev


def test_a_span_after_a_figure_in_its_sentence_dates_its_clause_not_the_lines_after():
    """One sentence a line: 实施新一轮“2个50万”工程，“十五五”时期新增城镇人口50万 names the span
    inside a sentence that already holds a figure; the year's tasks on the next lines stay the year's."""
    text = (
        "二、2026年重点工作\n"
        "今年主要预期目标是：地区生产总值增长5%左右，城镇新增就业50万人以上。\n"
        "实施新一轮“2个50万”工程，“十五五”时期新增城镇人口50万、新增就业岗位50万个。\n"
        "提质改造农村公路800公里。\n"
        "农村生活污水治理率达到60%。\n"
    )
    df = _facts(_REVIEW + text)
    for ev in ("农村公路800公里", "治理率达到60%"):
        assert _period(df, ev) == "2026", ev


# ---- a news lead ahead of an opening formula's words -----------------------------------------


def test_a_news_lead_opens_the_review_before_a_later_sentence_with_formula_words():
    """The body says 提出意见建议 further on: the lead's 报告指出， still opens the review, and the
    five-year figures before that sentence are no front matter."""
    text = (
        "本报讯 2026年1月27日，某省十四届人民代表大会第四次会议开幕。省长代表省人民政府作政府工作报告。"
        "报告指出，“十四五”时期工作回顾\n"
        "“十四五”时期是极不平凡的五年。全省地区生产总值达到1.2万亿元，年均增长6%。\n"
        "五年来，人大代表和政协委员累计提出意见建议2900件。\n"
        "刚刚过去的2025年，全省地区生产总值增长5.6%。\n"
    )
    df = _doc_facts(text)
    hit = df[df["evidence"].str.contains("年均增长6%", regex=False)].iloc[0]
    assert (hit["part"], hit["period"]) == ("review", "2021-2025")
    assert _period(df, "增长5.6%") == "2025"


# ---- the renderer's front lines ---------------------------------------------------------------


def test_the_news_lead_reads_a_delivery_date_in_chinese_numerals():
    """——二〇二六年一月二十七日在…会议上 (no 第 before the session number): the lead is written in
    digits and names the region's head."""
    front = ["2026年某某省政府工作报告", "——二〇二六年一月二十七日在某某省十四届人民代表大会第四次会议上"]
    lead = sv.news_lead(front)
    assert lead.startswith("本报讯 2026年1月27日，某某省十四届人民代表大会第四次会议开幕。某某省省长代表某某省人民政府")


def test_the_front_is_found_below_page_chrome():
    """Twenty lines of page chrome above the title: the delivery line still ends the front."""
    chrome = [f"栏目{k}" for k in range(17)]
    text = "\n".join([*chrome, "2026年某自治区政府工作报告", "——2026年2月3日在某自治区第十三届人民代表大会第四次会议上",
                      "一、2025年工作回顾", "过去一年，全区地区生产总值增长5.5%。"])
    front, body = sv.split_front(text)
    assert front[-1].startswith("——2026年2月3日") and body[0] == "一、2025年工作回顾"
    assert sv.news(text).startswith("本报讯 2026年2月3日，某自治区第十三届人民代表大会第四次会议开幕。某自治区主席")


def test_the_pdf_running_header_is_the_title_line_not_a_caption():
    front = ["政府工作报告。 某某日报记者 某某 摄", "政府工作报告", "(2026年1月27日在某省第十四届人民代表大会第四次会议上)"]
    body = ["一、2025年工作回顾"] + ["过去一年，全省地区生产总值增长5.2%，一般公共预算收入增长3%。" * 3] * 12
    lines = sv.pdf("\n".join(front + body)).split("\n")
    assert lines.count("政府工作报告") >= 2 and not any("摄" in ln for ln in lines[len(front):])


# ---- a hard-wrapped line closing on a quoted name, its figure on the next line ----------------


def _cut(paragraph: str, width: int) -> str:
    return "\n".join(paragraph[i:i + width] for i in range(0, len(paragraph), width))


def test_a_quoted_name_closing_a_full_line_runs_on_into_its_figure():
    """…累计发放“暖心券” / 3亿元: the wrap fell after the closing quote, not at a quotation's end."""
    head = "全区城乡低保标准分别提高到每月800元和600元，基本民生保障水平稳步提升，累计发放“暖心券”"
    width = 24
    pad = "各族群众获得感、幸福感、安全感持续增强，" * 6  # enough full lines for the width to be measured
    para = (pad + head)[-((len(pad + head) // width) * width):]  # the quoted name closes a full line
    text = "一、2025年工作回顾\n" + _cut(para + "3亿元，完成农村户厕改造12万户，惠及农牧民群众50万人以上。" * 1, width)
    assert "“暖心券”\n3亿元" in text
    df = _facts(text)
    hit = df[df["value"] == 3.0]
    assert len(hit) == 1 and "暖心券" in hit.iloc[0]["subject"], df[["subject", "value", "unit"]].to_string()


def test_an_item_number_after_a_closing_quote_starts_a_new_line():
    from pipelines.extract.layout import _FIGURE_START

    assert _FIGURE_START.match("3亿元") and _FIGURE_START.match("1.5万户")
    assert not _FIGURE_START.match("1.做好重点群体就业") and not _FIGURE_START.match("2、")


@pytest.mark.parametrize("furniture", ["第4页\n政府工作报告", "政府工作报告", "— 4 —"])
def test_page_furniture_is_never_a_lost_section_heading(furniture):
    """(三)… then a page break, a (四) hidden behind a reporting verb, then (五)…: the running
    header or the page number does not stand in for the missing (四) (the figures after it would
    lose their subject: 支出35 / 政府工作报告 / 34.6亿元、增长6%)."""
    from pipelines.text.structure import split_sections

    text = (
        "一、2025年工作回顾\n"
        "（三）守牢安全底线。生产安全事故起数下降18%。\n"
        "报告显示，（四）办好民生实事。全省县级“三保”支出35\n"
        f"{furniture}\n"
        "34.6亿元、增长6%。\n"
        "（五）加强自身建设。\n"
    )
    titles = [s.title for s in split_sections(text) if s.title]
    assert titles == ["（三）守牢安全底线", "（五）加强自身建设"]
    if furniture == "政府工作报告":
        return  # a header alone, without a page number, in a text this short is not known as furniture
        # (layout.compact): the number stays cut there; only the sections are checked
    growth = _facts(text).query("metric == 'growth_pct' and value == 6.0").iloc[0]
    assert growth["subject"] == "县级“三保”支出"


def test_a_wrapped_line_opening_on_share_is_prose_not_a_share_link():
    """A PDF copy cut …推动跨区域合作发展利益 / 分享。规范提升…: the second line is the report's, while
    分享到：微信 微博 stays page furniture."""
    from pipelines.text.decode import furniture_rule

    assert furniture_rule("分享。规范提升各类开发区、园区能级。加力推动企业“四上”,新升规") is None
    assert furniture_rule("分享，推动共建共治共享") is None
    assert furniture_rule("分享到：微信 微博") == "share" and furniture_rule("分享") == "share"


# ---- a rank after 均 with its own subject -----------------------------------------------------


def test_a_rank_after_both_ranks_the_words_before_it():
    """A、B增速均居全国第4位 ranks A and B, not the figure of the sentence before (one sentence a
    line lost the rank altogether; read plain it took the subject of 新增企业755户)."""
    for text in ("一、2025年工作回顾\n全省新增企业755户。工业投资、民间投资增速均居全国第4位。",
                 "一、2025年工作回顾\n工业投资、民间投资增速均居全国第4位。"):
        ranks = _facts(text).query("metric == 'rank'")
        assert ranks["subject"].tolist() == ["工业投资、民间投资增速"], text


def test_bare_heads_before_both_still_rank_the_figures_before():
    """总量和增速均居全国第5位: 总量 and 增速 name the figures of the clause before."""
    df = _facts("一、2025年工作回顾\n全省地区生产总值6.7万亿元，增长5.5%，总量和增速均居全国第5位。")
    assert set(df.query("metric == 'rank'")["subject"]) == {"地区生产总值"}  # the scope word 全省 dropped


# ---- the speaker line (checked with the news lead: our metadata read the delivery date) -------


def test_a_speaker_line_with_the_region_before_the_title_is_read():
    """甘肃省省长 任振鹤, 上海市市长 龚 正 (a space inside the name), 自治区主席 艾尔肯·吐尼亚孜:
    the speaker's title and name, the name without the space."""
    from pipelines.text.metadata import find_metadata

    for line, name, title in (("某某省省长 任某某", "任某某", "某某省省长"),
                              ("某某市市长 龚 某", "龚某", "某某市市长"),
                              ("自治区主席 艾某某·吐某某", "艾某某·吐某某", "自治区主席")):
        text = f"2026年某某省政府工作报告\n——2026年1月27日在某某省第十四届人民代表大会第四次会议上\n{line}\n各位代表：\n"
        m = find_metadata(text)
        assert (m.speaker, m.speaker_title) == (name, title), line
