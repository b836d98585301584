"""Three kinds met on real pages: a position clause inserted between two figures of one subject; a news summary that dates a figure to the year reviewed without a
review heading (a result, not a target), and a bilingual page whose English sentences repeat the
figures (no fact from the English)."""

from __future__ import annotations

from pipelines.extract.facts import extract_facts


def _facts(text: str):
    return extract_facts(text, report_id="t", year_reviewed=2025, report_year=2026)


def test_a_figure_dated_to_the_year_reviewed_is_a_result_even_without_a_heading():
    for text, result, target in [
        ("记者从市政府工作报告中获悉，2025年全市一般公共预算收入完成86.4亿元，"
         "今年力争一般公共预算收入增长6%。", 86.4, 6.0),
        ("据省政府工作报告，2025年全省地区生产总值增长5.6%，今年预期目标为增长5.5%左右。", 5.6, 5.5),
    ]:
        facts = _facts(text).set_index("value")
        assert (facts.loc[result, "status"], facts.loc[result, "period"]) == ("actual", "2025"), text
        assert (facts.loc[target, "status"], facts.loc[target, "period"]) == ("target", "2026"), text


def test_english_sentences_of_a_bilingual_page_give_no_fact():
    text = ("过去五年，全县地区生产总值年均增长7.2%。\n"
            "Over the past five years the county's GDP grew at an average annual rate of 7.2%.\n"
            "Retail sales of consumer goods reached 12.5 billion yuan last year.\n")
    facts = _facts(text)
    assert list(facts["value"]) == [7.2]
    assert facts.iloc[0]["subject"].endswith("地区生产总值")


def test_a_position_clause_between_two_figures_is_not_a_subject():
    text = ("一、2025年工作回顾\n全市规模以上工业增加值达到2860亿元、位居全省第二、增长7.1%。"
            "外贸进出口总额突破900亿元、跃居中部第三、增长12%。")
    facts = _facts(text)
    growth = facts[facts["metric"] == "growth_pct"]
    assert list(growth["value"]) == [7.1, 12.0]
    assert list(growth["subject"]) == ["规模以上工业增加值", "外贸进出口总额"], growth["subject"].tolist()
