"""Every quantitative fact of a report, with what it measures (the fact contract).

``extract_facts`` reads the Simplified copy of the text (same length, so offsets hold in the
text as written) and returns one row per fact in the columns of ``fact_schema.csv``.
The grammar lives in :mod:`pipelines.extract.grammar`; this module walks the numbers of the
text left to right and resolves, for each, its unit, comparator, metric, subject (including
ellipsis, ``分别`` distribution and shared heads), status, period and basis.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

import pandas as pd

from pipelines.extract import grammar as g
from pipelines.extract.indicators import indicator_for
from pipelines.extract.layout import compact
from pipelines.text.numbers import parse_arabic, parse_chinese
from pipelines.extract.subjects import after_subject, clean_before, tidy
from pipelines.extract.timeframe import Frame, frame_at, frames
from pipelines.extract.units import dimension, normalize
from pipelines.model import Document, Section, fact_schema
from pipelines.text.structure import split_sections

from pipelines.text.normalize import to_simplified

_SEGMENT_CHARS = set(";；。!！?？\n")
_SENTENCE_CHARS = set("。!！?？\n")
_BOUNDARY_RE = re.compile(r"[,，;；。:：!！?？\n]")
_PROTECT_RE = re.compile(r"“[^”\n]{1,20}”|「[^」\n]{1,20}」|《[^》\n]{1,60}》|\"[^\"\n]{1,20}\"")
_AFTER_DIMS = {"count", "people", "area", "length", "money", "time", "mass", "volume", "energy", "power"}
_PP_UNITS = {"个百分点", "百分点"}
_NOUN_VERBS = {"增幅", "增速", "涨幅", "降幅", "增长率"}


@dataclass
class _Measure:
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


@dataclass
class _Fact:
    m: _Measure
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


class _Doc:
    """Offsets of clause and sentence boundaries and protected spans of one text."""

    def __init__(self, simp: str, sections: list[Section]):
        self.s = simp
        n = len(simp)
        clause, segment, sentence, para = [], [], [], []
        for m in _BOUNDARY_RE.finditer(simp):
            i, ch = m.start(), m.group()
            clause.append(i)
            if ch in _SEGMENT_CHARS:
                segment.append(i)
                if ch in _SENTENCE_CHARS:
                    sentence.append(i)
            if ch == "\n":  # line wraps are gone (layout.compact): every line break ends a paragraph
                para.append(i)
        for sec in sections:
            for b in (clause, segment, sentence, para):
                b.append(sec.start - 1)
        self.clause = sorted(set(clause))
        self.segment = sorted(set(segment))
        self.sentence = sorted(set(sentence))
        self.para = sorted(set(para))
        self.protected = [m.span() for m in _PROTECT_RE.finditer(simp)]
        self._prot_starts = [a for a, _ in self.protected]
        self.n = n

    def clause_start(self, pos: int) -> int:
        return self._start(self.clause, pos)

    def clause_end(self, pos: int) -> int:
        i = bisect_right(self.clause, pos - 1)
        return self.clause[i] if i < len(self.clause) else self.n

    @staticmethod
    def _start(bounds: list[int], pos: int) -> int:
        i = bisect_right(bounds, pos - 1) - 1
        return bounds[i] + 1 if i >= 0 else 0

    def segment_start(self, pos: int) -> int:
        """Start of the clause group up to the last 。 or ；."""
        return self._start(self.segment, pos)

    def sentence_start(self, pos: int) -> int:
        return self._start(self.sentence, pos)

    def paragraph_start(self, pos: int) -> int:
        return self._start(self.para, pos)

    def is_protected(self, pos: int) -> bool:
        i = bisect_right(self._prot_starts, pos) - 1
        return i >= 0 and self.protected[i][0] < pos < self.protected[i][1]


# ---------------------------------------------------------------- measures

def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _arabic_measure(doc: _Doc, m: re.Match, rank_spans: set[int]) -> tuple[_Measure | None, int]:
    """The measure starting at Arabic number m, and where scanning resumes."""
    s = doc.s
    a, e = m.span()
    raw = m.group()
    prev = s[a - 1] if a > 0 else ""
    nxt = s[e] if e < len(s) else ""
    # 人口自然增长率为-6.8‰: a minus sign after a word (not a range or a code)
    minus = prev in "-－−" and a >= 2 and (_is_cjk(s[a - 2]) or s[a - 2] in "：:")
    if not minus and (a in rank_spans or prev in "第+./-_:" or prev.isascii() and prev.isalpha()):
        return None, e
    if nxt == "+" or nxt.isascii() and nxt.isalpha() and not g.ASCII_UNIT_RE.match(s, e):
        return None, e  # 5G, 4A级, “5+N”
    if len(raw) > 1 and raw[0] == "0" and raw[1].isdigit():
        return None, e  # 0205街区
    if doc.is_protected(a):
        return None, e
    value = parse_arabic(raw)
    t = g.TAIL_RE.match(s, e)
    if t is None:
        # 4.6和2.9个百分点 (list) / 4.5—5% (range): the unit comes with the next number
        link = g.LINK_RE.match(s, e)
        if not link:
            return None, e
        m2 = g.NUMBER_RE.match(s, link.end())
        if not m2 or not m2.group("a"):
            return None, e
        t2 = g.TAIL_RE.match(s, m2.end())
        hops, last = 0, m2
        while t2 is None and link.group("link") not in g.RANGE_LINKS and hops < 4:
            # 25.6、6.8、0.5亿公斤: every item of the list takes the unit of the last
            nl = g.LINK_RE.match(s, last.end())
            nm = g.NUMBER_RE.match(s, nl.end()) if nl and nl.group("link") not in g.RANGE_LINKS else None
            if not nm or not nm.group("a"):
                break
            last, hops = nm, hops + 1
            t2 = g.TAIL_RE.match(s, nm.end())
        if not t2 or not _unit_ok(s, t2):
            return None, e
        unit = _unit_of(t2)
        if (raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2100) or unit in ("年",):
            return None, e
        if link.group("link") in g.RANGE_LINKS:
            meas = _Measure(a, m2.end(), value, unit, t2.end(), t2.end(), a,
                            value_high=parse_arabic(m2.group("a")), unit_spans=_unit_spans(t2))
            if t2.group("more"):
                meas.comparator = "gt"
            return meas, t2.end()
        return _Measure(a, e, value, unit, t2.end(), t2.end(), a, unit_spans=_unit_spans(t2)), link.end()
    if not _unit_ok(s, t):
        return None, e
    unit = _unit_of(t)
    if minus:
        value, a = -value, a - 1
    meas = _Measure(a, e, value, unit, t.end(), t.end(), a, unit_spans=_unit_spans(t))
    if t.group("more"):
        meas.comparator = "gt"
    resume = t.end()
    # range with units on both sides: 4.5%—5%, 5%-5.5%
    link = g.LINK_RE.match(s, t.end())
    if link and link.group("link") in g.RANGE_LINKS:
        m2 = g.NUMBER_RE.match(s, link.end())
        if m2 and m2.group("a"):
            t2 = g.TAIL_RE.match(s, m2.end())
            if t2 and _unit_of(t2) == unit:
                meas.value_high = parse_arabic(m2.group("a"))
                meas.num_end = m2.end()
                meas.unit_end = meas.meas_end = t2.end()
                resume = t2.end()
    return meas, resume


def _unit_of(t: re.Match) -> str:
    """The unit as matched, magnitude prefix included (万 + 人次 in 1.2万余人次)."""
    return (t.group("mag1") or t.group("mag2") or "") + t.group("unit")


def _unit_spans(t: re.Match) -> tuple[tuple[int, int], ...]:
    return tuple(t.span(k) for k in ("mag1", "mag2", "unit") if t.group(k))


def _unit_ok(s: str, t: re.Match) -> bool:
    """Units that are part of a name: 8小时指挥部, 500米服务半径, 15分钟生活圈."""
    unit = t.group("unit")
    if unit in g.NAME_PRONE_UNITS and not (t.group("mag1") or t.group("mag2")):
        nxt = s[t.end()] if t.end() < len(s) else ""
        if _is_cjk(nxt) and nxt not in "以左上内":
            return False
    return True


def _chinese_measure(doc: _Doc, m: re.Match) -> _Measure | None:
    """两个方舱医院, 近千人次, 三百亿元 (300 亿元), 一点二万亩, 上万人次 (1 万人次, ge)."""
    s = doc.s
    a, e = m.span()
    raw = m.group()
    prev = s[a - 1] if a > 0 else ""
    if doc.is_protected(a) or prev in "第初周这那每各前后其下之唯统逐" or prev == "上" and raw not in ("万", "千", "百", "亿"):
        return None
    mag = next((mg for mg in ("万亿", "亿", "万") if raw.endswith(mg)), "")
    head = raw[: len(raw) - len(mag)]
    t = g.CN_ANY_TAIL_RE.match(s, e) if mag else g.CN_TAIL_RE.match(s, e) or g.CN_ANY_TAIL_RE.match(s, e)
    if not mag and not t and (mm := g.CN_MORE_MAG_RE.match(s, e)) and parse_chinese(raw):
        spans = (mm.span("mag"), mm.span("unit"))
        return _Measure(a, e, parse_chinese(raw), mm.group("mag") + mm.group("unit"), mm.end(), mm.end(), a, "gt",
                        chinese=True, unit_spans=spans)  # 三百一十多亿元
    if not t or t.group("unit") in ("年", "位"):
        return None
    value = parse_chinese(head) if head else 1.0
    if value is None:
        return None
    cmp_start, comparator = a, "eq"
    pc = g.PREFIX_CMP_RE.search(s, max(0, a - 3), a)
    if pc and pc.end() == a:
        cmp_start, comparator = pc.start(), g.PREFIX_CMP[pc.group("c")]
    elif prev == "上":
        cmp_start, comparator = a - 1, "ge"  # 上万人次
    if raw[0] in "百千万亿" and comparator == "eq":
        return None  # 百万亩造林, 千亩果园: names, not counts
    postposed = (head == "一" and t.group("unit") in g.CN_COUNTERS and _is_cjk(prev)
                 and (t.end() >= len(s) or s[t.end()] in "，,。；;、\n"))  # 引进百亿级项目一个。
    if value < 2 and not (mag or "点" in head or comparator != "eq" or head[:1] == "一" and len(head) > 1
                          or postposed):
        return None  # 一个, 一批, 一张网: determiners
    if not mag and t.group("unit") not in g.CN_COUNTERS and comparator == "eq" and len(head) < 2:
        return None  # 三次 (产业), 五种: a bare digit before a non-counter unit
    after = s[t.end(): t.end() + 4]
    if after[:1] in "“\"" or g.CN_ABSTRACT_RE.match(after):
        return None
    spans = ((e - len(mag), e), t.span("unit")) if mag else (t.span("unit"),)
    meas = _Measure(a, e - len(mag) if head else e, value, mag + t.group("unit"), t.end(), t.end(), cmp_start, comparator,
                    chinese=True, unit_spans=spans)
    if t.group("more"):
        meas.comparator = "gt"
    return meas


def _chinese_ratios(doc: _Doc) -> list[_Measure]:
    """三成 -> 30%, 百分之四 -> 4% (unit %, not written)."""
    out = []
    for rx, factor in ((g.CN_PERCENT_RE, 1.0), (g.CN_TENTHS_RE, 10.0)):
        for m in rx.finditer(doc.s):
            key = "n" if m.group("n") else "n2"
            raw = m.group(key)
            v = parse_arabic(raw) if raw[0].isdigit() else parse_chinese(raw)
            if v is None or doc.is_protected(m.start()):
                continue
            meas = _Measure(m.start(key), m.end(key), v * factor, "%", m.end(), m.end(), m.start(), chinese=True)
            out.append(meas)
    return out


def _measures(doc: _Doc, rank_spans: set[int]) -> list[_Measure]:
    s = doc.s
    out: list[_Measure] = []
    pos = 0
    while True:
        m = g.NUMBER_RE.search(s, pos)
        if not m:
            break
        if m.group("a"):
            meas, pos = _arabic_measure(doc, m, rank_spans)
        else:
            meas = _chinese_measure(doc, m)
            pos = meas.unit_end if meas else m.end()
        if meas:
            _comparators(doc, meas)
            if _is_class_qualifier(doc, meas):
                continue
            out.append(meas)
    out += _half_measures(doc)
    taken = {x.num_start for x in out}
    for m in g.DOUBLING_RE.finditer(s):
        if m.start() not in taken and not doc.is_protected(m.start()):
            out.append(_Measure(m.start(), m.end(), g.DOUBLING[m.group("n")], "%", m.end(), m.end(), m.start(),
                                chinese=True, doubling=True))
    taken = {x.num_start for x in out}
    for meas in _chinese_ratios(doc):
        if meas.num_start not in taken:
            _comparators(doc, meas)
            out.append(meas)
    out.sort(key=lambda x: x.num_start)
    return out


def _half_measures(doc: _Doc) -> list[_Measure]:
    """落地项目超过半数: half as 50%, read only after a comparator (半数以上 too)."""
    out = []
    for m in g.HALF_RE.finditer(doc.s):
        if doc.is_protected(m.start()) or not (m.group("c") or m.group("s")):
            continue
        meas = _Measure(m.start("n"), m.end("n"), 50.0, "%", m.end("n"), m.end(), m.start())
        meas.comparator = g.PREFIX_CMP.get(m.group("c") or "", g.SUFFIX_CMP.get(m.group("s") or "", "eq"))
        out.append(meas)
    return out


def _is_class_qualifier(doc: _Doc, meas: _Measure) -> bool:
    """亿元以上项目86个, 超五百万元的村达到二十三个: a size class naming what is counted next."""
    s = doc.s
    end = meas.meas_end
    bounded = meas.comparator in ("ge", "le", "gt") and end > meas.unit_end or s[end:end + 1] == "的"
    # 投资超10亿元项目8个, 超百亿元企业3家: a threshold written before the counted noun
    prefixed = meas.comparator in ("ge", "gt") and meas.cmp_start < meas.num_start and end == meas.unit_end
    if not (bounded or prefixed) or end >= len(s) or not (_is_cjk(s[end]) or s[end] == "的"):
        return False
    if bounded and g.CLASS_BATCH_RE.search(s, max(0, meas.cmp_start - 4), meas.cmp_start):
        return True  # 一批10亿元以上项目: a size class of an uncounted batch
    stop = doc.clause_end(end)
    for nxt in g.NUMBER_RE.finditer(s, end, stop):
        if g.LINK_ONLY_RE.match(s[end:nxt.start()]):
            return False  # 7%以上和8%以上: a list of figures, not a class
        tail = g.TAIL_RE.match(s, nxt.end()) if nxt.group("a") else g.CN_TAIL_RE.match(s, nxt.end())
        if tail:
            if prefixed and not bounded:
                between = s[end:nxt.start()]
                return 0 < len(between) <= 8 and all(_is_cjk(c) for c in between) \
                    and not g.CLASS_NOUN_STOP_RE.search(between)
            return True
        if prefixed and not bounded:
            return False
    return False


def _comparators(doc: _Doc, meas: _Measure) -> None:
    s = doc.s
    sc = g.SUFFIX_CMP_RE.match(s, meas.unit_end)
    if sc and sc.group("c") not in ("多", "余"):
        meas.comparator = g.SUFFIX_CMP[sc.group("c")]
        meas.meas_end = sc.end()
    elif s[meas.unit_end:meas.unit_end + 1] == "内" and dimension(meas.unit) == "time" \
            and s[meas.unit_end - 1:meas.unit_end] != "年":
        meas.comparator = "le"  # 1个工作日内, 3天内: within
        meas.meas_end = meas.unit_end + 1
    if meas.cmp_start == meas.num_start:
        pc = g.PREFIX_CMP_RE.search(s, max(0, meas.num_start - 3), meas.num_start)
        if pc and pc.end() == meas.num_start and doc.clause_start(meas.num_start) <= pc.start():
            meas.cmp_start = pc.start()
            if meas.comparator == "eq":
                meas.comparator = g.PREFIX_CMP[pc.group("c")]
    # 控制在4.3%以内 / 不超过 ... the suffix wins; 近1200张 keeps approx


# ---------------------------------------------------------------- facts

def _span_years(n: int, end_year: int | None) -> str | None:
    if end_year is None:
        return None
    if n <= 1:
        return str(end_year)
    return f"{end_year - n + 1}-{end_year}"


def _small(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    v = parse_chinese(s)
    return int(v) if v else None


def _metric(unit: str, value: float, verb: str | None, after: bool) -> tuple[str, str, float]:
    """(metric, unit, value) from the unit and the change verb before the number."""
    if unit in _PP_UNITS:
        metric, unit = "change_pp", "个百分点"
    elif verb and not after:
        if unit == "%":
            metric = "growth_pct"
        elif unit == "倍":
            metric, unit, value = "growth_pct", "%", value * 100  # 增长1.2倍 = 120%
        else:
            metric = "change"
    else:
        metric = "value"
    if verb in g.DECREASE_VERBS and metric != "value":
        value = -value
    return metric, unit, value


def _basis(doc: _Doc, fact: _Fact, zone_start: int, cs: int, inherit: _Fact | None) -> str | None:
    """A qualifier between the subject (or the previous number) and this number; 累计/年均
    anywhere earlier in the clause, never inside the subject (PM2.5年均浓度)."""
    s, ss, se, at = doc.s, fact.subj_start, fact.subj_end, fact.m.cmp_start
    win_start = se if not fact.after and zone_start <= se <= at else zone_start
    found = None
    for bm in g.BASIS_RE.finditer(s, win_start, at):
        if found is None or bm.group() not in g.WEAK_BASIS:  # 扣除价格因素实际增长: the first says more
            found = bm.group()
    if found is None:
        for bm in g.BASIS_RE.finditer(s, cs, at):
            if bm.group() in g.CLAUSE_WIDE_BASIS and (not ss <= bm.start() < se
                                                      or bm.group() == "累计" and g.CUMULATIVE_VERB_RE.match(s, bm.end())):
                found = bm.group()
    if found is None and inherit is not None:
        found = inherit.basis
    return found


def _explicit_year(doc: _Doc, zone_start: int, cs: int, at: int) -> str | None:
    """由2016年的5908亿元 / 2022年全区… / 到2025年,全市…: a year stated for this number."""
    s = doc.s
    ym = g.YEAR_BEFORE_RE.search(s, zone_start, at)
    if ym and ym.end() == at:
        if ym.group().endswith("的") and g.RATIO_TO_YEAR_RE.search(s, max(0, ym.start() - 4), ym.start()):
            return None  # 恢复到2019年的82%: a ratio to that year's level, measured now
        return ym.group("y")
    ym = g.YEAR_AT_START_RE.match(s[cs:at])
    if ym:
        return ym.group("y")
    ss = doc.sentence_start(at)
    ym = g.YEAR_AT_START_RE.match(s[ss:at])
    if ym and s[ym.end() + ss:ym.end() + ss + 1] in ",，":  # 2017年,全市生产总值增长8.6%,规模以上…
        return ym.group("y")
    if cs > 0 and s[cs - 1] in ",，" and (ym := g.YEAR_CLAUSE_RE.match(s[doc.clause_start(cs - 1):cs - 1])):
        return ym.group("y")
    return None


def _subject_of_clause_before(doc: _Doc, cs: int) -> tuple[int, int] | None:
    """The words before the predicate of the previous clause of the segment, when that clause
    stated no fact of its own (its number was a name or a Chinese numeral we do not read)."""
    if cs <= 0 or doc.s[cs - 1] not in ",，" or cs - 1 <= doc.segment_start(cs - 1):
        return None
    pcs = doc.clause_start(cs - 1)
    pm = g.PREDICATE_RE.search(doc.s, pcs + 2, cs - 1)
    if not pm:
        return None
    b0, b1 = clean_before(doc.s[pcs:pm.start()])
    return (pcs + b0, pcs + b1) if b1 > b0 else None


def _trend_clause_before(doc: _Doc, cs: int) -> tuple[int, int] | None:
    """The clause before names the subject and only a trend (止跌回升), no number of its own."""
    if cs <= 0 or doc.s[cs - 1] not in ",，":
        return None
    pcs = doc.clause_start(cs - 1)
    clause = doc.s[pcs:cs - 1]
    tm = g.TREND_CLAUSE_RE.search(clause)
    if not tm or any(c.isdigit() for c in clause):
        return None
    b0, b1 = clean_before(clause[:tm.start()])
    return (pcs + b0, pcs + b1) if b1 > b0 else None


def _last(it):
    m = None
    for m in it:
        pass
    return m


def _fact_for(doc: _Doc, meas: _Measure, prev: _Measure | None, prev_fact: _Fact | None) -> _Fact:
    s = doc.s
    cs = doc.clause_start(meas.cmp_start)
    zone_start = max(cs, prev.meas_end) if prev and prev.meas_end > cs else cs
    pre = s[zone_start:meas.cmp_start]
    unit = "%" if meas.unit == "％" else meas.unit
    verb_m = g.CHANGE_VERB_RE.search(pre)
    if verb_m and verb_m.group("v") in _NOUN_VERBS and unit != "%":
        verb_m = None  # 人口自然增长率控制在5‰以内: a rate named by the verb, a level
    if verb_m and verb_m.group().endswith("为") and verb_m.group("v") not in _NOUN_VERBS:
        verb_m = None  # 上升为280亿元: the level reached (增幅为5% stays a growth)
    if verb_m is None and (am := g.AREA_COMPARE_RE.search(pre)):
        verb_m = am  # 比全省高0.8万元: a change against another area
    verb = verb_m.group("v") if verb_m else None
    if meas.doubling:
        verb = "翻番"
    # 10%和9%, 282家、560个院: a list item continues the fact before it
    continued = prev_fact if (prev_fact is not None and prev is not None and prev.num_start >= cs
                              and g.CONNECTOR_ONLY_RE.match(pre)) else None
    if continued and verb is None:
        verb = continued.verb
    # subject after a count (626名冬奥运动员, 提升115条街巷: a count, not a change)
    after = False
    ss = se = meas.num_start
    subject = ""
    nxt = s[meas.meas_end] if meas.meas_end < len(s) else ""
    share = meas.chinese and unit == "%" and not meas.unit_spans and not meas.doubling  # 三成规上企业完成数字化改造
    skip = 1 if share and nxt == "的" and meas.comparator != "eq" else 0  # 三成以上的行政村
    nxt = s[meas.meas_end + skip] if meas.meas_end + skip < len(s) else ""
    within = s[meas.meas_end - 1:meas.meas_end] == "内" and meas.comparator == "le"  # 1个工作日内办结
    if (dimension(unit) in _AFTER_DIMS or share) and (_is_cjk(nxt) or nxt in "“《") and not within:
        a0, a1 = after_subject(s, meas.meas_end + skip)
        if a1 > a0:
            ss, se, subject, after = a0, a1, s[a0:a1], True
    lead_v = None
    if verb_m is None and not after and not continued and (lm := _last(g.LEAD_DECREASE_RE.finditer(pre))):
        if lm.group("v") == "减少" or unit == "%":  # 压减政府隐性债务23.5亿元 stays a value
            lead_v, verb = lm, lm.group("v")
    metric, unit, value = _metric(unit, meas.value, verb, after)
    if verb in g.DECREASE_VERBS and metric != "value" and meas.value_high is not None:
        meas.value_high = -meas.value_high
    if not after:
        if lead_v is not None:  # 减少农村贫困人口42万人: the object of the verb
            b0, b1 = clean_before(pre[lead_v.end():])
            if b1 > b0:
                b0, b1 = b0 + lead_v.end(), b1 + lead_v.end()
        else:
            b0, b1 = (0, 0) if continued else clean_before(pre[: verb_m.start()] if verb_m else pre)
        if b1 > b0:
            ss, se = zone_start + b0, zone_start + b1
            if s[ss:se] == "经济" and s[se:se + 2] in ("增长", "增速"):
                se += 2  # 经济增长6%: the growth of the economy
            subject = s[ss:se]
            if subject.startswith("占") and prev_fact is not None and not prev_fact.after \
                    and prev_fact.m.num_start >= doc.segment_start(meas.num_start):
                subject = prev_fact.subject + subject  # 民生支出3450亿元,占一般公共预算支出的比重…
            if subject in ("增速", "增幅") and prev_fact is not None and not prev_fact.after \
                    and prev_fact.m.num_start >= doc.segment_start(meas.num_start):
                ss, se, subject = prev_fact.subj_start, prev_fact.subj_end, prev_fact.subject  # …,增速回落2.3个百分点
            if g.TOTAL_HEAD_RE.match(subject) and prev_fact is not None \
                    and prev_fact.m.num_start >= doc.segment_start(meas.num_start):
                ss, se, subject = prev_fact.subj_start, prev_fact.subj_end, prev_fact.subject  # 22家,总数达到200家
        elif (found := _trend_clause_before(doc, cs)) is not None:
            ss, se = found  # 一般公共预算收入止跌回升,增长2%以上
            subject = s[ss:se]
        elif prev_fact is not None and prev_fact.m.num_start >= doc.segment_start(meas.num_start):
            ss, se, subject = prev_fact.subj_start, prev_fact.subj_end, prev_fact.subject  # ellipsis
            if "累计" in pre and (nm := g.NEW_PREFIX_RE.match(subject)):
                ss, subject = ss + nm.end(), subject[nm.end():]  # 新增企业126家,累计达到486家: the stock
        elif (found := _subject_of_clause_before(doc, cs)) is not None:
            ss, se = found  # 高新技术产业增加值突破千亿元,达到1026亿元
            subject = s[ss:se]
    fact = _Fact(meas, metric, value, unit, subject, ss, se, after=after, verb=verb, pre=pre)
    fact.basis = _basis(doc, fact, zone_start, cs, continued)
    fact.period_override = _explicit_year(doc, zone_start, cs, meas.cmp_start)
    if fact.period_override is None and continued is not None and continued.period_override \
            and continued.from_year:
        fact.period_override = continued.period_override  # 由1997年的170亿元和50%: both of 1997
    if fact.period_override and g.FROM_YEAR_RE.search(pre):
        fact.from_year = True
    if fact.period_override is None and (fm := g.FROM_START_RE.search(pre)):
        fact.start_from = "prev" if fm.group("prev") else "start"  # 由44.3%提高到51.8%
    elif fact.period_override is None and continued is not None and continued.start_from:
        fact.start_from = continued.start_from  # 分别从771家、481家增加到…: both starting points
    if metric != "value" and (ym := g.COMPARED_YEAR_RE.search(s, zone_start, meas.cmp_start)) \
            and ym.end() == meas.cmp_start and fact.period_override == ym.group("y"):
        fact.period_override, fact.since = None, int(ym.group("y"))  # 比2010年翻一番
    cm = None
    for cm in g.CONSECUTIVE_RE.finditer(s, cs, meas.cmp_start):
        pass
    if cm:
        fact.span = _small(cm.group("n"))
    return fact


def _rank_facts(doc: _Doc) -> tuple[list[_Fact], set[int]]:
    s = doc.s
    out: list[_Fact] = []
    spans: set[int] = set()
    for m in g.RANK_CORE_RE.finditer(s):
        if doc.is_protected(m.start()):
            continue
        cs = doc.clause_start(m.start())
        head = s[cs:m.start()]
        lead = g.RANK_LEAD_RE.search(head)
        if lead:
            lead_start = cs + lead.start()
        elif g.RANK_SCOPE_CLAUSE_RE.match(head.strip()):
            lead_start = cs
        else:
            continue
        if m.group("top") == "前" and not lead:
            continue
        n = _small(m.group("n"))
        if not n:
            continue
        spans.add(m.start() + 1)
        meas = _Measure(m.start("n"), m.end("n"), float(n), "位", m.end(), m.end(), lead_start,
                        "le" if m.group("top") == "前" else "eq")
        rank_from = bool(lead and lead.group("from") is None and head.endswith(("由", "从")))
        out.append(_Fact(meas, "rank", float(n), "位", "", m.start(), m.start(), rank_lead=lead_start,
                         rank_from=rank_from))
    return out, spans


def _resolve_ranks(doc: _Doc, ranks: list[_Fact], facts: list[_Fact]) -> list[_Fact]:
    """Subjects of ranks: the words before the scope, else (均) the facts of the clause before, else
    the last fact of the sentence (群众安全感99.7%,全市第一)."""
    s = doc.s
    starts = [f.m.num_start for f in facts]
    out = []
    for r in ranks:
        lead = r.rank_lead
        cs = doc.clause_start(lead)
        i = bisect_right(starts, lead) - 1
        prev_in_clause = facts[i] if i >= 0 and facts[i].m.num_start >= cs else None
        zone_start = prev_in_clause.m.meas_end if prev_in_clause else cs
        zone = s[zone_start:lead]
        cm = g.CONSECUTIVE_RE.search(zone)
        if cm:
            r.span = _small(cm.group("n"))
        both = zone.rstrip().endswith("均")
        b0, b1 = clean_before(zone)
        sent = doc.segment_start(lead)
        if prev_in_clause is not None and not both:
            # 乡村旅游接待量6次居全市第一: the rank of the fact just before
            targets = [prev_in_clause]
        elif b1 > b0 and not both and not (g.BARE_HEAD_RE.match(zone[b0:b1]) and i >= 0
                                               and facts[i].m.num_start >= sent):
            r.subj_start, r.subj_end = zone_start + b0, zone_start + b1
            r.subject = s[r.subj_start:r.subj_end]
            out.append(r)
            continue
        elif both:
            pcs = doc.clause_start(cs - 1) if cs > 0 else 0
            targets = [f for f in _between(facts, starts, pcs, cs) if f.metric != "rank"]
            if pcs == cs:
                targets = []
            # 人均A2.2平方米、人均B7.5平方米,均列全市第一: each fact of the clause before
        else:
            targets = [facts[i]] if i >= 0 and facts[i].m.num_start >= sent else []
        for t in targets:
            nr = _Fact(r.m, "rank", r.value, "位", t.subject, t.subj_start, t.subj_end, rank_lead=r.rank_lead, rank_from=r.rank_from, span=r.span)
            out.append(nr)
    return out


def _table_facts(doc: _Doc) -> list[_Fact]:
    """Tables flattened to text, one row a line, cells split by `|`: a header row names the columns
    (a year or 目标 for the level, 增长% for growth); a data row is `name(unit) | value | growth`.
    A row named `…增长(%)` holds growth in every column."""
    s = doc.s
    out: list[_Fact] = []
    roles: list[str] | None = None
    line_start = 0
    for line in s.split("\n"):
        a0 = line_start
        line_start += len(line) + 1
        if not g.TABLE_SEP_RE.search(line):
            roles = None  # the table has ended
            continue
        cells, k = [], 0
        for m in g.TABLE_SEP_RE.finditer(line):
            cells.append((k, m.start()))
            k = m.end()
        cells.append((k, len(line)))
        nums = [g.TABLE_CELL_RE.match(line[c0:c1]) for c0, c1 in cells]
        if not any(nums[1:]):
            if not all(line[c0:c1].strip() in ("", "—", "-", "/") for c0, c1 in cells[1:]):
                roles = ["growth" if g.TABLE_GROWTH_HEAD_RE.search(line[c0:c1]) else "value" for c0, c1 in cells]
            continue
        nm = g.TABLE_NAME_RE.match(line[cells[0][0]:cells[0][1]])
        if roles is None or nm is None:
            continue
        name_start = a0 + cells[0][0] + nm.start("name")
        name = nm.group("name")
        unit = nm.group("unit") or ""
        unit = "%" if unit == "％" else unit
        gm = g.TABLE_GROWTH_NAME_RE.search(name)
        subj_end = name_start + (gm.start() if gm and gm.start() > 0 else len(name))
        for j, cm in enumerate(nums[1:], 1):
            if cm is None or j >= len(roles):
                continue
            growth = roles[j] == "growth" or bool(gm)
            if not growth and (not unit or dimension(unit) is None):
                continue
            c0 = a0 + cells[j][0]
            ns, ne = c0 + cm.start("n"), c0 + cm.end("n")
            comparator = g.SUFFIX_CMP.get(cm.group("s") or "") or g.PREFIX_CMP.get(cm.group("c") or "") or "eq"
            u_at = a0 + cells[0][0] + nm.start("unit") if nm.group("unit") else ns
            meas = _Measure(ns, ne, parse_arabic(cm.group("n")), "%" if growth else unit, ne,
                            c0 + cm.end("s") if cm.group("s") else ne, ns, comparator,
                            unit_spans=() if growth or not nm.group("unit") else ((u_at, u_at + len(unit)),))
            out.append(_Fact(meas, "growth_pct" if growth else "value", meas.value, meas.unit,
                             s[name_start:subj_end], name_start, subj_end))
    return out


def _consecutive_facts(doc: _Doc, facts: list[_Fact]) -> list[_Fact]:
    """连续三年优等级: N years as the quantity when nothing else is counted in the clause."""
    s = doc.s
    out = []
    starts = sorted(f.m.num_start for f in facts)
    for m in g.CONSECUTIVE_RE.finditer(s):
        ce = doc.clause_end(m.end())
        j = bisect_right(starts, m.start())
        if j < len(starts) and starts[j] < ce or doc.is_protected(m.start()):
            continue
        n = _small(m.group("n"))
        if not n:
            continue
        cs = doc.clause_start(m.start())
        i = bisect_right(starts, m.start()) - 1
        zone_start = cs
        if i >= 0 and starts[i] >= cs:
            continue
        b0, b1 = clean_before(s[zone_start:m.start()])
        if b1 <= b0:
            continue
        meas = _Measure(m.start("n"), m.end("n"), float(n), "年", m.end(), ce, m.start())
        f = _Fact(meas, "value", float(n), "年", s[zone_start + b0:zone_start + b1], zone_start + b0, zone_start + b1,
                  span=n)
        out.append(f)
    return out


def _between(facts: list[_Fact], starts: list[int], lo: int, hi: int) -> list[_Fact]:
    """Facts whose number starts in [lo, hi) (facts sorted by start, starts their starts)."""
    return facts[bisect_left(starts, lo):bisect_left(starts, hi)]


def _distribute(doc: _Doc, facts: list[_Fact]) -> None:
    """A和B分别增长10%和9% -> A 10, B 9; 城乡居民人均可支配收入分别增长4.3%、6.3% -> 城镇/农村."""
    s = doc.s
    starts = [f.m.num_start for f in facts]
    for m in re.finditer("分别", s):
        cs, ce = doc.clause_start(m.start()), doc.clause_end(m.end())
        group = [f for f in _between(facts, starts, m.end(), ce) if f.metric != "rank"]
        if len(group) < 2:
            continue
        zone = s[cs:m.start()]
        b0, b1 = clean_before(zone)
        if b1 <= b0:
            # A4.8万元、B2.2万元,分别增长5.1%和7.2%: the subjects of the numbers before
            seg = doc.segment_start(cs)
            before = [f for f in _between(facts, starts, seg, cs) if f.metric != "rank"]
            names: list[_Fact] = []
            for f in before:
                if not names or names[-1].subject != f.subject:
                    names.append(f)
            if len(names) >= len(group):
                for f, src in zip(group, names[-len(group):]):
                    f.subject, f.subj_start, f.subj_end, f.after = src.subject, src.subj_start, src.subj_end, False
            continue
        base = cs + b0
        phrase = s[base:cs + b1]
        parts = [(p.start(), p.end()) for p in re.finditer(r"[^、和及与]+", phrase)]
        if len(group) == 2 and (um := g.URBAN_RURAL_RE.match(phrase)):
            # 城乡居民…, 城乡常住居民…, 城、乡居民…: the urban and the rural figure
            rest = um.group("who") + phrase[um.end():]
            names = ["城镇" + rest, "农村" + rest]
            for f, name in zip(group, names):
                f.subject, f.subj_start, f.subj_end, f.after = name, base, base + len(phrase), False
            continue
        if len(group) % len(parts) or len(parts) < 2:
            continue
        # 分别由170亿元和50%上升为280亿元和60%: the list of names repeats over the numbers
        names = _complete_items([phrase[p0:p1] for p0, p1 in parts]) * (len(group) // len(parts))
        parts = parts * (len(group) // len(parts))
        for f, (p0, p1), name in zip(group, parts, names):
            f.subject = name
            f.subj_start, f.subj_end = base + p0, base + p1
            f.after = False


def _spread_shared(doc: _Doc, facts: list[_Fact]) -> list[_Fact]:
    """财政总收入、地方财政收入均增长6%: one number for every item before 均 (new facts for the
    items after the first; the first keeps the fact)."""
    s = doc.s
    starts = [f.m.num_start for f in facts]
    out: list[_Fact] = []
    for m in g.SHARED_RE.finditer(s):
        cs, ce = doc.clause_start(m.start()), doc.clause_end(m.end())
        group = [f for f in _between(facts, starts, m.end(), ce) if f.metric != "rank"]
        if len(group) != 1:
            continue
        b0, b1 = clean_before(s[cs:m.start()])
        phrase = s[cs + b0:cs + b1]
        parts = [(p.start(), p.end()) for p in re.finditer(r"[^、和及与]+", phrase)]
        if len(parts) < 2 or any(len(phrase[a:b]) < 2 for a, b in parts):
            continue
        names = _complete_items([phrase[a:b] for a, b in parts])
        f = group[0]
        for k, ((a, b), name) in enumerate(zip(parts, names)):
            target = f if k == 0 else replace(f)
            target.subject, target.subj_start, target.subj_end, target.after = name, cs + b0 + a, cs + b0 + b, False
            if k:
                out.append(target)
    return out


def _added_then_total(doc: _Doc, facts: list[_Fact]) -> None:
    """铁路运营里程新增1700公里、突破7000公里: the first number is the change of the stock the
    second one names (metric change, both subjects 铁路运营里程)."""
    for a, b in zip(facts, facts[1:]):
        if a.metric != "value" or a.after or not a.subject.endswith("新增") or len(a.subject) < 4:
            continue
        if b.subject != a.subject or b.metric != "value" or b.m.num_start >= doc.clause_end(a.m.meas_end) + 12 \
                or doc.segment_start(b.m.num_start) != doc.segment_start(a.m.num_start):
            continue
        for f in (a, b):
            f.subject, f.subj_end = f.subject[:-2], f.subj_end - 2
        a.metric = "change"


def _drop_rementions(doc: _Doc, facts: list[_Fact]) -> list[_Fact]:
    """42个项目中,已竣工30个: a count named again to open a breakdown is not a second fact
    (the same value and unit stated earlier in the paragraph, the noun followed by 中)."""
    s, out = doc.s, []
    for k, f in enumerate(facts):
        end = f.subj_end if f.after else f.m.meas_end
        if f.after and (g.REMENTION_RE.match(s, end) or f.subject.endswith("中") and g.REMENTION_RE.match(s, end - 1)):
            para = doc.paragraph_start(f.m.num_start)
            if any(p.value == f.value and p.unit == f.unit and p.m.num_start >= para for p in facts[:k]):
                continue
        out.append(f)
    return out


def _pegged_facts(doc: _Doc) -> list[_Fact]:
    """居民人均可支配收入增长与经济增长(基本)同步: a target with no number of its own, read as
    its growth minus the reference's growth = 0 points (metric change_pp, value 0, comparator
    approx with 基本), ``pegged_to`` the reference's catalog code (经济增长 -> gdp). The offsets
    are those of the reference phrase (与经济增长同步), which is also the basis."""
    s, out = doc.s, []
    for m in g.PEGGED_RE.finditer(s):
        cs = doc.clause_start(m.start())
        b0, b1 = clean_before(s[cs:m.start()])
        if b1 <= b0:
            continue
        a, e = m.span("ref")
        meas = _Measure(a, e, 0.0, "个百分点", e, e, a, "approx" if m.group("basic") else "eq")
        name = m.group("name")
        ref = indicator_for(name) or indicator_for(re.sub(r"增长$|增速$", "", name)) or name
        out.append(_Fact(meas, "change_pp", 0.0, "个百分点", s[cs + b0:cs + b1], cs + b0, cs + b1,
                         basis=s[a:e], pegged_to=ref))
    return out


def _complete_items(names: list[str]) -> list[str]:
    """Items of a list that share the head of the last one: 城镇、农村居民人均可支配收入 ->
    城镇居民人均可支配收入; 规上高技术制造业、装备制造业增加值 -> …制造业增加值; 汽车用锂电池、
    太阳能电池产量 -> …电池产量; 一、二、三产业增加值 -> 第一产业增加值 … (一产、二产 stay)."""
    last = names[-1]
    out = list(names)
    if all(len(n) == 1 and n in "一二三" for n in names[:-1]) and last[:1] in "一二三":
        return ["第" + n + last[1:] for n in names[:-1]] + ["第" + last]
    head = g.MEASURE_HEAD_RE.search(last)
    for k, name in enumerate(names[:-1]):
        if len(name) <= 3 and len(last) >= 2 * len(name) + 2 and (name in g.POPULATION_WORDS or not head):
            out[k] = name + last[len(name):]
        elif head and head.start() > 0 and not g.MEASURE_HEAD_RE.search(name):
            out[k] = name + head.group()
    return out


def _shared_heads(doc: _Doc, facts: list[_Fact]) -> None:
    """3个国考和4个市考断面 -> 国考断面 / 市考断面; 5个国家级、106个市级示范村 likewise."""
    s = doc.s
    for a, b in zip(facts, facts[1:]):
        if not (a.after and b.after) or a.unit != b.unit:
            continue
        between = s[a.subj_end:b.m.cmp_start]
        if between not in ("和", "、", "及", "与", "以及") or len(a.subject) > 4:
            continue
        anchor = a.subject[-1]
        k = b.subject.find(anchor, 0, 5)
        if 0 <= k < len(b.subject) - 1:
            a.subject = a.subject + b.subject[k + 1:]
            a.evidence_end = b.subj_end


# ---------------------------------------------------------------- contract

def _status(doc: _Doc, part: str, pos: int, frame: Frame | None = None) -> str:
    """target in a plan frame (or the plan part when no frame is known); else a target phrase
    before the number (预期目标是, 力争) -> target; 预计 in the sentence -> estimate; else actual."""
    if (frame.part if frame is not None else part) == "plan":
        return "target"
    scope = doc.sentence_start(pos) if part in ("review", "plan") else doc.paragraph_start(pos)
    if g.TARGET_RE.search(doc.s, scope, pos):
        return "target"
    if g.ESTIMATE_RE.search(doc.s, doc.sentence_start(pos), pos):
        return "estimate"
    return "actual"


def _plan_span(m: re.Match | None) -> str | None:
    """“十三五”期间 -> 2016-2020 (the k-th five-year plan starts in 2006 + 5 (k - 11))."""
    k = _small(m.group("p")[1:]) if m else None
    if k is None:
        return None
    start = 2006 + 5 * (10 + k - 11)
    return f"{start}-{start + 4}"


def _is_flow(doc: _Doc, fact: _Fact) -> bool:
    """Whether a fact under a span is a flow over it (dated with the span) rather than a level
    reached at its end (dated with the last year). Flows: 年均, 累计, growth and changes, a level
    held through the span (保持在80%以上), and counts made during it (a flow word of
    ``lexicon/flow_stock.csv`` in the clause before the number or after its counted noun:
    新改扩建各类学校366所, 14座大中型水电站建成发电). Levels: a stock word right before the number
    (达到470万人, 突破7000公里) or after the noun (在川布局), and shares in percent."""
    s, pos = doc.s, fact.m.cmp_start
    clause = s[doc.clause_start(pos):pos]
    pre = fact.pre
    if fact.basis in ("年均", "累计") and (fact.unit.endswith("元") or not g.STOCK_REACHED_RE.search(pre)):
        return True
    if fact.metric in ("growth_pct", "change", "change_pp") or g.HELD_RE.search(clause):
        return True
    if fact.metric != "value":
        return False
    if g.STOCK_REACHED_RE.search(pre) and not fact.unit.endswith("元"):
        return False  # 累计达到19家: the stock at the end of the span (累计达到3450亿元 stays a flow)
    if fact.unit in ("%", "％") or g.STOCK_BEFORE_RE.search(pre + s[pos:fact.m.num_start]):
        return False
    after = s[fact.subj_end:doc.clause_end(fact.subj_end)] if fact.after else ""
    if after and g.STOCK_AFTER_RE.search(after):
        return False
    return bool(g.FLOW_SUBJECT_RE.match(fact.subject) or g.FLOW_WORD_RE.search(fact.subject)
                or g.FLOW_WORD_RE.search(pre) or g.FLOW_WORD_RE.search(clause)
                or g.FLOW_SUBJECT_RE.match(g.LEAD_CONN_RE.sub("", clause))
                or (after and g.FLOW_WORD_RE.search(after)))


def _sentence_span(sent: str, status: str, base: int) -> tuple[int, int] | None:
    """A span stated in the sentence itself: “十三五”期间, 今后五年 (targets), 五年来 (results)."""
    span = _plan_span(g.PLAN_PERIOD_RE.search(sent))
    if span is not None:
        a, b = span.split("-")
        return int(a), int(b)
    if status == "target" and (fm := g.FUTURE_SPAN_RE.search(sent)) and (n := _small(fm.group("n"))):
        return base, base + n - 1
    if status != "target" and (sm := g.SPAN_RE.search(sent)) and (n := _small(sm.group("n") or sm.group("n2"))):
        return (base - n + 1, base) if n > 1 else None
    return None


def _period(doc: _Doc, fact: _Fact, status: str, year_reviewed: int | None, report_year: int | None,
            frame: Frame | None = None) -> str | None:
    """The year of a fact; a span from the sentence, else from the time frame of its paragraph
    (``timeframe.frames``): the span for flows, its last year for levels reached at its end;
    a plan span (“十五五”, 今后五年) for every target under it."""
    base = report_year if status == "target" else year_reviewed
    if base is None:
        return None
    override = fact.period_override
    if override and status != "target":
        return override
    if fact.span and not override:
        return _span_years(fact.span, base)
    pos = fact.m.cmp_start
    sent = doc.s[doc.sentence_start(pos):pos]
    fspan = None
    if frame is not None and frame.is_span and (frame.part == "plan") == (status == "target"):
        fspan = (frame.first, frame.last)
    span = _sentence_span(sent, status, base) or fspan
    if (since := fact.since) is not None:
        end = _period(doc, replace(fact, since=None), status, year_reviewed, report_year, frame)
        end_year = int(end.split("-")[-1]) if end else base
        return f"{since + 1}-{end_year}" if end_year > since + 1 else str(end_year)
    if (start := fact.start_from) and not override:
        if start == "prev":
            return str(base - 1)  # 由上年末的312%
        if span is not None:
            return str(span[0] - 1)  # 十二五 (2011-2015) starts from 2010
    if fact.rank_from and not override:
        # 由第13位前移至第9位: the first position is where the span (or the year) started
        return str(span[0] - 1) if span is not None else str(base - 1)
    flow = _is_flow(doc, fact)
    if status == "target" and span is not None and span is fspan and not override:
        flow = True  # the objectives of a plan span (“十五五”时期主要目标) hold for the whole span
    if span is None:
        return override or str(base)
    text = f"{span[0]}-{span[1]}"
    if override:
        # 今后五年…到2022年,新培育5个千亿级产业: a flow over the plan span that ends that year;
        # an objective of a named plan (“十五五”…到2030年,…达到78%左右) is the plan's figure
        named = span is fspan and frame is not None and frame.named
        return text if (flow or named) and text.endswith(f"-{override}") else override
    return text if flow else str(span[1])


def _written_unit(text: str, f: _Fact) -> str:
    """The unit as written (億元 in a Traditional text); fixed units for %, 个百分点, 位."""
    if f.unit != f.m.unit or not f.m.unit_spans:
        return f.unit
    written = "".join(text[a:b] for a, b in f.m.unit_spans)
    return written if len(written) == len(f.unit) else f.unit


def _written_basis(text: str, simp: str, f: _Fact) -> str | None:
    if not f.basis:
        return f.basis
    at = simp.rfind(f.basis, 0, f.m.cmp_start)
    return text[at:at + len(f.basis)] if at >= 0 else f.basis


def _compact_sections(sections: list[Section], pos: list[int], n: int) -> list[Section]:
    """Sections in the offsets of the compact copy (pos: compact -> original)."""
    out = []
    for sec in sections:
        a, b = bisect_left(pos, sec.start), bisect_left(pos, sec.end)
        if b > a or not out:
            out.append(Section(sec.part, sec.title, a, b))
    if out:
        out[0] = Section(out[0].part, out[0].title, 0, out[0].end)
        out[-1] = Section(out[-1].part, out[-1].title, out[-1].start, n)
    return out


def _fact_id(report_id: str, start: int, end: int, metric: str, subject: str) -> str:
    key = f"{report_id}|{start}|{end}|{metric}|{subject}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def empty_facts() -> pd.DataFrame:
    return _frame([])


def _frame(rows: list[dict]) -> pd.DataFrame:
    cols = fact_schema()
    df = pd.DataFrame(rows, columns=[c["column"] for c in cols])
    for c in cols:
        name, dtype = c["column"], c["dtype"]
        if dtype == "string":
            df[name] = df[name].astype("string")
        elif dtype == "float64":
            df[name] = pd.to_numeric(df[name], errors="coerce").astype("float64")
        elif dtype == "int64":
            df[name] = df[name].astype("int64")
    return df


def extract_facts(
    text: str,
    *,
    report_id: str,
    year_reviewed: int | None,
    report_year: int | None,
    sections: list[Section] | None = None,
) -> pd.DataFrame:
    """Every quantitative fact of ``text`` in the columns of ``fact_schema.csv``, in reading order."""
    if not text:
        return empty_facts()
    simp = to_simplified(text)
    if len(simp) != len(text):  # the contract says same length; never trust offsets otherwise
        simp = text
    if sections is None:
        sections = [Section(x.part, text[x.start:x.start + len(x.title)] if x.title else None, x.start, x.end)
                    for x in split_sections(simp)]
    # read a compact copy: PDF line wraps and page furniture left out; pos maps back
    cp = compact(simp, text)
    pos = cp.pos
    orig_text = text
    text, simp = cp.written, cp.text
    sections = _compact_sections(sections, pos, len(simp))
    doc = _Doc(simp, sections)
    rank_facts, rank_spans = _rank_facts(doc)
    measures = _measures(doc, rank_spans)

    facts: list[_Fact] = []
    prev: _Measure | None = None
    for meas in measures:
        sent = doc.segment_start(meas.num_start)
        prev_fact = facts[-1] if facts and facts[-1].m.num_start >= sent else None
        f = _fact_for(doc, meas, prev if prev and prev.num_start >= sent else None, prev_fact)
        facts.append(f)
        prev = meas
    _distribute(doc, facts)
    facts += _spread_shared(doc, facts)
    _added_then_total(doc, facts)
    facts = _drop_rementions(doc, facts)
    _shared_heads(doc, facts)
    facts += _resolve_ranks(doc, rank_facts, facts)
    facts += _consecutive_facts(doc, facts)
    facts += _table_facts(doc)
    facts += _pegged_facts(doc)
    facts.sort(key=lambda f: (f.m.num_start, f.subj_start))

    rows = []
    seen: set[str] = set()
    sec_starts = [x.start for x in sections]
    marks = frames(simp, sections, year_reviewed, report_year)
    mark_starts = [m[0] for m in marks]
    for f in facts:
        if not f.subject.strip():
            continue
        k = bisect_right(sec_starts, f.m.num_start) - 1
        sec = sections[max(k, 0)]
        frame = frame_at(marks, mark_starts, f.m.cmp_start) if sec.part != "front" else None
        part = frame.part if frame is not None else sec.part
        status = _status(doc, sec.part, f.m.cmp_start, frame)
        period = _period(doc, f, status, year_reviewed, report_year, frame)
        ev_start = min(f.subj_start, f.m.cmp_start)
        ev_end = max(f.subj_end, f.m.meas_end, f.evidence_end)
        as_written = f.subject == simp[f.subj_start:f.subj_end]
        subject = tidy(text[f.subj_start:f.subj_end]) if as_written else tidy(f.subject)
        char_start, char_end = pos[f.m.num_start], pos[f.m.num_end - 1] + 1
        fid = _fact_id(report_id, char_start, char_end, f.metric, subject)
        if fid in seen:
            continue
        seen.add(fid)
        vn, un = normalize(f.value, f.unit)
        vh = f.m.value_high
        if vh is not None and f.metric == "growth_pct" and f.m.unit == "倍":
            vh *= 100
        rows.append({
            "report_id": report_id,
            "fact_id": fid,
            "part": part,
            "section": sec.title,
            "subject": subject,
            "indicator_code": indicator_for(tidy(f.subject)),
            "metric": f.metric,
            "value": f.value,
            "value_high": vh,
            "unit": _written_unit(text, f),
            "value_normalized": vn,
            "unit_normalized": un,
            "comparator": f.m.comparator,
            "period": period,
            "status": status,
            "basis": text[f.m.num_start:f.m.num_end] if f.pegged_to else _written_basis(text, simp, f),
            "evidence": orig_text[pos[ev_start]:pos[ev_end - 1] + 1],
            "char_start": char_start,
            "char_end": char_end,
            "pegged_to": f.pegged_to,
        })
    return _frame(rows)


def facts_of_document(doc: Document, *, report_id: str) -> pd.DataFrame:
    """The one road from a read document to its facts, taken by the ``indicator_facts`` asset,
    ``govreport extract`` and ``govreport eval``: the document's text, sections, report year and
    year reviewed go to :func:`extract_facts`. Returns the fact table (columns of fact_schema.csv)."""
    return extract_facts(
        doc.text,
        report_id=report_id,
        year_reviewed=doc.meta.year_reviewed,
        report_year=doc.meta.report_year,
        sections=doc.sections,
    )
