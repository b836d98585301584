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

from pipelines.extract.grammar import compared_time, fast_scan, first_chars, plan_years
from pipelines.extract.objectives import AVERAGE, LATER_YEAR, is_plan_text, reads_as_targets
from pipelines.extract.words import alternation, rows
from pipelines.model import Section
from pipelines.text.numbers import parse_chinese
from pipelines.text.structure import REPORTED, classify_part

_KINDS = ("review_span", "review_year", "plan_span", "plan_year", "this_year", "next_year")
# rows of time_frames.csv that are no cue: a verb of looking back that may open a sentence before
# one (回望过去五年，…), the address to the deputies that may open a paragraph (各位代表！2025年…),
# the words after a numbered plan that change its years (plan_since: 以来; plan_first: 前三年;
# plan_last: 后两年), and the superlatives that make a span before them a record, not a frame
# (增幅为近五年最高: kind record)
_PLAN_PART_KINDS = ("plan_first", "plan_last")
_LEAD_KINDS = ("lead_verb", "address", "plan_since", "record", *_PLAN_PART_KINDS)


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
    kind: str  # review_span | review_year | plan_span | plan_year | this_year | next_year
    years: int


@cache
def time_cues() -> tuple[Cue, ...]:
    """The cues of ``lexicon/time_frames.csv`` (kinds of ``_KINDS``), longest word first; the rows
    that are no cue (``_LEAD_KINDS``: lead_verb, address, plan_since, plan_first, plan_last) are read
    elsewhere. Raises ValueError on a bad row."""
    out = []
    for row in rows("time_frames"):
        if row["kind"] in _LEAD_KINDS:
            continue
        if row["kind"] not in _KINDS or not row["years"].isdigit():
            raise ValueError(f"time_frames.csv: bad row {row}")
        out.append(Cue(row["word"], row["kind"], int(row["years"])))
    return tuple(sorted(out, key=lambda c: -len(c.word)))


@cache
def _cue_re() -> re.Pattern:
    """The cue pattern with a look-ahead on its first characters (``grammar.fast_scan``: the same
    matches; searched over every paragraph opening, the pattern as written was 6x slower)."""
    return fast_scan(cue_pattern())


@cache
def _cue_first() -> re.Pattern:
    """The characters a cue can open with (``grammar.first_chars`` of the cue pattern)."""
    return re.compile(first_chars(cue_pattern().pattern))


@cache
def _cue_sentence_end() -> re.Pattern:
    """A sentence end whose next sentence, past ``_LEAD_SKIP`` and ``_LEAD_VERB`` (atomic: as their ``match``), opens
    with a character of ``_cue_first``: most sentences do not, passed over in re (not three ``match`` calls each)."""
    return re.compile(rf"{_SENTENCE_END.pattern}(?=(?>{_LEAD_SKIP.pattern})(?>(?>{_LEAD_VERB.pattern})|){_cue_first().pattern})")


@cache
def cue_pattern() -> re.Pattern:
    """A five-year plan, a year (since), or a word of ``lexicon/time_frames.csv``, as written."""
    words = "|".join(re.escape(c.word) for c in time_cues())
    first = alternation("time_frames", *_PLAN_PART_KINDS)
    return re.compile(
        rf"(?P<plan>[“\"]?(?P<k>十[一二三四五六])五[”\"]?(?=时期|期间|以来|发展|主要|的|规划期|规划纲要|目标|,|，|。|$|{first})"
        rf"|第(?P<k2>十[一二三四五六])个五年|[“\"](?P<k3>十)五[”\"](?=时期|期间|以来|计划|规划))"
        rf"|(?<!\d)(?P<fy>(?:19|20)\d\d)年?(?:到|至|—|-|－|~|～)(?P<ty>(?:19|20)\d\d)年"
        rf"|(?<!\d)(?P<since>(?:19|20)\d\d)年以来"
        rf"|(?<!\d)(?P<y>(?:19|20)\d\d)年(?![\d以来至—\-~～])"
        rf"|(?P<w>{words})")


_CUE_BY_WORD = None


def _cue(word: str) -> Cue:
    global _CUE_BY_WORD
    if _CUE_BY_WORD is None:
        _CUE_BY_WORD = {c.word: c for c in time_cues()}
    return _CUE_BY_WORD[word]


@cache
def since_plan_re() -> re.Pattern:
    """The words after a numbered plan that make it a look back from its first year to the year
    reviewed (lexicon/time_frames.csv, kind plan_since: “十三五”以来, “十三五”时期以来)."""
    return re.compile(alternation("time_frames", "plan_since"))


