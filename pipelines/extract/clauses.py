"""Pass 2, one fact per measure: the metric (change verbs), the subject before or after the
number (ellipsis, trend clauses, 占…比重), the basis and a year written for the number."""

from __future__ import annotations

import re

from pipelines.extract import grammar as g
from pipelines.extract.core import Doc, Fact, Measure, is_cjk, last_match, small_number
from pipelines.extract.subjects import (
    AREA_BARE_OPENS,
    AREA_BARE_RE,
    AREA_GAP_RE,
    AREA_LESS,
    AREA_SHARE_RE,
    MILESTONE_NOUN_RE,
    MILESTONE_PHRASE_OPENS,
    MILESTONE_PHRASE_RE,
    WHEN_RE,
    after_subject,
    clean_before,
)
from pipelines.extract.units import dimension
from pipelines.extract.words import alternation, guarded_alternation

# the words after a starting point up to where it moves to (由8平方公里扩大到…, 从39个拓展至…; not
# 从8个维度设置了30项指标, where 从 names no start)
_MOVE_TO_RE = re.compile(r"[\u4e00-\u9fff]{0,4}?[到至为]")
# the units of a run counted after 连续 (连续16个季度高于全国平均水平)
_RUN_UNITS = frozenset({"个月", "个季度", "天", "周"})
_AFTER_DIMS = {"count", "people", "area", "length", "money", "time", "mass", "volume", "energy", "power"}
_PP_UNITS = {"个百分点", "百分点"}
_NOUN_VERBS = {"增幅", "增速", "涨幅", "降幅", "增长率"}


def metric_of(unit: str, value: float, verb: str | None, after: bool) -> tuple[str, str, float]:
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


def _basis(doc: Doc, fact: Fact, zone_start: int, cs: int, inherit: Fact | None,
           not_wide: tuple[int, int] | None = None) -> str | None:
    """A qualifier between the subject (or the previous number) and this number; 累计/年均
    anywhere earlier in the clause but in ``not_wide`` (start, end: see :func:`_not_wide`), never
    inside the subject (PM2.5年均浓度)."""
    s, ss, se, at = doc.s, fact.subj_start, fact.subj_end, fact.m.cmp_start
    win_start = se if not fact.after and zone_start <= se <= at else zone_start
    found = None
    for bm in g.BASIS_RE.finditer(s, win_start, at):
        if found is None or bm.group() not in g.WEAK_BASIS:  # 扣除价格因素实际增长: the first says more
            found = bm.group()
    # only a clause-wide word is taken here: none written in the clause, no scan
    lo, hi = not_wide or (at, at)
    if found is None and g.CLAUSE_WIDE_BASIS_RE.search(s, cs, at):
        for bm in g.BASIS_RE.finditer(s, cs, at):
            if lo <= bm.start() < hi:
                continue
            if bm.group() in g.CLAUSE_WIDE_BASIS and (not ss <= bm.start() < se
                                                      or bm.group() == "累计" and g.CUMULATIVE_VERB_RE.match(s, bm.end())):
                found = bm.group()
    if found is None and inherit is not None:
        found = inherit.basis
    return found


# the earlier level a multiple is of, right before the figure: 是2020年的, 是“十三五”末的, 为前五年的, 相当于上年的
# (the words before it: lexicon/basis_words.csv kind multiple_of, grammar.MULTIPLE_OF)
_MULTIPLE_OF_RE = re.compile(
    rf"(?:{g.MULTIPLE_OF})(?:(?:19|20)\d\d年(?:末|底)?|(?:[“\"]?十[一二三四五六]五|[“\"]十五)[”\"]?(?:时期|期间|期末|末)?"
    rf"|前[两二三四五六七八九十\d]{{1,2}}年|上年|去年|上一年)的$")


def _span_compared(ref: str) -> int | None:
    """Years of the span a multiple compares with (是“十三五”时期的 5, 为前三年的 3), None for a level
    (是2020年的, 是“十三五”末的)."""
    if "时期" in ref or "期间" in ref:
        return 5
    if (m := re.search(r"前(.{1,2})年", ref)) is not None:
        return small_number(m.group(1))
    return None


