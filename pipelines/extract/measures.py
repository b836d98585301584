"""Pass 1, measures: every number of the text with its magnitude, unit and comparator
(Arabic and Chinese numerals, lists and ranges sharing a unit, 三成, 半数, 翻一番); numbers that
are names, dates, slogans or size classes are left out."""

from __future__ import annotations

import re

from pipelines.extract import grammar as g
from pipelines.extract.core import Doc, Measure, is_cjk
from pipelines.extract.units import dimension
from pipelines.extract.words import alternation
from pipelines.text.numbers import parse_arabic, parse_chinese


def prefix_comparator(s: str, at: int) -> re.Match | None:
    """The prefix comparator (lexicon/comparators.csv) ending right at ``at``, the longest one
    (不少于 over 少于), looked for as far back as the longest word of the file."""
    if at == 0 or s[at - 1] not in g.PREFIX_CMP_LAST:
        return None
    return g.PREFIX_CMP_RE.search(s, max(0, at - g.PREFIX_CMP_WINDOW), at)


def _arabic_measure(doc: Doc, m: re.Match, rank_spans: set[int]) -> tuple[Measure | None, int]:
    """The measure starting at Arabic number m, and where scanning resumes."""
    s = doc.s
    a, e = m.span()
    raw = m.group()
    prev = s[a - 1] if a > 0 else ""
    nxt = s[e] if e < len(s) else ""
    # 人口自然增长率为-6.8‰: a minus sign after a word (not a range or a code)
    minus = prev in "-－−" and a >= 2 and (is_cjk(s[a - 2]) or s[a - 2] in "：:")
    if not minus and (a in rank_spans or prev in "第+./-_:" or prev.isascii() and prev.isalpha()):
        return None, e
    if nxt == "+" or nxt.isascii() and nxt.isalpha() and not g.ASCII_UNIT_RE.match(s, e):
        return None, e  # 5G, 4A级, “5+N”
    if len(raw) > 1 and raw[0] == "0" and raw[1].isdigit():
        return None, e  # 0205街区
    if doc.is_protected(a):
        return None, e
    value = float(raw) if raw.isdecimal() else parse_arabic(raw)  # digits only (full-width too): no clean-up
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
            meas = Measure(a, m2.end(), value, unit, t2.end(), t2.end(), a,
                            value_high=parse_arabic(m2.group("a")), unit_spans=_unit_spans(t2))
            if t2.group("more"):
                meas.comparator = "gt"
            return meas, t2.end()
        return Measure(a, e, value, unit, t2.end(), t2.end(), a, unit_spans=_unit_spans(t2)), link.end()
    if not _unit_ok(s, t):
        return None, e
    if s[t.end():t.end() + 1] in _OUTLINE_OPENS and _OUTLINE_RE.match(s, t.end()):
        return None, t.end()  # 重点做好8个方面工作: the outline of a report, as 八个方面工作
    unit = _unit_of(t)
    if minus:
        value, a = -value, a - 1
    meas = Measure(a, e, value, unit, t.end(), t.end(), a, unit_spans=_unit_spans(t))
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


# the work items a report announces, counted in digits (lexicon/not_counted.csv, kind outline): no
# fact when the word ends the counted noun and its clause (抓好6个方面工作：, 完成3项任务。; 45项规划任务 and
# 6个方面16条经验 stay)
_OUTLINE_RE = re.compile(rf"(?:{alternation('not_counted', 'outline')})(?=[：:，,。；;\s]|$)")
_OUTLINE_OPENS = g.opening_chars(_OUTLINE_RE)


def _unit_of(t: re.Match) -> str:
    """The unit as matched, magnitude prefix included (万 + 人次 in 1.2万余人次)."""
    return (t.group("mag1") or t.group("mag2") or "") + t.group("unit")


def _unit_spans(t: re.Match) -> tuple[tuple[int, int], ...]:
    if t.group("mag1") is None and t.group("mag2") is None:
        return (t.span("unit"),)  # the usual case, without a generator
    return tuple(t.span(k) for k in ("mag1", "mag2", "unit") if t.group(k))


def _unit_ok(s: str, t: re.Match) -> bool:
    """Units that are part of a name: 8小时指挥部, 500米服务半径, 15分钟生活圈."""
    unit = t.group("unit")
    if unit in g.NAME_PRONE_UNITS and not (t.group("mag1") or t.group("mag2")):
        nxt = s[t.end()] if t.end() < len(s) else ""
        if is_cjk(nxt) and nxt not in "以左上内":
            return False
    return True


