"""The objects every pass of the extractor shares: a measure (a number with its unit and
comparator), a fact (a measure with what it measures) and the clause, segment, sentence and
paragraph boundaries of the text being read."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import deque
from dataclasses import dataclass

import numpy as np

from pipelines.model import Section
from pipelines.text.numbers import parse_chinese

_CLAUSE_CHARS = ",，:："  # clauses end at these and at every segment end
_SEGMENT_CHARS = ";；"  # segments: up to 。 or ；, and at every sentence end
_SENTENCE_CHARS = "。!！?？"  # sentences, and at every line break (a paragraph end)


def _boundary_kinds() -> np.ndarray:
    """Per code point of the Basic Multilingual Plane, the widest unit a character ends:
    0 none, 1 clause, 2 segment, 3 sentence, 4 paragraph (the line break)."""
    kinds = np.zeros(0x10000, dtype=np.uint8)
    for k, chars in enumerate((_CLAUSE_CHARS, _SEGMENT_CHARS, _SENTENCE_CHARS, "\n"), start=1):
        kinds[[ord(c) for c in chars]] = k
    return kinds


_BOUNDARY_KINDS = _boundary_kinds()
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
        # one table look-up per character for all boundaries (numpy over the UTF-32 code points;
        # a regex scan with a match object per comma was 5x slower); a code point outside the
        # table (above U+FFFF) ends nothing
        kind = _BOUNDARY_KINDS.take(np.frombuffer(simp.encode("utf-32-le"), dtype=np.uint32), mode="clip")
        at = np.flatnonzero(kind)
        kind_at = kind[at]
        clause = at.tolist()
        segment = at[kind_at >= 2].tolist()
        sentence = at[kind_at >= 3].tolist()
        # line wraps are gone (layout.compact): every line break ends a paragraph
        para = at[kind_at == 4].tolist()
        # a section start ends the clause, segment, sentence and paragraph before it
        cuts = sorted({sec.start - 1 for sec in sections})
        self.clause = _merged(clause, cuts)
        self.segment = _merged(segment, cuts)
        self.sentence = _merged(sentence, cuts)
        self.para = _merged(para, cuts)
        self.protected = [m.span() for m in _PROTECT_RE.finditer(simp)]
        self._prot_starts = [a for a, _ in self.protected]
        self.n = n
        self._hits: dict[int, tuple[list[int], list[int]]] = {}
        self._sentence_of = (-1, 0)  # the last offset asked of sentence_start and its answer
        # answers a pass gives for a whole sentence, asked again for each of its facts: (question, start) -> answer
        self.memo: dict[tuple[str, int], object] = {}

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
        if pos == self._sentence_of[0]:
            return self._sentence_of[1]  # the same figure asks again (its status, projection, period)
        i = bisect_right(self.sentence, pos - 1) - 1  # inlined: called several times a fact
        start = self.sentence[i] + 1 if i >= 0 else 0
        self._sentence_of = (pos, start)
        return start

    def sentence_end(self, pos: int) -> int:
        """The offset of the mark ending the sentence that holds ``pos`` (the text's length at the end)."""
        i = bisect_right(self.sentence, pos - 1)
        return self.sentence[i] if i < len(self.sentence) else self.n

    def may_match(self, rx: re.Pattern[str], lo: int, hi: int) -> bool:
        """False when ``rx.search(self.s, lo, hi)`` finds nothing for sure: no match of one scan of
        the whole text (made once per pattern) overlaps [lo, hi). A match at i inside the window is
        a match at i in the whole text, which that scan finds or covers with an earlier match; this
        holds for alternations of words (``lexicon/*.csv``), look-behinds and positive look-aheads,
        not for a negative look-ahead or ``$`` (a window's end is no end of the text)."""
        hit = self._hits.get(id(rx))  # by id: a pattern's hash reads its whole compiled code
        if hit is None:
            ms = list(rx.finditer(self.s))
            hit = self._hits[id(rx)] = ([m.start() for m in ms], [m.end() for m in ms])
        starts, ends = hit
        k = bisect_right(ends, lo)
        return k < len(starts) and starts[k] < hi

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