def _not_wide(cs: int, zone_start: int, tail: str, prev_fact: Fact | None) -> tuple[int, int]:
    """(start, end) of the words of the clause where a clause-wide basis word (累计 年均) does not
    qualify a figure whose own words, after the number before in its clause, name a subject of their
    own. The word qualifies it only when it opens the list, before the subject of the figure before,
    and the figure has no verb of its own
    (``tail``: the words between its subject and the number): 累计接待游客17.52亿人次、旅游花费1.27万亿元
    (both 累计); not 累计净增各类经营主体155万户、总量达474万户 (达: a clause of its own) nor
    外送电量年均增长6%、绿电占比超三成 (年均 belongs to the growth of 外送电量). Source: 江西, 新疆 2026."""
    if _OWN_VERB_RE.search(tail):
        return cs, zone_start
    if prev_fact is not None and not prev_fact.after and cs <= prev_fact.subj_start < zone_start:
        return prev_fact.subj_start, zone_start
    return zone_start, zone_start


# a verb of the figure's own between its subject and the number (lexicon/subject_tails.csv, kind predicate_start)
_OWN_VERB_RE = re.compile(guarded_alternation("subject_tails", "predicate_start"))


# the items named before 等 (黄石、咸宁、天门等): the new ones, not the whole the total counts
_ETC_ITEMS_RE = re.compile(r"^[^等]*、[^等]*等")


def _projected(s: str, cs: int, ss: int, se: int) -> tuple[int, int]:
    """(start, end) of the subject ``s[ss:se]`` of clause ``cs`` without the projection word before
    or inside it and one modal closing it (全部投产后全省高速公路里程将|突破1万公里 -> 高速公路里程;
    lexicon/projection_words.csv; the scope word after the projection goes as at a clause start);
    as given when no projection word stands in the clause before the subject's end."""
    pm = last_match(g.PROJECTION_RE, s, cs, se) if g.PROJECTION_RE.search(s, cs, se) else None
    if pm is None:
        return ss, se
    start = ss
    if pm.end() > ss:
        start = pm.end() + g.LEAD_RE.match(s[pm.end():se]).end()
    mm = _MODAL_END_RE.search(s, start, se)
    end = mm.start() if mm else se
    return (start, end) if end - start >= 2 else (ss, se)


_MODAL_END_RE = re.compile(rf"(?:{alternation('projection_words', 'modal')})$")


def _explicit_year(doc: Doc, zone_start: int, cs: int, at: int) -> str | None:
    """由2016年的5908亿元 / 2022年全区… / 到2025年,全市…: a year stated for this number."""
    s = doc.s
    # a match ending at ``at`` has its 年 among the last three characters (2022年全年): test that first
    ym = g.YEAR_BEFORE_RE.search(s, zone_start, at) if "年" in s[max(zone_start, at - 3):at] else None
    if ym and ym.end() == at:
        if ym.group().endswith("的") and g.RATIO_TO_YEAR_RE.search(s, max(0, ym.start() - 4), ym.start()):
            return None  # 恢复到2019年的82%: a ratio to that year's level, measured now
        return ym.group("y")
    ym = g.YEAR_AT_START_RE.match(s, cs, at) if s[cs:cs + 1] in g.YEAR_AT_START_OPENS else None
    if ym:
        return ym.group("y")
    ss = doc.sentence_start(at)
    ym = g.YEAR_AT_START_RE.match(s, ss, at) if s[ss:ss + 1] in g.YEAR_AT_START_OPENS else None
    if ym and s[ym.end():ym.end() + 1] in ",，":  # 2017年,全市生产总值增长8.6%,规模以上…
        return ym.group("y")
    pe = g.PLAN_END_RE.match(s, cs, at) if "末" in s[cs:at] else None
    if pe is None and "末" in s[ss:at] and (pe := g.PLAN_END_RE.match(s, ss, at)) and s[pe.end():pe.end() + 1] not in ",，":
        pe = None
    if pe is not None:  # “十一五”末,全市生产总值力争达到2600亿元: 2010
        return str(g.named_plan_years(pe)[1])
    # the clause before is a year alone (it ends with 年, 底, 末 or a space: tested first)
    if cs > 1 and s[cs - 1] in ",，" and (s[cs - 2] in "年底末" or s[cs - 2].isspace()) \
            and (ym := g.YEAR_CLAUSE_RE.match(s[doc.clause_start(cs - 1):cs - 1])):
        return ym.group("y")
    return None