@cache
def _plan_parts() -> dict[str, tuple[str, int]]:
    """word -> (kind, N) of lexicon/time_frames.csv kinds plan_first (前三年) and plan_last (后两年)."""
    return {r["word"]: (r["kind"], int(r["years"])) for r in rows("time_frames") if r["kind"] in _PLAN_PART_KINDS}


@cache
def plan_part_re() -> re.Pattern:
    """The words of ``_plan_parts`` as a pattern (longest first)."""
    return re.compile(alternation("time_frames", *_PLAN_PART_KINDS))


def plan_part_years(word: str, a: int, b: int) -> tuple[int, int]:
    """The years of plan a..b a word of ``plan_part_re`` names: 前三年 -> (a, a + 2), 后两年 -> (b - 1, b)."""
    kind, n = _plan_parts()[word]
    return (a, a + n - 1) if kind == "plan_first" else (b - n + 1, b)


def cue_frame(m: re.Match, year_reviewed: int, report_year: int, december: bool = False) -> Frame | None:
    """The frame one matched cue states, or None when it names no frame (an older year).
    december: the report was delivered in December of the year it reviews, so 今年 is that year
    and 明年 the report year (kinds this_year, next_year); otherwise 今年 is the report year and
    明年 names no frame."""
    if m.group("plan"):
        k = parse_chinese(m.group("k") or m.group("k2") or m.group("k3"))
        if not k:
            return None
        a, b = plan_years(int(k))
        after = m.string[m.end():m.end() + 8]
        if a <= year_reviewed and since_plan_re().match(after):
            return Frame("review", a, year_reviewed)  # “十三五”以来 (in 2018): from 2016 to the year reviewed
        if part := plan_part_re().match(after):  # “十三五”前三年: 2016-2018; “十一五”后两年 (in 2009): 2009-2010
            x, y = plan_part_years(part.group(), a, b)
            if y <= year_reviewed:
                return Frame("review", x, y)
            if x >= report_year:
                return Frame("plan", x, y)
        return Frame("review" if b <= year_reviewed else "plan", a, b, named=True)
    if m.group("fy"):
        return _years_frame(int(m.group("fy")), int(m.group("ty")), year_reviewed, report_year)
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
    if c.kind == "this_year" and december:
        return Frame("review", year_reviewed, year_reviewed)
    if c.kind == "next_year" and not december:
        return None
    return Frame("plan", report_year, report_year)


def _years_frame(a: int, b: int, year_reviewed: int, report_year: int) -> Frame | None:
    """The frame two written years state (2020年到2025年, 2021—2025年, 2026年至2030年): the review up to the
    year reviewed, the plan from the report year; None for other years. Five years apart the first is the
    base the span grows from (2020年到2025年,比重从17.9%提升到35.5%: 2021-2025)."""
    if not 0 < b - a <= 10:
        return None
    if b == year_reviewed:
        return Frame("review", a + 1 if b - a == 5 else a, b)
    if a == report_year:
        return Frame("plan", a, b)
    return None


def first_cue(text: str, year_reviewed: int, report_year: int, at_start: bool = False,
              december: bool = False) -> Frame | None:
    """The frame of the earliest cue in ``text`` that names one (at_start: only a cue that
    opens the text). A written year counts only near the opening (2017年,全市… but not
    …位次由第13位前移至第9位。2017年…, which dates one sentence, not the paragraph); a horizon
    (今后五年, 未来五年) only where a clause opens, never as the object of a verb."""
    if at_start:
        m = _cue_re().match(text)
        return cue_frame(m, year_reviewed, report_year, december) if m and not _is_record(text, m) else None
    found = first_cue_at(text, year_reviewed, report_year, december)
    return found[1] if found else None


def first_cue_at(text: str, year_reviewed: int, report_year: int,
                 december: bool = False, after: str = "") -> tuple[int, Frame] | None:
    """(offset in ``text``, frame) of the earliest cue that names a frame, as in ``first_cue``;
    ``after``: the words that follow ``text`` (a paragraph's opening) in its paragraph, read only to
    tell a record (…为近三年来 | 最大降幅) from a frame."""
    for m in _cue_re().finditer(text):
        if (m.group("y") or m.group("since") or m.group("fy")) and m.start() > YEAR_LEAD:
            continue
        if m.group("w") and _cue(m.group("w")).kind == "plan_span" and m.start() > 0 \
                and text[m.start() - 1] not in _CLAUSE_OPEN:
            continue  # the object of a verb, not a frame: 取得未来五年国际雪车联合会赛事举办权
        if compared_time(text, m.start(), m.end()):
            continue  # 较“十三五”时期增长148%, 是“十三五”时期的1.9倍: the span compared with (a basis), not a frame
        if _is_record(text + after[:8] if m.end() + 8 > len(text) else text, m):
            continue  # 增幅均为近五年最高: a record over the span, not a frame
        if (f := cue_frame(m, year_reviewed, report_year, december)) is not None:
            return m.start(), f
    return None


