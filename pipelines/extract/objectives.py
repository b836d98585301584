"""Objectives and task text found without a heading (an excerpt, a news summary, a copy whose
headings were lost): :func:`reads_as_targets` tells a paragraph of targets from one of results by
how its figures are marked (增长5%左右, 500万人以上, 力争…, 5%—5.5%) and by its words of intent and of
the past (``lexicon/plan_text.csv``); :func:`is_plan_text` tells task text. Used by
``timeframe.frames`` (moved out of ``timeframe.py`` to keep it under the module size limit)."""

from __future__ import annotations

import re
from functools import cache

from pipelines.extract.words import alternation


@cache
def _plan_words() -> tuple[re.Pattern, re.Pattern]:
    return (re.compile(alternation("plan_text", "intent")), re.compile(alternation("plan_text", "past")))


def is_plan_text(paragraph: str) -> bool:
    """Task text (a plan without a heading): at least two words of intent (加快, 力争, 稳定在…以上)
    and no word of the past (了, 已, 同比, 比上年) in the paragraph (lexicon/plan_text.csv)."""
    intent, past = _plan_words()
    return len(intent.findall(paragraph)) >= 2 and not past.search(paragraph)


# a figure (not a year or a date) and the comparators that mark it as a target when they follow it
# (左右, 以上, 以内: 增长5%左右, 1400亿斤以上) or precede it (力争, 确保, 不低于, 控制在)
# (a digit not after a digit or a point: the look-behind follows the first digit, so that re scans
# for digits; opening with it, the pattern was tried at every offset, 4x slower)
_FIGURE = re.compile(r"\d(?<![\d.]\d)\d*(?:\.\d+)?(?![\d.])(?![年月日届])")
_MARK_AFTER = re.compile(r"[^\d,，;；。、:：]{0,6}?(?:左右|以上|以内|以下|之内)")
_MARK_BEFORE = re.compile(r"(?:力争|确保|不低于|不超过|不少于|不高于|控制在)[^\d,，;；。、:：]{0,4}$")
# a range is a target's form (年均增长5%—5.5%): both bounds count as marked
_RANGE_AFTER = re.compile(r"%?\s?[—\-–~～]\s?\d")
_RANGE_BEFORE = re.compile(r"\d%?\s?[—\-–~～]\s?$")
LATER_YEAR = re.compile(r"(?:到|至)(?P<y>20\d\d)年(?!以来)")
AVERAGE = re.compile(r"年均")
# 年均 of a figure (年均增长5%左右), not of a speed compared without one (年均增速高于全国: a result)
_AVERAGE_FIGURE = re.compile(r"年均[^\d，,。；;]{0,4}\d")
_ESTIMATE = re.compile(r"预计")


def _over_years(paragraph: str, report_year: int) -> bool:
    """An average over years (年均 before a figure) or a year after the report year (到2030年)."""
    return bool(_AVERAGE_FIGURE.search(paragraph)) or any(
        int(m.group("y")) > report_year for m in LATER_YEAR.finditer(paragraph))


def reads_as_targets(paragraph: str, report_year: int) -> bool:
    """Objectives rather than results: every figure marked as a target (增长5%左右, 500万人以上,
    力争…, a range 5%—5.5%), two figures at least or one averaged over years or set for a later year (年均增长5%左右,
    到2030年…), more words of intent than of the past (lexicon/plan_text.csv) and at least two of
    intent, and no estimate (预计: of the period reviewed). Results are written with plain figures
    (粮食产量连续9年稳定在1300亿斤以上。耕地面积净增212万亩)."""
    n = 0
    for m in _FIGURE.finditer(paragraph):  # stops at the first plain figure (most paragraphs)
        if not (_MARK_AFTER.match(paragraph, m.end())
                or _MARK_BEFORE.search(paragraph, max(0, m.start() - 12), m.start())
                or _RANGE_AFTER.match(paragraph, m.end()) or _RANGE_BEFORE.search(paragraph, max(0, m.start() - 4), m.start())):
            return False
        n += 1
    if not n or n == 1 and not _over_years(paragraph, report_year):
        return False  # one figure is too little to go by (粮食总产量连续18年保持在100万吨以上)
    if _ESTIMATE.search(paragraph):
        return False  # an estimate is of the period reviewed (预计年均增长11%以上)
    intent, past = _plan_words()
    n_intent = len(intent.findall(paragraph))
    return n_intent >= 2 and n_intent > len(past.findall(paragraph))
