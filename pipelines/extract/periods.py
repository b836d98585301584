"""Pass 6, status and period of a fact: from its sentence, its time frame
(:mod:`pipelines.extract.timeframe`) and whether it is a flow over a span or a level at its end."""

from __future__ import annotations

import re
from dataclasses import replace

from pipelines.extract import grammar as g
from pipelines.extract.core import Doc, Fact, last_match, small_number, span_years
from pipelines.extract.subjects import AREA_GAP_RE, MILESTONE_NOUN_RE, MILESTONE_PHRASE_RE
from pipelines.extract.timeframe import Frame, plan_part_re, plan_part_years, since_plan_re
from pipelines.extract.words import alternation


def status_of(doc: Doc, part: str, pos: int, frame: Frame | None = None) -> str:
    """target in a plan frame (or the plan part when no frame is known) or for a projection
    (:func:`is_projection`: 全部投产后…将达到); else a target phrase before the number (预期目标是,
    力争) -> target, unless it reports the targets met (全年主要预期目标任务圆满完成); 预计 in the
    sentence that reaches the number (:func:`_estimate_reaches`, not marked item by item) -> estimate;
    else actual."""
    if (frame.part if frame is not None else part) == "plan" or is_projection(doc, pos):
        return "target"
    sent = doc.sentence_start(pos)
    scope = sent if part in ("review", "plan") else doc.paragraph_start(pos)
    # most sentences hold no status word: one scan of the text per pattern rules them out (Doc.may_match)
    if doc.may_match(g.TARGET_RE, scope, pos) \
            and any(not _met(doc.s, m) for m in g.TARGET_RE.finditer(doc.s, scope, pos)):
        return "target"
    if doc.may_match(g.ESTIMATE_RE, sent, pos) and (em := g.ESTIMATE_RE.search(doc.s, sent, pos)) \
            and not _estimated_per_item(doc, sent, em.start(), pos) and _estimate_reaches(doc, sent, pos):
        return "estimate"
    return "actual"


# a figure written in digits, not a year (2025年) nor part of a longer number
_FIGURE_RE = re.compile(r"\d+(?:\.\d+)?(?![\d.年])")


def _estimate_reaches(doc: Doc, sent: int, pos: int) -> bool:
    """Whether a 预计 of the sentence before ``pos`` covers it: one in the segment (；) of ``pos``, or one
    that opens the figures of its own segment (地区生产总值预计完成…；固定资产投资增长9.1%: a list of estimates).
    A 预计 after figures of its segment closes it (…企业数量实现翻番，全社会研发经费投入预计年均增长10.5%；技术合同
    成交额增长6.4倍: the 6.4 is a result; 重庆 2026, fifth provincial round)."""
    seg = doc.segment_start(pos)
    for m in g.ESTIMATE_RE.finditer(doc.s, sent, pos):
        start = doc.segment_start(m.start())
        if start == seg or not _FIGURE_RE.search(doc.s, start, m.start()):
            return True
    return False


def is_projection(doc: Doc, pos: int) -> bool:
    """Whether the figure at ``pos`` is a projection: a word of ``lexicon/projection_words.csv``
    (kind projection: 全部投产后 达产后 建成后 届时) earlier in its sentence and a modal (kind modal:
    将 可 能够 预计; guard not_before: 可 of 可支配收入, 可再生能源 is no modal) in its clause after it
    (全部投产后年产值将达到800亿元). A projection is a target,
    never a result or an estimate of the year reviewed (issue 9), and it has no year unless one is written."""
    sent = doc.sentence_start(pos)
    if not doc.may_match(g.PROJECTION_RE, sent, pos):
        return False
    pm = last_match(g.PROJECTION_RE, doc.s, sent, pos)
    if pm is None:
        return False
    return g.PROJECTION_MODAL_RE.search(doc.s, max(pm.end(), doc.clause_start(pos)), pos) is not None


def _estimated_per_item(doc: Doc, sent: int, first: int, pos: int) -> bool:
    """Whether the sentence marks its estimates item by item (预计 after the subject in two segments or
    more: 数字经济增加值预计达3.4万亿元…；清洁能源装机比重达66.1%；文旅经济增加值预计达6500亿元) and no 预计
    stands in the segment of ``pos``: that figure is a result. One 预计 over a list (地区生产总值预计完成…；
    固定资产投资增长9.1%) still covers the list."""
    per_item, marked = _estimate_marks(doc, first, pos)
    return per_item and doc.segment_start(pos) not in marked


def _estimate_marks(doc: Doc, first: int, pos: int) -> tuple[bool, frozenset[int]]:
    """(whether 预计 stands after the subject in two segments or more, the segments holding a 预计),
    from ``first`` (the first 预计) to the 。 after ``pos``: the same for every figure of a sentence
    (no 。 inside it), so asked once a sentence (``Doc.memo``)."""
    end = doc.s.find("。", pos)
    key = ("estimate_marks", first)
    found = doc.memo.get(key)
    if found is None or found[0] != end:
        marks = [m.start() for m in g.ESTIMATE_RE.finditer(doc.s, first, end if end >= 0 else len(doc.s))]
        per_item = {doc.segment_start(m) for m in marks if m - doc.clause_start(m) > 2}
        found = doc.memo[key] = (end, len(per_item) >= 2, frozenset(doc.segment_start(m) for m in marks))
    return found[1], found[2]


