"""split_sections: parts and numbered sections across report styles, covering the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.text.structure import classify_part, cn_ordinal, section_at, split_sections

FIX = Path(__file__).parent / "fixtures" / "extract"
SEED = Path(__file__).resolve().parent.parent / "raw" / "000_c4f1182ef43108cd.txt"


def _covers(text, secs):
    assert secs[0].start == 0 and secs[-1].end == len(text)
    for a, b in zip(secs, secs[1:], strict=False):
        assert a.end == b.start
    assert all(s.part in ("front", "review", "plan") for s in secs)


def _summary(text):
    secs = split_sections(text)
    _covers(text, secs)
    return [(s.part, s.title) for s in secs]


def test_seed_parts_and_sections():
    text = SEED.read_text(encoding="utf-8")
    secs = split_sections(text)
    _covers(text, secs)
    parts = [s.part for s in secs]
    assert parts[0] == "front"
    titles = [s.title for s in secs if s.title]
    assert titles[0] == "一、冬奥服务保障圆满成功"
    assert "七、政府自身建设持续加强" in titles
    # the plan heading whose numeral was lost between 一、 and 三、
    assert "突出财源建设,增强发展动能" in titles
    assert "九、强化自身建设,不断争先创优" in titles
    plan_start = next(s.start for s in secs if s.part == "plan")
    assert text[plan_start:].startswith("第二部分")
    assert section_at(secs, text.index("全口径税费收入")).title is None
    assert section_at(secs, text.index("全口径税费收入")).part == "review"
    assert section_at(secs, text.index("农村人居环境整治标杆")).title == "五、紧抓“三农”建设,促进乡村振兴"


def test_part_headings_with_lost_numeral():
    s = _summary((FIX / "part_headings.txt").read_text(encoding="utf-8"))
    assert s[0] == ("front", None)
    assert ("review", None) in s and ("plan", None) in s
    assert ("review", "增强发展动能,壮大县域经济") in s
    assert ("plan", "一、深化生态建设,提升环境品质") in s


def test_no_review_heading_review_starts_after_opening():
    text = (FIX / "no_review_heading.txt").read_text(encoding="utf-8")
    secs = split_sections(text)
    _covers(text, secs)
    assert section_at(secs, text.index("过去一年")).part == "review"
    assert section_at(secs, text.index("我代表")).part == "front"
    assert section_at(secs, text.index("固定资产投资")).title == "一、着力稳定经济增长"
    plan = section_at(secs, text.index("社会消费品零售总额"))
    assert plan.part == "plan" and plan.title == "一、扩大有效需求"


def test_numbered_parts_with_parenthesized_sections():
    text = (FIX / "review_numbered.txt").read_text(encoding="utf-8")
    secs = split_sections(text)
    _covers(text, secs)
    assert section_at(secs, text.index("某某市2024年")).part == "front"
    s = section_at(secs, text.index("新增国家高新技术企业"))
    assert (s.part, s.title) == ("review", "(一)产业升级步伐加快")
    s = section_at(secs, text.index("主要预期目标"))
    assert (s.part, s.title) == ("plan", None)
    s = section_at(secs, text.index("专精特新"))
    assert (s.part, s.title) == ("plan", "(一)扎实推进产业转型")


def test_unnumbered_part_headings():
    text = (FIX / "plan_unnumbered.txt").read_text(encoding="utf-8")
    secs = split_sections(text)
    _covers(text, secs)
    assert section_at(secs, text.index("全区生产总值")).part == "review"
    assert section_at(secs, text.index("经济增长6%")).part == "plan"
    assert section_at(secs, text.index("新引进企业")).title == "(一)做强产业"


def test_traditional_headings_keep_their_characters():
    text = "二、過去一年的工作\n全縣地區生產總值增長6%。\n三、今年的主要目標任務\n全縣地區生產總值增長7%。\n"
    secs = split_sections(text)
    _covers(text, secs)
    assert section_at(secs, text.index("增長6%")).part == "review"
    assert section_at(secs, text.index("增長7%")).part == "plan"


def test_five_year_review_and_plan_styles():
    text = ("各位代表:\n现在,我代表县人民政府,向大会报告工作,请予审议。\n"
            "一、过去五年工作回顾\n五年来,全县地区生产总值年均增长6.5%。\n(一)经济实力显著增强。全县财政收入增长8%。\n"
            "二、今后五年的奋斗目标\n地区生产总值年均增长6%。\n"
            "三、2023年工作安排\n(一)稳住经济大盘。固定资产投资增长5%。\n")
    secs = split_sections(text)
    _covers(text, secs)
    assert section_at(secs, text.index("五年来")).part == "review"
    assert section_at(secs, text.index("全县财政收入")).title == "(一)经济实力显著增强"
    assert section_at(secs, text.index("年均增长6%")).part == "plan"
    assert section_at(secs, text.index("固定资产投资")).title == "(一)稳住经济大盘"


def test_excerpt_without_structure_and_empty_text():
    assert split_sections("") and split_sections("")[0].part == "front"
    secs = split_sections("全区地区生产总值增长4%。")
    _covers("全区地区生产总值增长4%。", secs)


@pytest.mark.parametrize("label,part", [
    ("2022年工作情况", "review"), ("过去五年工作回顾", "review"), ("过去一年的工作", "review"),
    ("2023年重点任务", "plan"), ("2023年工作安排", "plan"), ("今年的主要目标任务", "plan"),
    ("冬奥服务保障圆满成功", None),
])
def test_classify_part(label, part):
    assert classify_part(label) == part


def test_cn_ordinal():
    assert [cn_ordinal(x) for x in ("一", "九", "十", "十二", "二十", "3")] == [1, 9, 10, 12, 20, 3]


def test_review_without_opening_formula_and_plan_named_by_its_year():
    text = ("某县2023年政府工作报告\n各位代表:\n"
            "过去一年,全县地区生产总值增长5%,新增就业3000人,城镇登记失业率控制在3%以内,各项事业取得新进展。\n"
            "一、产业发展\n新建厂房5万平方米。\n二、2023年工作任务\n地区生产总值增长6%。\n")
    secs = split_sections(text)
    _covers(text, secs)
    assert section_at(secs, text.index("各位代表")).part == "front"
    assert section_at(secs, text.index("过去一年")).part == "review"
    assert section_at(secs, text.index("新建厂房")).title == "一、产业发展"
    assert section_at(secs, text.index("增长6%")).part == "plan"


def test_review_subheading_about_targets_does_not_start_the_plan():
    text = ("一、2022年工作回顾\n全区地区生产总值增长4%。\n年度目标任务全面完成\n新建学校3所。\n"
            "二、2023年工作安排\n地区生产总值增长6%。")
    secs = split_sections(text)
    assert section_at(secs, text.index("新建学校")).part == "review"
    assert section_at(secs, text.index("增长6%")).part == "plan"