def _subject_of_clause_before(doc: Doc, cs: int) -> tuple[int, int] | None:
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


def _trend_clause_before(doc: Doc, cs: int, ends: str = ",，") -> tuple[int, int] | None:
    """The clause before (ended by one of ``ends``) names the subject and only a trend (止跌回升), no
    number of its own."""
    while cs > 0 and "。" in ends and doc.s[cs - 1] in " \n":
        cs -= 1  # 经营主体持续壮大。\n总量接近800万户: a sentence per line
    if cs <= 0 or doc.s[cs - 1] not in ends:
        return None
    pcs = doc.clause_start(cs - 1)
    clause = doc.s[pcs:cs - 1]
    tm = g.TREND_CLAUSE_RE.search(clause)
    if not tm or any(c.isdigit() for c in clause):
        return None
    b0, b1 = clean_before(clause[:tm.start()])
    return (pcs + b0, pcs + b1) if b1 > b0 else None


# a class label opening a counted noun (lexicon/grade_labels.csv, kind class): 2个1类创新药, 10个Ⅰ类新药
_CLASS_LABEL_RE = re.compile(rf"(?:\d{{1,2}}|[ⅠⅡⅢⅣⅤⅥ])(?:{alternation('grade_labels', 'class')})(?=[\u4e00-\u9fff])")
# a subject opened by a preposition (在科研、工业等领域应用落地3000个): its examples name no head noun
_LOCATIVE = frozenset("在对为向从于")
# an increase named right before its figure (lexicon/flow_stock.csv, kind increment): 五年增量超1.36万亿元
_INCREMENT_BEFORE_RE = re.compile(rf"(?:^|[,，、]){g.INCREMENT}$")
# the nouns a count in 万 with no counter names (lexicon/magnitude_nouns.csv)
_PEOPLE_NOUN_RE = re.compile(alternation("magnitude_nouns", "people"))
# examples closed by 等 before the counted noun (lexicon/subject_tails.csv, kind etc): 消费季、购物季等活动
_EXAMPLES_RE = re.compile(rf"、[^、，,；;。]+?(?:{alternation('subject_tails', 'etc')})(?=[\u4e00-\u9fff]{{2,}}$)")
# a growth over a number of years written alone before its verb: ,3年增长58.6%
_DURATION_BEFORE_RE = g.scan_faster("clauses._DURATION_BEFORE_RE", re.compile(r"(?:^|[,，、])\s*(?P<n>\d{1,2})年(?:来|间)?$"))
# a milestone reached (lexicon/reached_comparators.csv): the figure is a lower bound
_REACHED_RE = re.compile(rf"(?:{alternation('reached_comparators', 'ge')})$")


def _milestone_subject(doc: Doc, f: Fact) -> tuple[int, int] | None:
    """When ``f`` counts milestones passed (地区生产总值跨越3个千亿元台阶, 跨过两个万亿元大关), the
    words before the milestone verb (地区生产总值): the subject of the figures that follow it."""
    s = doc.s
    if not (f.after and (MILESTONE_NOUN_RE.match(s, f.subj_end) or MILESTONE_PHRASE_RE.match(f.subject))):
        return None
    pcs = doc.clause_start(f.m.cmp_start)
    zone = s[pcs:f.m.cmp_start]
    if d := re.search(r"\d", zone):
        zone = zone[:d.start()]  # 连续跨越3千亿元、4千亿元两个台阶: the words before the first figure
    b0, b1 = clean_before(zone)
    return (pcs + b0, pcs + b1) if b1 > b0 else None


