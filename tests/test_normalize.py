"""pipelines.text.normalize: NFKC, pinyin glosses, PDF break spaces, same-length t2s."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipelines.text import normalize
from pipelines.text.normalize import normalize_text, to_simplified

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "000_c4f1182ef43108cd.txt"
GOLD = ROOT / "tests" / "gold" / "yanqing_2023_gold.csv"
LONG = "全区经济运行总体平稳,各项主要指标保持合理区间,高质量发展取得新成效,"  # makes a paragraph-length line


def test_nfkc_full_width():
    assert normalize_text("增长５．５％，达到１２３亿元：") == "增长5.5%,达到123亿元:"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("穩中向好態(tài)勢", "穩中向好態勢"),
        ("发展(fā zhǎn)质量", "发展质量"),
        ("发展（fā zhǎn）质量", "发展质量"),  # full-width parentheses (NFKC first)
        ("发展(fa1 zhan3)质量", "发展质量"),  # tone numbers
        ("龘(dá)", "龘"),
    ],
)
def test_pinyin_glosses_removed(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("kept", ["(一)产业发展", "细颗粒物(PM2.5)浓度", "项目(a)", "指标(GDP)增长", "地区(含开发区)"])
def test_other_parentheses_kept(kept):
    assert normalize_text(kept) == kept


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("收入60132. 9 亿元", "收入60132.9亿元"),
        ("增长77.8 %", "增长77.8%"),
        ("增长6. 1 %", "增长6.1%"),
        ("达到1320 .5亿元", "达到1320.5亿元"),
    ],
)
def test_number_breaks_repaired_anywhere(raw, expected):
    assert normalize_text(raw) == expected


def test_word_breaks_repaired_in_paragraphs():
    line = LONG + "一般公共 预算收入增长 5% 以上,新增城镇就业 2.1 万人"
    assert normalize_text(line) == LONG + "一般公共预算收入增长5%以上,新增城镇就业2.1万人"


def test_layout_spaces_of_short_lines_kept():
    text = "北京市延庆区人民政府区长  叶大华\n第一部分  2022年工作情况"
    assert normalize_text(text) == text


def test_space_inside_quoted_slogan_kept():
    line = LONG + "“美丽延庆 冰雪夏都”的知名度美誉度持续提升"
    assert normalize_text(line) == line


def test_latin_words_keep_their_spaces():
    line = LONG + "举办Beijing Winter Games相关活动"
    assert normalize_text(line) == line


def test_paragraphs_kept_and_blank_runs_collapsed():
    text = "  第一段\u3000\r\n\r\n\r\n\r\n第二段\n第三段  \n"
    assert normalize_text(text) == "第一段\n\n第二段\n第三段"


def test_idempotent_on_seed():
    once = normalize_text(SEED.read_text(encoding="utf-8"))
    assert normalize_text(once) == once


def test_seed_gold_evidence_survives():
    text = normalize_text(SEED.read_text(encoding="utf-8"))
    with open(GOLD, encoding="utf-8", newline="") as f:
        evidence = [row["evidence"] for row in csv.DictReader(f)]
    assert evidence and all(e in text for e in evidence)


def test_to_simplified():
    assert to_simplified("政府工作報告 臺灣 發展") == "政府工作报告 台湾 发展"
    assert to_simplified("北京市延庆区") == "北京市延庆区"


def test_to_simplified_same_length_on_real_text():
    text = "過去一年,全區經濟呈現穩中向好態勢,發展質量持續提升。乾隆皇帝著作《四庫全書》,鬱鬱蔥蔥。\n" * 20
    out = to_simplified(text)
    assert len(out) == len(text)
    assert "经济" in out and "发展质量" in out


def test_to_simplified_falls_back_when_a_phrase_changes_length(monkeypatch):
    class Fake:  # a phrase table that maps 乾隆 to three characters, and 發 to 发
        def convert(self, s):
            return s.replace("乾隆", "乾隆帝").replace("發", "发")

    monkeypatch.setattr(normalize, "_t2s", lambda: Fake())
    text = "乾隆年間,發展很快。發"
    out = to_simplified(text)
    assert len(out) == len(text)
    assert out.endswith("发展很快。发")
