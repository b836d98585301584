"""The time frame of every sentence: which part (review or plan) and which years it speaks of.

A report states its frame once and then leaves it implicit: a part heading
(``一、2025年工作回顾``, ``二、“十四五”时期发展成就和“十五五”时期主要目标任务``), then a
paragraph that opens with ``过去一年``, ``五年来``, ``“十四五”时期是极不平凡的五年``,
``刚刚过去的2025年``, ``根据…第十五个五年规划的建议…`` or ``今年主要预期目标是``. Later paragraphs
without such an opening keep the frame of the one before (``——发展质效不断提高…`` after
``五年来,…``), until the next cue or heading.

:func:`frames` turns these cues into a list of :class:`Frame` starting at offsets of the text;
:func:`frame_at` gives the frame of one offset. The words are those of
``lexicon/time_frames.csv`` (one row a word, with an example), plus two patterns that need
arithmetic: a five-year plan (``“十四五”``, ``第十五个五年规划``: the k-th plan starts in
1981 + 5 (k - 6)) and a written year (``2025年`` is the year reviewed, ``2026年`` the report year).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from pipelines.extract.words import alternation, rows
from pipelines.text.structure import classify_part
from pipelines.model import Section
from pipelines.text.numbers import parse_chinese

_KINDS = ("review_span", "review_year", "plan_span", "plan_year")


@dataclass(frozen=True)
class Frame:
    """part: review | plan; first..last: the years spoken of (first == last for one year);
    named: the span is a numbered five-year plan (“十五五”), not 今后五年."""

    part: str
    first: int
    last: int
    named: bool = False

    @property
    def is_span(self) -> bool:
        return self.last > self.first


@dataclass(frozen=True)
class Cue:
    word: str
    kind: str  # review_span | review_year | plan_span | plan_year
    years: int


@cache
def time_cues() -> tuple[Cue, ...]:
    """Rows of ``lexicon/time_frames.csv``, longest word first. Raises ValueError on a bad row."""
    out = []
    for row in rows("time_frames"):
        if row["kind"] not in _KINDS or not row["years"].isdigit():
            raise ValueError(f"time_frames.csv: bad row {row}")
        out.append(Cue(row["word"], row["kind"], int(row["years"])))
    return tuple(sorted(out, key=lambda c: -len(c.word)))


@cache
def _cue_re() -> re.Pattern:
    words = "|".join(re.escape(c.word) for c in time_cues())
    return re.compile(
        rf"(?P<plan>[“\"]?(?P<k>十[一二三四五六])五[”\"]?(?=时期|期间|以来|发展|主要|的|规划期|规划纲要|目标|,|，|。|$)"
        rf"|第(?P<k2>十[一二三四五六])个五年)"
        rf"|(?<!\d)(?P<since>(?:19|20)\d\d)年以来"
        rf"|(?<!\d)(?P<y>(?:19|20)\d\d)年(?![\d以来至—\-~～])"
        rf"|(?P<w>{words})")


_CUE_BY_WORD = None


def _cue(word: str) -> Cue:
    global _CUE_BY_WORD
    if _CUE_BY_WORD is None:
        _CUE_BY_WORD = {c.word: c for c in time_cues()}
    return _CUE_BY_WORD[word]


def plan_years(k: int) -> tuple[int, int]:
    """The years of the k-th five-year plan: 13 -> (2016, 2020), 15 -> (2026, 2030)."""
    start = 1981 + 5 * (k - 6)
    return start, start + 4


def cue_frame(m: re.Match, year_reviewed: int, report_year: int) -> Frame | None:
    """The frame one matched cue states, or None when it names no frame (an older year)."""
    if m.group("plan"):
        k = parse_chinese(m.group("k") or m.group("k2"))
        if not k:
            return None
        a, b = plan_years(int(k))
        return Frame("review" if b <= year_reviewed else "plan", a, b, named=True)
    if m.group("since"):
        y = int(m.group("since"))  # 2021年以来: the years from then to the year reviewed
        return Frame("review", y, year_reviewed) if year_reviewed - 15 < y <= year_reviewed else None
    if m.group("y"):
        y = int(m.group("y"))
        if y == year_reviewed:
            return Frame("review", y, y)
        if y == report_year:
            return Frame("plan", y, y)
        return None
    c = _cue(m.group("w"))
    if c.kind == "review_span":
        return Frame("review", year_reviewed - c.years + 1, year_reviewed)
    if c.kind == "review_year":
        return Frame("review", year_reviewed, year_reviewed)
    if c.kind == "plan_span":
        return Frame("plan", report_year, report_year + c.years - 1)
    return Frame("plan", report_year, report_year)


def first_cue(text: str, year_reviewed: int, report_year: int, at_start: bool = False) -> Frame | None:
    """The frame of the earliest cue in ``text`` that names one (at_start: only a cue that
    opens the text). A written year counts only near the opening (2017年,全市… but not
    …位次由第13位前移至第9位。2017年…, which dates one sentence, not the paragraph)."""
    if at_start:
        m = _cue_re().match(text)
        return cue_frame(m, year_reviewed, report_year) if m else None
    found = first_cue_at(text, year_reviewed, report_year)
    return found[1] if found else None


def first_cue_at(text: str, year_reviewed: int, report_year: int) -> tuple[int, Frame] | None:
    """(offset in ``text``, frame) of the earliest cue that names a frame, as in ``first_cue``."""
    for m in _cue_re().finditer(text):
        if (m.group("y") or m.group("since")) and m.start() > YEAR_LEAD:
            continue
        if (f := cue_frame(m, year_reviewed, report_year)) is not None:
            return m.start(), f
    return None


def _cue_start(para: str, lead: int, cue: int) -> int:
    """Where a cue found in a paragraph's opening takes effect: the paragraph's start, or the start
    of the cue's sentence when an earlier sentence already holds figures (（一）…实施项目500个。新建
    基站1万个。去年全省…: the tasks before 去年 keep the plan)."""
    ends = list(_SENTENCE_END.finditer(para, lead, cue))
    if ends and _DIGIT.search(para, lead, ends[-1].start()):
        return ends[-1].end() + _LEAD_SKIP.match(para, ends[-1].end()).end() - ends[-1].end()
    return 0


def heading_frame(head: str, year_reviewed: int, report_year: int) -> Frame | None:
    """The frame a heading states: its first cue, except that a heading naming both a review
    span and the year reviewed (一、“十三五”时期和2020年工作回顾) starts with the year and leaves
    the span to the paragraphs that open with it (过去的五年…)."""
    found = [f for m in _cue_re().finditer(head) if (f := cue_frame(m, year_reviewed, report_year))]
    if not found:
        return None
    year = Frame("review", year_reviewed, year_reviewed)
    if found[0].part == "review" and found[0].is_span and year in found[1:]:
        return year
    return found[0]


# a paragraph opening is read this far; a sentence later in the paragraph only at its very start
PARAGRAPH_LEAD = 48
SENTENCE_LEAD = 8  # 2023年以来 is 7 characters
YEAR_LEAD = 6
_SENTENCE_END = re.compile(r"[。！？!?]")
_TITLE_LINE = re.compile(r"报告|会议上|代表大会")  # the title and delivery lines name no frame
_LEAD_SKIP = re.compile(r"[\s—\-–·•]*")
_DIGIT = re.compile(r"\d")


def frames(text: str, sections: list[Section], year_reviewed: int | None,
           report_year: int | None) -> list[tuple[int, Frame]]:
    """(offset, frame) in text order: each frame holds from its offset to the next one.

    ``text`` is the Simplified text the sections cut; a section's heading line gives its
    first frame (a part-level heading the frame of its sections), a paragraph's opening and a
    sentence's first words change it. Empty when either year is unknown."""
    if year_reviewed is None or report_year is None:
        return []
    out: list[tuple[int, Frame]] = []
    part_frame: Frame | None = None
    stated = False  # whether a heading or a cue has told the frame yet
    for sec in sections:
        if sec.part == "front":
            continue
        line_end = text.find("\n", sec.start, sec.end)
        head = text[sec.start:line_end if line_end >= 0 else sec.end]
        base = Frame(sec.part, year_reviewed, year_reviewed) if sec.part == "review" \
            else Frame("plan", report_year, report_year)
        is_head = len(head) <= 60 and not _SENTENCE_END.search(head) and not _TITLE_LINE.search(head)
        own = heading_frame(head, year_reviewed, report_year) if is_head else None
        stated = stated or own is not None or is_head and classify_part(head) is not None
        if sec.title is None:
            part_frame = own or base
            current = part_frame
        else:
            current = own or (part_frame if part_frame and part_frame.part == sec.part else base)
        out.append((sec.start, current))
        pos = line_end + 1 if 0 <= line_end and is_head else sec.start
        while pos < sec.end:
            end = text.find("\n", pos, sec.end)
            end = sec.end if end < 0 else end
            para = text[pos:end]
            lead = _LEAD_SKIP.match(para).end()
            found = first_cue_at(para[lead:lead + PARAGRAPH_LEAD], year_reviewed, report_year)
            f = found[1] if found else None
            at = _cue_start(para, lead, lead + found[0]) if found else 0
            if f is not None and _allowed(f, sec.part, para[at:]):
                current, stated = f, True
                out.append((pos + at, f))
            elif not stated and sec.part == "review":
                # an excerpt that starts inside the plan part, with no heading: task text
                f = Frame("plan", report_year, report_year) if is_plan_text(para) else base
                if f != current:
                    current = f
                    out.append((pos, f))
            for sm in _SENTENCE_END.finditer(para):
                s0 = sm.end()
                s0 += _LEAD_SKIP.match(para, s0).end() - s0
                f = first_cue(para[s0:s0 + SENTENCE_LEAD], year_reviewed, report_year, at_start=True)
                if f is not None and f != current and _allowed(f, sec.part, para[s0:]):
                    current = f
                    out.append((pos + s0, f))
            pos = end + 1
    return out