@cache
def _record_re() -> re.Pattern:
    return re.compile(rf"(?:以来|来)?(?:{alternation('time_frames', 'record')})")


def _is_record(text: str, m: re.Match) -> bool:
    """Whether a span cue is followed by a superlative (近五年最高, 五年来最好, 近五年以来最低):
    the figure is a record over the span, and the sentence keeps its frame."""
    return bool(m.group("w")) and _cue(m.group("w")).kind.endswith("_span") \
        and bool(_record_re().match(text, m.end()))


# what may stand right before a horizon that opens a clause (今后五年，…; 在未来五年…)
_CLAUSE_OPEN = set("，,。；;：:、“（(—在是")


def _cue_start(para: str, lead: int, cue: int) -> int:
    """Where a cue found in a paragraph's opening takes effect: the paragraph's start, or the start
    of the cue's sentence when an earlier sentence already holds figures (（一）…实施项目500个。新建
    基站1万个。去年全省…: the tasks before 去年 keep the plan)."""
    ends = list(_SENTENCE_END.finditer(para, lead, cue))
    if ends and _DIGIT.search(para, lead, ends[-1].start()):
        return ends[-1].end() + _LEAD_SKIP.match(para, ends[-1].end()).end() - ends[-1].end()
    return 0


def heading_frame(head: str, year_reviewed: int, report_year: int, december: bool = False) -> Frame | None:
    """The frame a heading states: its first cue, except that a heading naming both a review
    span and the year reviewed (一、“十三五”时期和2020年工作回顾) starts with the year and leaves
    the span to the paragraphs that open with it (过去的五年…)."""
    found = [f for m in _cue_re().finditer(head) if (f := cue_frame(m, year_reviewed, report_year, december))]
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
# dashes and bullets, and the words of a news summary quoting the report (报告提出，2026年…)
# and the address to the deputies (各位代表！: lexicon/time_frames.csv kind address)
_LEAD_SKIP = re.compile(rf"[\s—\-–·•]*(?:(?:{alternation('time_frames', 'address')})[、!！:：,，]\s*)*"
                        rf"(?:(?:{REPORTED.pattern})[\s—\-–·•]*)?")
# a verb of looking back before a cue that opens a sentence (回望过去五年，…; kind lead_verb)
_LEAD_VERB = re.compile(alternation("time_frames", "lead_verb"))
_DIGIT = re.compile(r"\d")