def _chinese_measure(doc: Doc, m: re.Match) -> Measure | None:
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
        return Measure(a, e, parse_chinese(raw), mm.group("mag") + mm.group("unit"), mm.end(), mm.end(), a, "gt",
                        chinese=True, unit_spans=spans)  # 三百一十多亿元
    if not t or t.group("unit") in ("年", "位"):
        return None
    value = parse_chinese(head) if head else 1.0
    if value is None:
        return None
    cmp_start, comparator = a, "eq"
    pc = prefix_comparator(s, a)
    if pc and pc.end() == a:
        cmp_start, comparator = pc.start(), g.PREFIX_CMP[pc.group("c")]
    elif prev == "上":
        cmp_start, comparator = a - 1, "ge"  # 上万人次
    if raw[0] in "百千万亿" and comparator == "eq":
        return None  # 百万亩造林, 千亩果园: names, not counts
    postposed = (head == "一" and t.group("unit") in g.CN_COUNTERS and is_cjk(prev)
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
    meas = Measure(a, e - len(mag) if head else e, value, mag + t.group("unit"), t.end(), t.end(), cmp_start, comparator,
                    chinese=True, unit_spans=spans)
    if t.group("more"):
        meas.comparator = "gt"
    return meas


def _chinese_ratios(doc: Doc) -> list[Measure]:
    """三成 -> 30%, 百分之四 -> 4% (unit %, not written)."""
    out = []
    s = doc.s
    for rx, factor in ((g.CN_PERCENT_RE, 1.0), (g.CN_TENTHS_RE, 10.0)):
        for m in rx.finditer(s):
            key = "n"
            if rx is g.CN_TENTHS_RE and m.start() > 0 and "\u4e00" <= s[m.start() - 1] <= "\u9fff" \
                    and s[m.start() - 1] not in g.TENTHS_AFTER:
                continue  # 十成, 形成: 三成 stands alone or after 近 超 占 …
            raw = m.group(key)
            v = parse_arabic(raw) if raw[0].isdigit() else parse_chinese(raw)
            if v is None or doc.is_protected(m.start()):
                continue
            meas = Measure(m.start(key), m.end(key), v * factor, "%", m.end(), m.end(), m.start(), chinese=True)
            out.append(meas)
    return out


def read_measures(doc: Doc, rank_spans: set[int]) -> list[Measure]:
    """Every number with its unit and comparator in ``doc``: ``Doc, {rank start} -> [Measure]`` (not at
    a rank's position); then halves (半数), doublings (翻一番), counts in 万 before a people noun
    (lexicon/magnitude_nouns.csv) and Chinese ratios (三成), each only where no measure starts; in
    text order."""
    s = doc.s
    out: list[Measure] = []
    pos = 0
    n = len(s)
    while True:
        first = g.NUMBER_NEXT_RE.search(s, pos)  # a Chinese run with no unit after it is passed over
        if not first:
            break
        m = g.NUMBER_RE.match(s, first.start())
        if m.group("a"):
            meas, pos = _arabic_measure(doc, m, rank_spans)
        else:
            e = m.end()
            meas = _chinese_measure(doc, m) if e < n and s[e] in g.CN_TAIL_FIRST else None
            pos = meas.unit_end if meas else e
        if meas:
            _comparators(doc, meas)
            if _is_class_qualifier(doc, meas):
                continue
            out.append(meas)
    out += _half_measures(doc)
    taken = {x.num_start for x in out}
    for m in g.DOUBLING_RE.finditer(s):
        if m.start() not in taken and not doc.is_protected(m.start()):
            out.append(Measure(m.start(), m.end(), g.DOUBLING[m.group("n")], "%", m.end(), m.end(), m.start(),
                                chinese=True, doubling=True))
    taken = {x.num_start for x in out}
    for meas in _magnitude_noun_measures(doc):
        if meas.num_start not in taken:
            _comparators(doc, meas)
            out.append(meas)
    taken = {x.num_start for x in out}
    for meas in _chinese_ratios(doc):
        if meas.num_start not in taken:
            _comparators(doc, meas)
            out.append(meas)
    out.sort(key=lambda x: x.num_start)
    return out


# a count in 万 with no counter, before a noun naming people (lexicon/magnitude_nouns.csv):
# 新增40.8万青年留渝来渝、33万农民工就近就业 (重庆 2026), 100多万群众. The 万 and its noun are searched
# first (a scan from every digit with the number pattern cost a tenth of the extraction time), then the
# number is matched just before it.
_WAN_NOUN_RE = re.compile(rf"万(?=(?:{alternation('magnitude_nouns', 'people')}))")
_NUMBER_BEFORE_RE = re.compile(rf"(?<![\d.．])(?P<n>\d+(?:[.．]\d+)?)(?P<more>{g.MORE})?$")


def _magnitude_noun_measures(doc: Doc) -> list[Measure]:
    """Measures with the unit 万 (people) for the counts before ``_WAN_NOUN_RE``: ``Doc -> [Measure]``."""
    s = doc.s
    out = []
    for w in _WAN_NOUN_RE.finditer(s):
        m = _NUMBER_BEFORE_RE.search(s, max(0, w.start() - 16), w.start())
        if m is None or doc.is_protected(m.start()):
            continue
        more = m.group("more")
        out.append(Measure(m.start(), m.end("n"), parse_arabic(m.group("n")), "万", w.end(), w.end(), m.start(),
                           g.INSIDE_CMP[more] if more else "eq"))
    return out


def _half_measures(doc: Doc) -> list[Measure]:
    """落地项目超过半数: half as 50%, read only after a comparator (半数以上 too)."""
    out = []
    s = doc.s
    for m in g.HALF_RE.finditer(s):
        a, e = m.span()
        pc = prefix_comparator(s, a)
        sc = g.SUFFIX_CMP_RE.match(s, e)
        start = pc.start() if pc else a
        if doc.is_protected(start) or not (pc or sc):
            continue
        meas = Measure(a, e, 50.0, "%", e, sc.end() if sc else e, start)
        meas.comparator = g.PREFIX_CMP[pc.group("c")] if pc else g.SUFFIX_CMP[sc.group("c")]
        out.append(meas)
    return out


def _is_class_qualifier(doc: Doc, meas: Measure) -> bool:
    """亿元以上项目86个, 超五百万元的村达到二十三个: a size class naming what is counted next."""
    s = doc.s
    end = meas.meas_end
    bounded = meas.comparator in ("ge", "le", "gt") and end > meas.unit_end or s[end:end + 1] == "的"
    # 投资超10亿元项目8个, 超百亿元企业3家: a threshold written before the counted noun
    prefixed = meas.comparator in ("ge", "gt") and meas.cmp_start < meas.num_start and end == meas.unit_end
    if not (bounded or prefixed) or end >= len(s) or not (is_cjk(s[end]) or s[end] == "的"):
        return False
    if bounded and g.CLASS_BATCH_RE.search(s, max(0, meas.cmp_start - 4), meas.cmp_start):
        return True  # 一批10亿元以上项目: a size class of an uncounted batch
    stop = doc.clause_end(end)
    for nxt in g.NUMBER_RE.finditer(s, end, stop):
        if g.LINK_ONLY_RE.match(s[end:nxt.start()]):
            return False  # 7%以上和8%以上: a list of figures, not a class
        tail = g.TAIL_RE.match(s, nxt.end()) if nxt.group("a") else g.CN_TAIL_RE.match(s, nxt.end())
        if tail and nxt.group("a") and not _unit_ok(s, tail):
            continue  # 89.4%的公园实现24小时开放: a name (24小时开放) is no count for a class to qualify
        if tail:
            if prefixed and not bounded:
                between = s[end:nxt.start()]
                return 0 < len(between) <= 8 and all(is_cjk(c) for c in between) \
                    and not g.CLASS_NOUN_STOP_RE.search(between)
            return True
        if prefixed and not bounded:
            return False
    return False


# a share of a reference written between 约 and the figure: 分别约为全国平均的70%、60%
_ABOUT_SHARE_RE = re.compile(r"约(?:为|是|相当于)[^，,。；;、\d]{1,12}的$")


def _comparators(doc: Doc, meas: Measure) -> None:
    s = doc.s
    sc = g.SUFFIX_CMP_RE.match(s, meas.unit_end) if s[meas.unit_end:meas.unit_end + 1] in g.SUFFIX_CMP_OPENS else None
    if sc and sc.group("c") not in ("多", "余"):
        meas.comparator = g.SUFFIX_CMP[sc.group("c")]
        meas.meas_end = sc.end()
    elif s[meas.unit_end:meas.unit_end + 1] == "内" and dimension(meas.unit) == "time" \
            and s[meas.unit_end - 1:meas.unit_end] != "年":
        meas.comparator = "le"  # 1个工作日内, 3天内: within
        meas.meas_end = meas.unit_end + 1
    if meas.cmp_start == meas.num_start:
        # prefix_comparator's own first test, before the call (a figure at the start or after no comparator's last character)
        pc = prefix_comparator(s, meas.num_start) if s[meas.num_start - 1:meas.num_start] in g.PREFIX_CMP_LAST else None
        if pc and pc.end() == meas.num_start and doc.clause_start(meas.num_start) <= pc.start():
            meas.cmp_start = pc.start()
            if meas.comparator == "eq":
                meas.comparator = g.PREFIX_CMP[pc.group("c")]
        elif meas.comparator == "eq" and meas.unit in ("%", "％") \
                and _ABOUT_SHARE_RE.search(s, max(0, meas.num_start - 16), meas.num_start):
            meas.comparator = "approx"  # 约为全国平均的70%: 约 before the reference the share is of
    # 控制在4.3%以内 / 不超过 ... the suffix wins; 近1200张 keeps approx