# what follows a percent and 的 when it describes the figure rather than counting a population:
# 5.5%左右的预期增长目标 (a target named again), 6%的增速
_SHARE_NOT_RE = re.compile(r"[^,，。；;]{0,6}?(?:增长|增速|增幅|目标|水平|速度)")


def _arabic_share(meas: Measure, unit: str, verb_m: re.Match | None, pre: str, s: str,
                  prev_subject: str | None) -> bool:
    """A percent in digits that is the share of the noun after it: the noun follows the bound
    directly after a list of objects or nothing (覆盖所有城区、镇区和93%以上行政村), or, with nothing
    before it to name it, after 的 (全市76.5%的绿地…; 90%的化工园区…,90%的煤矿…). A change
    (增长5%以上的企业), a figure named before (完成水泥、焦化行业70%以上产能…), a description of
    the figure (5.5%左右的预期增长目标) and a noun that repeats the subject of the figure before
    (累计化解矛盾纠纷1655万件,90%以上的矛盾纠纷…: an ellipsis) stay as they are.
    ``prev_subject``: the subject of the figure before in the segment, if any."""
    if meas.chinese or unit != "%" or verb_m is not None or meas.doubling:
        return False
    nxt = s[meas.meas_end:meas.meas_end + 2]
    # whether nothing before names the figure (clean_before, asked only when a test needs it)
    if meas.comparator != "eq" and meas.cmp_start == meas.num_start and nxt[:1] not in ("", "的") \
            and is_cjk(nxt[:1]) and (clean_before(pre) == (0, 0) or pre.rstrip()[-1:] in ("和", "及", "与", "、")):
        return True
    if nxt[:1] != "的" or not is_cjk(nxt[1:2]) or clean_before(pre) != (0, 0) or _SHARE_NOT_RE.match(s, meas.meas_end + 1):
        return False
    after = s[meas.meas_end + 1:meas.meas_end + 9]
    return not (prev_subject and len(prev_subject) >= 2 and prev_subject[-2:] in after)


# a position clause (稳居全国前十强, 位居全省第一方阵) inserted between two figures of one subject
# (lexicon/rank_verbs.csv, kind holds; the areas: lexicon/rank_scopes.csv, kind position)
_POSITION_RE = re.compile(rf"^(?:{alternation('rank_verbs', 'holds')})(?:{alternation('rank_scopes', 'position')})")
_POSITION_OPENS = g.opening_chars(_POSITION_RE)