# a target reported as met is a result: 全年主要预期目标任务圆满完成，…增长5.2% ; 完成了预期目标
_MET_BEFORE = re.compile(r"(?:完成|实现|达成|超额|超过|高于)了?[^，,。；;]{0,8}$")
_MET_AFTER = re.compile(r"[^，,。；;]{0,6}?(?:圆满|全面|顺利|超额)?(?:完成|实现|达成)")


def _met(s: str, m: re.Match) -> bool:
    """Does the target phrase ``m`` (预期目标, 目标任务 …, not 力争) name targets already met?"""
    if "目标" not in m.group():
        return False
    return bool(_MET_BEFORE.search(s, max(0, m.start() - 12), m.start()) or _MET_AFTER.match(s, m.end()))


def plan_span(m: re.Match | None) -> str | None:
    """A match of ``grammar.PLAN_PERIOD_RE`` -> its years: “十三五”期间 -> 2016-2020; None for no match."""
    if m is None:
        return None
    a, b = g.named_plan_years(m)
    return f"{a}-{b}"


# what was added over a span (lexicon/flow_stock.csv, kind increment): 粮食增产169.8亿斤、增量占全国18.7%
# is a share of the span's increase, a flow like the increase itself
_INCREMENT_RE = re.compile(rf"^{g.INCREMENT}")  # 五年增量
# a span from a written year to the year reviewed: 2021年以来
_SINCE = "年以来"  # every match ends with it: a plain `in` test rules a sentence out first
_SINCE_RE = g.scan_faster("periods._SINCE_RE", re.compile(rf"(?<!\d)(?P<y>(?:19|20)\d\d){_SINCE}"))
# a change against a written base year (较2020年, 比2020年): the level now against that year's
_AVERAGE_RE = re.compile(r"年均|累计")
_BASE_YEAR_RE = re.compile(r"^[比较](?:19|20)\d\d年")


def _passed_milestone(doc: Doc, fact: Fact) -> bool:
    """A count of milestones passed during a span (跨越3个千亿元台阶) or a milestone of a list that
    is not the last one (连续跨越7万亿、8万亿、9万亿三个大台阶: 7 and 8, not 9, which is the level reached)."""
    s, end = doc.s, fact.m.meas_end
    if fact.after and MILESTONE_PHRASE_RE.match(fact.subject):
        return True
    return (s[end:end + 1] == "、" and s[end + 1:end + 2].isdigit()
            and MILESTONE_NOUN_RE.search(s, end, doc.clause_end(end)) is not None)


# a move from a starting level to the level reached (由/从 … then a stock word of lexicon/flow_stock.csv)
_MOVED_TO_RE = re.compile(rf"(?:由|从)[^,，;；。]*?(?:{alternation('flow_stock', 'stock')})")


def _is_flow(doc: Doc, fact: Fact) -> bool:
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
    if fact.basis and (AREA_GAP_RE.fullmatch(fact.basis) and not _AVERAGE_RE.search(clause)
                       or _BASE_YEAR_RE.match(fact.basis)):
        # 高于全国平均水平18.3个百分点, 较2020年下降25%: a gap at the end of the span, not a change over it
        # (年均增长5.9%、高于全国0.5个百分点 compares a flow: it stays one)
        return False
    if fact.metric == "value" and _passed_milestone(doc, fact):
        return True  # 连续迈上4万亿、5万亿两个台阶: the milestones passed on the way (and their count)
    if fact.metric in ("growth_pct", "change", "change_pp") or fact.metric != "rank" and g.HELD_RE.search(clause):
        return True  # a position kept (煤制油年产量…保持全国第一) is the rank at the span's end (宁夏 gold)
    if fact.metric != "value":
        return False
    if g.STOCK_REACHED_RE.search(pre) and not fact.unit.endswith("元"):
        return False  # 累计达到19家: the stock at the end of the span (累计达到3450亿元 stays a flow)
    if _INCREMENT_RE.match(fact.subject):
        return True  # 增量占全国18.7%: a share of what was added over the span
    if fact.unit == "万" and fact.after:
        return True  # 100多万群众住上了安全房 (lexicon/magnitude_nouns.csv): the people reached over the span
    if fact.unit in ("%", "％") or g.STOCK_BEFORE_RE.search(pre + s[pos:fact.m.num_start]):
        return False
    after = s[fact.subj_end:doc.clause_end(fact.subj_end)] if fact.after else ""
    if after and g.STOCK_AFTER_RE.search(after):
        return False
    if _MOVED_TO_RE.search(clause):
        return False  # 分别从771家、481家增加到1076家、636家: every figure after the move is a level reached
    return bool(g.FLOW_SUBJECT_RE.match(fact.subject) or g.FLOW_WORD_RE.search(fact.subject)
                or g.FLOW_WORD_RE.search(pre) or g.FLOW_WORD_RE.search(clause)
                or g.FLOW_SUBJECT_RE.match(g.LEAD_CONN_RE.sub("", clause))
                or (after and g.FLOW_WORD_RE.search(after)))