def frames(text: str, sections: list[Section], year_reviewed: int | None,
           report_year: int | None) -> list[tuple[int, Frame]]:
    """(offset, frame) in text order: each frame holds from its offset to the next one.

    ``text`` is the Simplified text the sections cut; a section's heading line gives its
    first frame (a part-level heading the frame of its sections), a paragraph's opening and a
    sentence's first words change it. Empty when either year is unknown."""
    if year_reviewed is None or report_year is None:
        return []
    december = delivered_in_december(text, year_reviewed)
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
        own = heading_frame(head, year_reviewed, report_year, december) if is_head else None
        stated = stated or own is not None or is_head and classify_part(head) is not None
        if sec.title is None:
            part_frame = own or base
            current = part_frame
        elif own is None and sec.part == "review" and out and out[-1][1].part == "plan":
            # the plan has begun in the review part (its heading lost: 今年…主要预期目标是 …
            # (一)守牢…底线): a later section without a cue of its own goes on with it
            current = out[-1][1]
        else:
            current = own or (part_frame if part_frame and part_frame.part == sec.part else base)
        out.append((sec.start, current))
        sec_marks = len(out)  # the marks of this section's paragraphs and sentences start here
        # a part without a heading of its own takes its frame from its first paragraph
        # (“十二五”时期是…的五年 … (一)产业结构持续优化…: the sections review the span)
        headless_part = sec.title is None and own is None and not is_head
        first_paragraph = True
        pos = line_end + 1 if 0 <= line_end and is_head else sec.start
        while pos < sec.end:
            end = text.find("\n", pos, sec.end)
            end = sec.end if end < 0 else end
            para = text[pos:end]
            lead = _LEAD_SKIP.match(para).end()
            # a title line left in the text (a running header) names no frame: 2026年…政府工作报告
            title = len(para) <= 40 and _TITLE_LINE.search(para) and not _SENTENCE_END.search(para)
            found = None if title else first_cue_at(para[lead:lead + PARAGRAPH_LEAD], year_reviewed, report_year,
                                                   december, para[lead + PARAGRAPH_LEAD:lead + PARAGRAPH_LEAD + 8])
            if found and _after_a_figure(para[lead:lead + found[0]]):
                found = None  # 优化实施新一轮“3个100万”,“十五五”时期中心城市新增人口100万: the span dates its clause
            f = found[1] if found else None
            at = _cue_start(para, lead, lead + found[0]) if found else 0
            if f is not None and _allowed(f, sec.part, para[at:], current):
                current, stated = f, True
                out.append((pos + at, f))
                if headless_part and first_paragraph and f.part == sec.part:
                    part_frame = f
            elif not stated and sec.part == "review":
                # an excerpt that starts inside the plan part, with no heading: task text
                # (objectives over years take the five-year plan: 年均增长10%左右, 到2030年)
                if reads_as_targets(para, report_year):
                    f = targets_frame(para, report_year)
                else:
                    f = Frame("plan", report_year, report_year) if is_plan_text(para) else base
                if f != current:
                    current = f
                    out.append((pos, f))
            elif sec.part == "review" and current.part == "review" and reads_as_targets(para, report_year) \
                    and (_SENTENCE_END.search(para, 0, len(para.rstrip()) - 1) or _PLAN_MARK_RE.search(para)):
                # objectives after the review with their heading lost (an excerpt, a news summary); a
                # lone sentence of levels marked 以上/左右 amid results (one sentence a line, as on a
                # bilingual page: 分别提升至95%左右、96%以上) stays a result unless a word of the plan marks it
                current = targets_frame(para, report_year)
                out.append((pos, current))
            for sm in _cue_sentence_end().finditer(para):  # only the sentences a cue may open
                s0 = _LEAD_SKIP.match(para, sm.end()).end()
                verb = _LEAD_VERB.match(para, s0)
                s1 = verb.end() if verb else s0
                f = first_cue(para[s1:s1 + SENTENCE_LEAD], year_reviewed, report_year, at_start=True,
                              december=december)
                if f is not None and f != current and _allowed(f, sec.part, para[s0:], current):
                    current = f
                    out.append((pos + s0, f))
            pos = end + 1
            first_paragraph = first_paragraph and not para.strip()
        if sec.title is None and _looks_back_last(out[sec_marks:]) and not (part_frame and part_frame.is_span):
            # the part's opening words review the year, then look back over the span (2025年…。各位
            # 代表！2025年目标任务完成。回望过去五年，…): its numbered sections without a cue of their
            # own review the span ((一)全面转向…。…五年来，…). Not when the opening starts on the span
            # (“十三五”时期，… (一)…: the sections are the year's), nor under a heading naming a span
            # alone (一、“十二五”时期工作回顾)
            part_frame = current
        elif sec.title is None and _span_then_year(out[sec_marks - 1:], text, year_reviewed, report_year, december) \
                and (not is_head or _names_one_year(head, year_reviewed, report_year, december)):
            # the opening words state a span, then end on a word of one year of the same part
            # (过去的五年…。刚刚过去的2025年…; “十五五”时期是…。今年…主要预期目标是…): the numbered
            # sections without a cue of their own are that year's. Not after a year merely written
            # (“十二五”时期是…的五年。…2015年,全市…增长9.1%。(一)…: the sections review the span), nor
            # under a heading naming a span alone (二、“十五五”时期主要目标任务: its sections are the span's)
            part_frame = current
    return out


def _span_then_year(marks: list[tuple[int, Frame]], text: str, year_reviewed: int, report_year: int,
                    december: bool = False) -> bool:
    """Whether the frames stated in a part's opening (its heading's first) end on one year, named by
    a word of the year (过去一年, 刚刚过去的, 今年, 预期目标是: lexicon/time_frames.csv), after a span
    of the same part was stated."""
    if not marks or marks[-1][1].is_span:
        return False
    last = marks[-1][1]
    if not any(f.part == last.part and f.is_span for _, f in marks[:-1]):
        return False
    k = len(marks)
    while k > 0 and marks[k - 1][1] == last:
        k -= 1  # the run of marks stating that year (今年…。2026年政府工作主要是…: either may name it)
    return any(_named_by_word(text, at, last, year_reviewed, report_year, december) for at, _ in marks[k:])