def fact_for(doc: Doc, meas: Measure, prev: Measure | None, prev_fact: Fact | None) -> Fact:
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
    if verb_m is None and ("比" in pre or "较" in pre) and (am := g.AREA_COMPARE_RE.search(pre)):  # [比较]…
        verb_m = am  # 比全省高0.8万元: a change against another area
    gap = AREA_GAP_RE.search(pre, max(0, len(pre) - 16)) if verb_m is None else None
    if gap is not None:
        verb_m = gap  # 高于全国平均水平18.3个百分点: the gap to another area (basis as written)
    verb = verb_m.group("v") if verb_m else None
    if gap is not None and verb in AREA_LESS:
        verb = "低"
    if meas.doubling:
        verb = "翻番"
    # 10%和9%, 282家、560个院: a list item continues the fact before it
    continued = prev_fact if (prev_fact is not None and prev is not None and prev.num_start >= cs
                              and g.CONNECTOR_ONLY_RE.match(pre)) else None
    if continued and verb is None:
        verb = continued.verb
    if meas.comparator == "eq" and meas.cmp_start == meas.num_start and _REACHED_RE.search(pre, max(0, len(pre) - 6)):
        meas.comparator = "ge"  # 迈上5万亿元台阶: a level reached, at least that much
    if continued and meas.comparator == "eq" and meas.cmp_start == meas.num_start \
            and continued.m.unit == meas.unit and continued.m.comparator != "eq" and continued.m.meas_end == continued.m.unit_end:
        meas.comparator = continued.m.comparator  # 分别超过8万元、4.5万元: the comparator before a list covers it
    # subject after a count (626名冬奥运动员, 提升115条街巷: a count, not a change)
    after = False
    ss = se = meas.num_start
    subject = ""
    own_subject = False  # the words after the number before in the clause name a subject of their own
    own_tail = ""  # the words between that subject and the number (总量|达)
    nxt = s[meas.meas_end] if meas.meas_end < len(s) else ""
    share = meas.chinese and unit == "%" and not meas.unit_spans and not meas.doubling  # 三成规上企业完成数字化改造
    skip = 1 if share and nxt == "的" and meas.comparator != "eq" else 0  # 三成以上的行政村
    # the fact before stands in the same segment (its subject may carry over); asked up to six times below
    named_before = prev_fact is not None and prev_fact.m.num_start >= doc.segment_start(meas.num_start)
    if not share and _arabic_share(meas, unit, verb_m, pre, s, prev_fact.subject if named_before else None):
        share, skip = True, 1 if nxt == "的" else 0  # 89.4%的公园实现24小时开放, 93%以上行政村
    nxt = s[meas.meas_end + skip] if meas.meas_end + skip < len(s) else ""
    within = s[meas.meas_end - 1:meas.meas_end] == "内" and meas.comparator == "le"  # 1个工作日内办结
    # 工业投资连续54个月保持两位数增长: a run of months names what runs, before it (when anything does)
    subject_before = unit in _RUN_UNITS and pre.endswith(g.CONSECUTIVE_LEAD) \
        and (named_before or clean_before(pre[:-len(g.CONSECUTIVE_LEAD)])[1] > 0)
    # a starting point (由44.3%…, 由2016年的5908亿元…), searched once: it names what moves before it, never
    # after it (建成区面积由8平方公里扩大到15平方公里), and it dates the figure (below)
    moved = "由" in pre or "从" in pre
    from_start = g.FROM_START_RE.search(pre) if moved else None
    from_year = g.FROM_YEAR_RE.search(pre) if moved else None
    subject_before = subject_before or (pre.endswith(("由", "从", "的")) and (from_start or from_year) is not None
                                        and _MOVE_TO_RE.match(s, meas.meas_end) is not None)
    label = _CLASS_LABEL_RE.match(s, meas.meas_end + skip) if nxt.isdigit() or nxt in "ⅠⅡⅢⅣⅤⅥ" else None
    if (dimension(unit) in _AFTER_DIMS or share) and (is_cjk(nxt) or nxt in "“《" or label) and not within \
            and not subject_before:
        a0, a1 = after_subject(s, label.end() if label else meas.meas_end + skip)
        if label and a1 > a0 and a0 == label.end():
            a0 = label.start()  # 2个1类创新药: the class is part of the counted noun
        if unit == "万" and (pm := _PEOPLE_NOUN_RE.match(s, meas.meas_end)):
            a0, a1 = pm.span()  # 33万农民工就近就业: the people counted, not what they did
        if a1 > a0 and s[a0:a0 + 1] in MILESTONE_PHRASE_OPENS and MILESTONE_PHRASE_RE.match(s[a0:a1]) \
                and dimension(unit) != "count":
            a1 = a0  # 跨越5000亿元大关: the figure is the milestone, its subject stands before it
        if a1 > a0:
            ss, se, subject, after = a0, a1, s[a0:a1], True
    lead_v = None
    if verb_m is None and not after and not continued and (lm := last_match(g.LEAD_DECREASE_RE, pre)):
        if lm.group("v") == "减少" or unit == "%":  # 压减政府隐性债务23.5亿元 stays a value
            lead_v, verb = lm, lm.group("v")
    metric, unit, value = metric_of(unit, meas.value, verb, after)
    if metric == "value" and not after and dimension(unit) is not None and _INCREMENT_BEFORE_RE.search(pre):
        metric = "change"  # 地区生产总值…、五年增量超1.36万亿元: what was added, a change of the subject
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
            own_subject, own_tail = zone_start > cs and prev_fact is not None, pre[b1:]
            if s[ss:se] == "经济" and s[se:se + 2] in ("增长", "增速"):
                se += 2  # 经济增长6%: the growth of the economy
            ss, se = _projected(s, cs, ss, se)
            subject = s[ss:se]
            if dimension(unit) == "count" and "、" in subject and subject[0] not in _LOCATIVE \
                    and (em := last_match(_EXAMPLES_RE, subject)):
                ss += em.end()  # 举办消费季、购物季等活动6000多场: a count of the head noun, the list its examples
                subject = s[ss:se]
            if subject[:1] in MILESTONE_PHRASE_OPENS and MILESTONE_PHRASE_RE.match(subject) and named_before \
                    and (found := _milestone_subject(doc, prev_fact)) is not None:
                ss, se = found  # 经济总量跨过两个万亿元大关、超过6万亿元
                subject = s[ss:se]
            if subject[:1] in AREA_BARE_OPENS and AREA_BARE_RE.match(subject) and named_before and not prev_fact.after:
                own_subject = False
                ss, se, subject = prev_fact.subj_start, prev_fact.subj_end, prev_fact.subject  # …2.6万列、占全国23.9%
            if subject.startswith("占") and not AREA_SHARE_RE.match(subject) and named_before and not prev_fact.after:
                own_subject = False
                subject = prev_fact.subject + subject  # 民生支出3450亿元,占一般公共预算支出的比重…
            if subject in ("增速", "增幅") and named_before and not prev_fact.after:
                own_subject = False
                ss, se, subject = prev_fact.subj_start, prev_fact.subj_end, prev_fact.subject  # …,增速回落2.3个百分点
            total = g.TOTAL_HEAD_RE.match(subject) if subject[:1] in g.TOTAL_HEAD_OPENS else None
            if (total or subject[:1] in _POSITION_OPENS and _POSITION_RE.match(subject)) and named_before:
                # 22家,总数达到200家; 达到5.53万亿元、稳居全国前十强、增长4.8%: a position between
                # two figures of one subject is no subject of its own
                own_subject = own_subject and bool(total)  # a total is a stock of its own (总量达474万户)
                ss, se, subject = prev_fact.subj_start, prev_fact.subj_end, prev_fact.subject
                if total and (nm := g.NEW_PREFIX_RE.match(subject)) and len(subject) - nm.end() >= 2:
                    ss, subject = ss + nm.end(), subject[nm.end():]  # 新增上市公司48家、总量达122家: the stock
                if total and (em := _ETC_ITEMS_RE.match(subject)) and len(subject) - em.end() >= 2:
                    ss, subject = ss + em.end(), subject[em.end():]  # 黄石、咸宁等全国文明城市12个，总数达到22个
            elif named_before and metric == "change" and _INCREMENT_BEFORE_RE.search(subject):
                ss, se, subject = prev_fact.subj_start, prev_fact.subj_end, prev_fact.subject  # …、五年增量超8000亿元
            elif g.TOTAL_HEAD_RE.match(subject) and ss == cs and (found := _trend_clause_before(doc, cs, ",，。")):
                ss, se = found  # 经营主体持续壮大。总量接近800万户: the total of the topic sentence
                subject = s[ss:se]
        elif not (named_before and prev_fact.m.num_start >= cs) and (found := _trend_clause_before(doc, cs)) is not None:
            # 一般公共预算收入止跌回升,增长2%以上; a figure before in the same clause wins
            # (税收持续增长,地方一般公共预算收入突破4000亿元、达到4211亿元)
            ss, se = found
            subject = s[ss:se]
        elif named_before:
            ss, se, subject = prev_fact.subj_start, prev_fact.subj_end, prev_fact.subject  # ellipsis
            if (found := _milestone_subject(doc, prev_fact)) is not None:
                ss, se = found  # 地区生产总值跨越3个千亿元台阶,达到1.5万亿元
                subject = s[ss:se]
            if "累计" in pre and (nm := g.NEW_PREFIX_RE.match(subject)):
                ss, subject = ss + nm.end(), subject[nm.end():]  # 新增企业126家,累计达到486家: the stock
        elif (found := _subject_of_clause_before(doc, cs)) is not None:
            ss, se = found  # 高新技术产业增加值突破千亿元,达到1026亿元
            subject = s[ss:se]
    # 达到6.8亿元,是2020年的3.1倍 / 是“十三五”末的1.6倍: a multiple of an earlier level of the subject before
    multiple = _MULTIPLE_OF_RE.search(pre) if not after and unit in ("倍", "%") and pre.endswith("的") else None
    if multiple is not None:
        b0, b1 = clean_before(pre[:multiple.start()])
        if b1 > b0:  # 利润总额为“十三五”时期的2.2倍: the words before 为
            ss, se = zone_start + b0, zone_start + b1
            subject = s[ss:se]
        elif named_before:
            ss, se, subject = prev_fact.subj_start, prev_fact.subj_end, prev_fact.subject
        else:
            multiple = None
    fact = Fact(meas, metric, value, unit, subject, ss, se, after=after, verb=verb, pre=pre)
    not_wide = _not_wide(cs, zone_start, own_tail, prev_fact) if own_subject else None
    fact.basis = _basis(doc, fact, zone_start, cs, continued, not_wide)
    if gap is not None:
        fact.basis = gap.group()
    if multiple is not None:
        fact.basis = multiple.group()[:-1]
        if (span := _span_compared(multiple.group())) is not None:
            fact.span = span  # 是“十三五”时期的2.4倍: this span's total against the last one's
    if fact.basis is None:
        whens = list(WHEN_RE.finditer(s, cs, meas.cmp_start)) if WHEN_RE.search(s, cs, meas.cmp_start) else ()
        own = [w for w in whens if w.start() >= zone_start]
        if own or whens and whens[0].start() <= cs + 1:  # 从上半年5.5% / 年末城镇调查失业率…降到5.3%
            fact.basis = (own[-1] if own else whens[0]).group()
    fact.period_override = _explicit_year(doc, zone_start, cs, meas.cmp_start)
    if fact.period_override is None and continued is not None and continued.period_override \
            and continued.from_year:
        fact.period_override = continued.period_override  # 由1997年的170亿元和50%: both of 1997
    if fact.period_override and from_year is not None:
        fact.from_year = True
    if fact.period_override is None and from_start is not None:
        fact.start_from = "prev" if from_start.group("prev") else "start"  # 由44.3%提高到51.8%
    elif fact.period_override is None and continued is not None and continued.start_from:
        fact.start_from = continued.start_from  # 分别从771家、481家增加到…: both starting points
    if metric != "value" and s[meas.cmp_start - 1:meas.cmp_start] in ("年", "末", "底") \
            and (ym := g.COMPARED_YEAR_RE.search(s, zone_start, meas.cmp_start)) \
            and ym.end() == meas.cmp_start and fact.period_override == ym.group("y"):
        fact.period_override, fact.since = None, int(ym.group("y"))  # 比2010年翻一番
    # 连续4年占全国九成以上、就地转化率达45%: the run dates the figure it leads to, not the next one
    cm = last_match(g.CONSECUTIVE_RE, s, zone_start, meas.cmp_start) if g.CONSECUTIVE_LEAD in pre else None
    if cm:
        fact.span = small_number(cm.group("n"))
    elif continued is not None and continued.span:
        fact.span = continued.span  # 连续9年保持在A和B: the items of a list share the run
    elif verb_m is not None and fact.period_override is None \
            and (dm := _DURATION_BEFORE_RE.search(pre[:verb_m.start()])):
        fact.span = int(dm.group("n"))  # 财政收入达到1350亿元,3年增长58.6%: a growth over the last 3 years
    return fact