@cache
def _plan_words() -> tuple[re.Pattern, re.Pattern]:
    return (re.compile(alternation("plan_text", "intent")), re.compile(alternation("plan_text", "past")))


def is_plan_text(paragraph: str) -> bool:
    """Task text (a plan without a heading): at least two words of intent (加快, 力争, 稳定在…以上)
    and no word of the past (了, 已, 同比, 比上年) in the paragraph (lexicon/plan_text.csv)."""
    intent, past = _plan_words()
    return len(intent.findall(paragraph)) >= 2 and not past.search(paragraph)


_TARGET_WORDS = re.compile(r"预期目标|主要目标|目标是|目标为")


def _allowed(f: Frame, part: str, text: str) -> bool:
    """A one-year plan cue inside the review part needs the words of a target in its sentence:
    a report delivered in December says 今年 of the year it reviews (今年,全区地区生产总值预计…)."""
    if f.part == "plan" and part == "review" and not f.is_span:
        return bool(_TARGET_WORDS.search(_SENTENCE_END.split(text, 1)[0]))
    return True


def frame_at(marks: list[tuple[int, Frame]], starts: list[int], pos: int) -> Frame | None:
    """The frame holding offset ``pos`` (``starts`` = the offsets of ``marks``)."""
    i = bisect_right(starts, pos) - 1
    return marks[i][1] if i >= 0 else None