def _named_by_word(text: str, at: int, frame: Frame, year_reviewed: int, report_year: int,
                   december: bool = False) -> bool:
    """Whether the cue stating ``frame`` at offset ``at`` is a word (今年, 刚刚过去的), not a year written."""
    lead = _LEAD_SKIP.match(text, at).end()
    for m in _cue_re().finditer(text, lead, lead + PARAGRAPH_LEAD):
        if cue_frame(m, year_reviewed, report_year, december) == frame:
            return bool(m.group("w"))
    return False


def _names_one_year(head: str, year_reviewed: int, report_year: int, december: bool = False) -> bool:
    """Whether a heading names one year among its cues (“十五五”时期主要目标和2026年重点工作)."""
    return any((f := cue_frame(m, year_reviewed, report_year, december)) is not None and not f.is_span
               for m in _cue_re().finditer(head))


# a figure written after a word (“3个, 增长5%), not an item number opening the paragraph ((1), 1.)
_WORD_FIGURE = re.compile(r"[\u4e00-\u9fff“]\d")


def _after_a_figure(before: str) -> bool:
    """Whether the words before a cue in a paragraph's opening hold a figure in the cue's own
    sentence: the cue dates its clause, not the paragraph (a sentence a line, as on a bilingual
    page, makes every sentence a paragraph)."""
    sentence = before[before.rfind("。") + 1:]
    return bool(_WORD_FIGURE.search(sentence))


# the delivery line (——2018年12月20日在…会议上; a news lead: 本报讯 2018年12月20日…) in the opening lines
_DECEMBER_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*年\s*(?:12|十二)\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日")
_HEAD_CHARS = 400


def delivered_in_december(text: str, year_reviewed: int) -> bool:
    """Whether the report was delivered in December of the year it reviews (its delivery date in
    the first lines): such a report says 今年 of the year reviewed and 明年 of the report year."""
    m = _DECEMBER_RE.search(text, 0, _HEAD_CHARS)
    return m is not None and int(m.group("y")) == year_reviewed


def _looks_back_last(marks: list[tuple[int, Frame]]) -> bool:
    """Whether the frames stated in a part's opening words end on a review span that comes after
    the year reviewed was stated (the year first, then the look back)."""
    if not marks or marks[-1][1].part != "review" or not marks[-1][1].is_span:
        return False
    return any(f.part == "review" and not f.is_span for _, f in marks[:-1])


def targets_frame(paragraph: str, report_year: int) -> Frame:
    """The frame of objectives found without a heading: the five-year plan holding the report year
    when they are averages over years or run to a later year of that plan (年均增长10%左右,
    到2030年…达到10万元以上), else the report year."""
    a, b = plan_years((report_year - 1981) // 5 + 6)
    later = [int(m.group("y")) for m in LATER_YEAR.finditer(paragraph)]  # 到2030年
    if AVERAGE.search(paragraph) or any(report_year < y <= b for y in later):
        return Frame("plan", a, b, named=True)
    return Frame("plan", report_year, report_year)


# words that mark a lone sentence of objectives as the plan (lexicon/plan_text.csv, kind mark: 目标,
# 力争, 今年, 年均增长…), or a later year it runs to (到2030年: a shape)
_PLAN_MARK_RE = re.compile(rf"{alternation('plan_text', 'mark')}|(?:到|至)20\d\d年")
_TARGET_WORDS = re.compile(r"预期目标|主要目标|目标是|目标为")


def _allowed(f: Frame, part: str, text: str, current: Frame | None = None) -> bool:
    """A one-year plan cue inside the review part needs the words of a target in its sentence:
    a report delivered in December says 今年 of the year it reviews (今年,全区地区生产总值预计…).
    The report year written out (2026年全市地区生产总值增长5%左右) is the plan whatever follows,
    and so is 今年 once the text speaks of the plan (``current``: a copy without headings, after
    “十五五”时期…: 今年是“十五五”开局之年。…主要预期目标是…)."""
    if f.part == "plan" and part == "review" and not f.is_span and not (current and current.part == "plan"):
        lead = text[_LEAD_SKIP.match(text).end():]
        if re.match(rf"(?:到|至)?{f.first}年", lead):
            return True
        return bool(_TARGET_WORDS.search(_SENTENCE_END.split(text, 1)[0]))
    return True


def frame_at(marks: list[tuple[int, Frame]], starts: list[int], pos: int) -> Frame | None:
    """The frame holding offset ``pos`` (``starts`` = the offsets of ``marks``)."""
    i = bisect_right(starts, pos) - 1
    return marks[i][1] if i >= 0 else None
