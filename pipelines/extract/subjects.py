"""Subjects: the shortest noun phrase naming what a number measures."""

from __future__ import annotations

import re

from pipelines.extract.grammar import (
    AFTER_CUT_RE,
    AFTER_START_STOP_RE,
    AFTER_PROMOTE_RE,
    AFTER_RUN_RE,
    CONSECUTIVE_RE,
    LEAD_RE,
    MID_VERB_RE,
    SCOPE_PREFIX_RE,
    TAIL_RE_SUBJECT,
)

_SPACE_IN_WORD = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_QUOTED = re.compile(r"“[^”]*”|《[^》]*》|\([^)]*\)|（[^）]*）")
_EMPTY = re.compile(r"^[\s、,，“”\"'()（）:：;；。]*$")
_ORPHAN_QUOTE = re.compile(r"^[”’」』]+|[“‘「『]+$")


def _masked(s: str) -> str:
    """s with quoted/bracketed content replaced by placeholders (same length)."""
    return _QUOTED.sub(lambda m: "□" * len(m.group()), s)


def clean_before(zone: str) -> tuple[int, int]:
    """(start, end) of the subject inside the text before a number, or (0, 0) when there is none.

    Drops leading connectives and scope words (其中, 全年, 全区, 完成 ...) and trailing verbs,
    comparators and qualifiers (预计完成, 同比增长, 控制在, 首次超 ...)."""
    start, end = 0, len(zone)
    m = TAIL_RE_SUBJECT.search(zone)
    if m:
        end = m.start()
    m = CONSECUTIVE_RE.search(zone, start, end)
    if m and m.end() >= end - 1:
        end = m.start()
        m2 = TAIL_RE_SUBJECT.search(zone[:end])
        if m2:
            end = m2.start()
    m = LEAD_RE.match(zone, start, end)
    if m:
        start = m.end()
        # keep the scope word when only a bare head would remain (全区生产总值, 全市GDP)
        if zone[start:end] in ("生产总值", "GDP", "经济总量") and start >= 2 and SCOPE_PREFIX_RE.match(zone[start - 2:start]):
            start -= 2
    mv = None
    for mv in MID_VERB_RE.finditer(zone, start, end):
        pass
    if mv and end - mv.end() >= 2:
        start = mv.end()
    # a leading orphan closing quote, a trailing orphan opening quote
    while start < end and zone[start] in "”’」』)）":
        start += 1
    while end > start and zone[end - 1] in "“‘「『(（":
        end -= 1
    if start >= end or _EMPTY.match(zone[start:end]):
        return 0, 0
    return start, end


def after_subject(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the counted noun right after a count (626名冬奥运动员), or (pos, pos)."""
    m = AFTER_RUN_RE.match(text, pos)
    if not m:
        return pos, pos
    run = m.group()
    masked = _masked(run)
    start, end = 0, len(run)
    p = AFTER_PROMOTE_RE.search(masked)
    if p and p.end() < end:  # 10个项目获评全市体育旅游精品项目 -> 全市体育旅游精品项目
        start = p.end()
    else:
        de = masked.find("的")
        cut = AFTER_CUT_RE.search(masked, 1)
        # 51天紧张有序的工作 -> 工作: the head noun follows the last 的 of a modifier
        if 0 < de < len(run) - 1 and run[de + 1] not in "〇零一二两三四五六七八九十百千万" and (not cut or cut.start() >= de or "的" in masked[cut.start():de + 1]):
            start = de + 1
    c = AFTER_CUT_RE.search(masked, start + 1)
    if c:
        end = c.start()
    if start == 0 and (AFTER_CUT_RE.match(masked, 0) or AFTER_START_STOP_RE.match(masked, 0)):
        return pos, pos
    if m.end() < len(text) and text[m.end()].isdigit() and end == len(run) and run.endswith("率") and end - start >= 5:
        end -= 3  # 260项企业诉求办结率100%: the rate belongs to the next number
    if m.end() < len(text) and text[m.end()].isdigit() and end == len(run):
        while end > start and run[end - 1] in "和及与、":  # 3个国考和4个市考断面
            end -= 1
    if end - start < 1:
        return pos, pos
    return pos + start, pos + end


def tidy(subject: str) -> str:
    """Subject as written, without stray PDF spaces inside words."""
    return _SPACE_IN_WORD.sub("", subject).strip()