def _sentence_span(sent: str, status: str, base: int) -> tuple[int, int] | None:
    """A span stated in the sentence itself: “十三五”期间, 今后五年 (targets), 五年来 (results)."""
    plan, years = "五" in sent, "年" in sent
    if not years and not plan:
        return None  # most sentences: PLAN_PERIOD_RE holds 五 (“十三五”), every other pattern here 年
    # 较“十三五”时期增长148%: a plan span after 较/比 is the basis compared with, not the period
    # (and after 是/为/相当于 before 的: 是“十三五”时期的2.4倍, the span a multiple is of: grammar.compared_time)
    pm = next((m for m in g.PLAN_PERIOD_RE.finditer(sent) if not g.compared_time(sent, m.start(), m.end())),
              None) if plan else None
    span = plan_span(pm)
    if span is not None:
        a, b = map(int, span.split("-"))
        return _plan_part(sent, pm, a, b, base, status == "target")
    if not years:
        return None
    if status == "target" and (fm := g.FUTURE_SPAN_RE.search(sent)) and (n := small_number(fm.group("n"))):
        return base, base + n - 1
    if status == "target":
        return None
    since = last_match(_SINCE_RE, sent) if _SINCE in sent else None
    sm = g.SPAN_RE.search(sent)
    if since is not None and (sm is None or since.start() > sm.start()) and base - 15 < int(since.group("y")) < base:
        return int(since.group("y")), base  # 一年来,…,2021年以来累计引进外资58亿美元: the nearer one
    if sm and (n := small_number(sm.group("n") or sm.group("n2"))):
        return (base - n + 1, base) if n > 1 else None
    return None


def _plan_part(sent: str, pm: re.Match, a: int, b: int, base: int, target: bool) -> tuple[int, int]:
    """The years of a figure under a numbered plan (a..b) named in its sentence: some of its years
    after 前N年/后N年 anywhere later in the sentence (“十三五”以来,…;前两年,…: 2016-2017 for a result;
    “十一五”后两年 in 2009: 2009-2010 for a target), from the plan's first year to the year reviewed
    for a result after 以来 (“十三五”以来 in 2018: 2016-2018), else a..b (lexicon/time_frames.csv,
    kinds plan_since, plan_first, plan_last). ``base``: the year reviewed, or the report year for a target."""
    if (part := last_match(plan_part_re(), sent, pm.end())) is not None:
        x, y = plan_part_years(part.group(), a, b)
        if (x >= base) if target else (y <= base):
            return x, y
    if not target and a <= base and (pm.group().endswith("以来") or since_plan_re().match(sent, pm.end())):
        return a, base
    return a, b


def period_of(doc: Doc, fact: Fact, status: str, year_reviewed: int | None, report_year: int | None,
            frame: Frame | None = None) -> str | None:
    """The year of a fact; a span from the sentence, else from the time frame of its paragraph
    (``timeframe.frames``): the span for flows, its last year for levels reached at its end;
    a plan span (“十五五”, 今后五年) for every target under it; None for a projection with no year
    written (全部投产后年产值将达到800亿元) or when the base year is unknown."""
    base = report_year if status == "target" else year_reviewed
    if base is None:
        return None
    override = fact.period_override
    if override and status != "target":
        return override
    if status == "target" and not override and is_projection(doc, fact.m.cmp_start):
        return None  # 全部投产后年产值将达到800亿元: no year written, none to tell
    if fact.span and not override:
        return span_years(fact.span, base)
    pos = fact.m.cmp_start
    sent = doc.s[doc.sentence_start(pos):pos]
    fspan = None
    if frame is not None and frame.is_span and (frame.part == "plan") == (status == "target"):
        fspan = (frame.first, frame.last)
    span = _sentence_span(sent, status, base) or fspan
    if (since := fact.since) is not None:
        end = period_of(doc, replace(fact, since=None), status, year_reviewed, report_year, frame)
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
    if span is None:
        return override or str(base)
    # the objectives of a plan span (“十五五”时期主要目标) hold for the whole span
    flow = status == "target" and span is fspan and not override or _is_flow(doc, fact)
    text = f"{span[0]}-{span[1]}"
    if override:
        # 今后五年…到2022年,新培育5个千亿级产业: a flow over the plan span that ends that year;
        # an objective of a named plan (“十五五”…到2030年,…达到78%左右) is the plan's figure
        named = span is fspan and frame is not None and frame.named
        return text if (flow or named) and text.endswith(f"-{override}") else override
    return text if flow else str(span[1])
