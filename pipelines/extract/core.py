"""The objects every pass of the extractor shares: a measure (a number with its unit and
comparator), a fact (a measure with what it measures) and the clause, segment, sentence and
paragraph boundaries of the text being read."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import deque
from dataclasses import dataclass

from pipelines.model import Section
from pipelines.text.numbers import parse_chinese

_BOUNDARY_RE = re.compile(r"[,，;；。:：!！?？\n]")  # clauses
_SEGMENT_CHARS = frozenset(";；。!！?？\n")  # segments: up to 。 or ；
_SENTENCE_CHARS = frozenset("。!！?？\n")
_PROTECT_RE = re.compile(r"“[^”\n]{1,20}”|「[^」\n]{1,20}」|《[^》\n]{1,60}》|\"[^\"\n]{1,20}\"")


@dataclass(slots=True)  # no __dict__: less memory and garbage, faster attributes
class Measure:
    num_start: int
    num_end: int
    value: float
    unit: str
    unit_end: int  # end of the unit as written
    meas_end: int  # end including a trailing comparator (以上, 左右)
    cmp_start: int  # start including a leading comparator (近, 超过)
    comparator: str = "eq"
    value_high: float | None = None
    chinese: bool = False
    unit_spans: tuple[tuple[int, int], ...] = ()  # where the unit is written (万 … 人次 may be apart)
    doubling: bool = False  # 翻一番: a growth in percent written as a word


@dataclass(slots=True)
class Fact:
    m: Measure
    metric: str
    value: float
    unit: str
    subject: str
    subj_start: int
    subj_end: int
    basis: str | None = None
    period_override: str | None = None
    after: bool = False  # subject follows the number
    verb: str | None = None
    pre: str = ""  # the words between the clause start (or the number before) and this number
    start_from: str | None = None  # a starting point: "start" (由44.3%…, the span's start) or "prev" (由上年末的…)
    from_year: bool = False  # a starting point with its year written (由1997年的170亿元)
    since: int | None = None  # a growth against a written year (比2010年翻一番)
    span: int | None = None  # years of a run (连续5年)
    rank_lead: int = 0  # where the words leading a rank begin (居全省第二)
    rank_from: bool = False  # the first position of a rank that moves (由第13位…)
    evidence_end: int = 0  # a later end of the evidence (a subject completed by a later noun)
    pegged_to: str | None = None


def _merged(bounds: list[int], cuts: list[int]) -> list[int]:
    """Sorted, distinct offsets of ``bounds`` (sorted) and ``cuts`` (a few, sorted)."""
    if not cuts:
        return bounds
    out = bounds[:]
    for c in cuts:
        i = bisect_left(out, c)
        if i == len(out) or out[i] != c:
            out.insert(i, c)
    return out


class Doc:
    """Offsets of clause and sentence boundaries and protected spans of one text."""

    def __init__(self, simp: str, sections: list[Section]):
        self.s = simp
        n = len(simp)
        # one scan for all boundaries; the kinds are picked from it (a loop over every match
        # object in Python cost twice as much)
        clause = [m.start() for m in _BOUNDARY_RE.finditer(simp)]
        segment = [i for i in clause if simp[i] in _SEGMENT_CHARS]
        sentence = [i for i in segment if simp[i] in _SENTENCE_CHARS]
        # line wraps are gone (layout.compact): every line break ends a paragraph
        para = [i for i in sentence if simp[i] == "\n"]
        # a section start ends the clause, segment, sentence and paragraph before it
        cuts = sorted({sec.start - 1 for sec in sections})
        self.clause = _merged(clause, cuts)
        self.segment = _merged(segment, cuts)
        self.sentence = _merged(sentence, cuts)
        self.para = _merged(para, cuts)
        self.protected = [m.span() for m in _PROTECT_RE.finditer(simp)]
        self._prot_starts = [a for a, _ in self.protected]
        self.n = n

    def clause_start(self, pos: int) -> int:
        i = bisect_right(self.clause, pos - 1) - 1  # inlined: called several times a fact
        return self.clause[i] + 1 if i >= 0 else 0

    def clause_end(self, pos: int) -> int:
        i = bisect_right(self.clause, pos - 1)
        return self.clause[i] if i < len(self.clause) else self.n

    def segment_start(self, pos: int) -> int:
        """Start of the clause group up to the last 。 or ；."""
        i = bisect_right(self.segment, pos - 1) - 1  # inlined: called several times a fact
        return self.segment[i] + 1 if i >= 0 else 0

    def sentence_start(self, pos: int) -> int:
        i = bisect_right(self.sentence, pos - 1) - 1  # inlined: called several times a fact
        return self.sentence[i] + 1 if i >= 0 else 0

    def paragraph_start(self, pos: int) -> int:
        i = bisect_right(self.para, pos - 1) - 1  # inlined: called several times a fact
        return self.para[i] + 1 if i >= 0 else 0

    def is_protected(self, pos: int) -> bool:
        i = bisect_right(self._prot_starts, pos) - 1
        return i >= 0 and self.protected[i][0] < pos < self.protected[i][1]




def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def span_years(n: int, end_year: int | None) -> str | None:
    if end_year is None:
        return None
    if n <= 1:
        return str(end_year)
    return f"{end_year - n + 1}-{end_year}"


def small_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    v = parse_chinese(s)
    return int(v) if v else None


def last_of(it):
    """The last item of an iterator (the last match of a ``finditer``), None when it is empty."""
    last = deque(it, maxlen=1)
    return last[0] if last else None


def last_match(rx: re.Pattern[str], s: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """``last_of(rx.finditer(s, pos, endpos))``; one search first rules out the usual case, no
    match, without building an iterator (4x cheaper then)."""
    end = len(s) if endpos is None else endpos
    if rx.search(s, pos, end) is None:
        return None
    return last_of(rx.finditer(s, pos, end))


def facts_between(facts: list[Fact], starts: list[int], lo: int, hi: int) -> list[Fact]:
    """Facts whose number starts in [lo, hi) (facts sorted by start, starts their starts)."""
    return facts[bisect_left(starts, lo):bisect_left(starts, hi)]
