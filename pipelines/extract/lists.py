"""Pass 5, lists: 分别 and 均 distribute names over numbers (城乡居民 -> 城镇居民/农村居民; the
head shared with the last item), a change followed by the stock it reaches, counts named again,
shared heads of counts, and targets pegged to another indicator (与经济增长同步)."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from pipelines.extract import grammar as g
from pipelines.extract.core import Doc, Fact, Measure, facts_between
from pipelines.extract.indicators import indicator_for
from pipelines.extract.subjects import clean_before
from pipelines.extract.words import alternation, guarded_alternation, rows, words

# words that hold a connector character of lists (lexicon/list_words.csv): 普及率, 及时率, 参与度
_IN_WORD_RE = re.compile(alternation("list_words", "keep"))


def _list_items(phrase: str) -> list[tuple[int, int]]:
    """(start, end) of the items of a list split on 、和及与, except where the character is part
    of a word of ``lexicon/list_words.csv``: 供电可靠率和自来水普及率 -> 供电可靠率, 自来水普及率."""
    masked = _IN_WORD_RE.sub(lambda m: "□" * len(m.group()), phrase)
    return [(p.start(), p.end()) for p in re.finditer(r"[^、和及与]+", masked)]


# 城乡 before anything but residents (those are 城镇/农村居民: grammar.URBAN_RURAL_RE): 城乡低保标准
_URBAN_RURAL_OTHER_RE = re.compile(r"城(?:乡|[、和]乡)(?!常住居民|居民)(?=[\u4e00-\u9fff]{2})")


def _town_and_country(phrase: str, others: bool = True) -> tuple[str, str] | None:
    """The urban and the rural name of a phrase opening with 城乡: residents are 城镇/农村居民
    (城乡居民人均可支配收入 -> 城镇居民…, 农村居民…; grammar.URBAN_RURAL_RE), anything else, when
    ``others``, 城市/农村 (城乡低保标准 -> 城市低保标准, 农村低保标准); None when the phrase opens otherwise.
    Read by ``urban_rural_pairs`` (no 分别) and ``distribute`` (分别)."""
    if um := g.URBAN_RURAL_RE.match(phrase):
        rest = um.group("who") + phrase[um.end():]
        return "城镇" + rest, "农村" + rest
    if others and (ua := _URBAN_RURAL_OTHER_RE.match(phrase)):
        rest = phrase[ua.end():]
        return "城市" + rest, "农村" + rest
    return None


# one word naming two or three things, read in turn by as many figures (lexicon/paired_words.csv):
# 存贷款 -> 存款, 贷款; 一二三产 -> 一产, 二产, 三产
_PAIRED = {r["word"]: tuple(w for w in (r["first"], r["second"], r.get("third") or "") if w)
           for r in rows("paired_words") if r["kind"] == "pair"}
_PAIRED_RE = re.compile(alternation("paired_words", "pair"))


def list_pairs(doc: Doc, facts: list[Fact]) -> None:
    """国内游客人次、总花费增长5.6%、7.5%: a list of as many items as figures joined by connectors
    only (without 分别), all read with one subject, gives each figure its item in turn (as 分别
    does in ``distribute``). Source: the unseen 陕西 report (issue 9)."""
    s = doc.s
    i = 0
    while i < len(facts):
        run = [facts[i]]
        while i + len(run) < len(facts):
            a, b = run[-1], facts[i + len(run)]
            if b.subject != a.subject or b.metric != a.metric or b.after \
                    or not g.CONNECTOR_ONLY_RE.match(s[a.m.meas_end:b.m.cmp_start]):
                break
            run.append(b)
        f = run[0]
        i += len(run)
        if len(run) < 2 or f.after or "、" not in f.subject or "分别" in f.pre:
            continue
        parts = _list_items(f.subject)
        if len(parts) != len(run) or any(b - a < 2 for a, b in parts):
            continue
        names = _complete_items([f.subject[a:b] for a, b in parts])
        base = f.subj_start
        for x, (a, b), name in zip(run, parts, names, strict=True):
            x.subject, x.subj_start, x.subj_end = name, base + a, base + b


def spread_both(doc: Doc, facts: list[Fact]) -> list[Fact]:
    """人民币存款、贷款余额双双突破9万亿元: a figure after 双双 (lexicon/shared_verbs.csv, kind both)
    holds for each of the two items of its subject; the first keeps the fact, a copy the second."""
    s, out = doc.s, []
    for f in facts:
        if f.after or "、" not in f.subject or not _BOTH_RE.search(s, f.subj_end, f.m.cmp_start):
            continue
        parts = _list_items(f.subject)
        if pm := _PAIRED_RE.search(f.subject):  # 本外币存、贷款余额双双突破6万亿元
            names = [f.subject[:pm.start()] + w + f.subject[pm.end():] for w in _PAIRED[pm.group()]]
            parts = [(0, len(f.subject))] * len(names)
        elif len(parts) != 2 or any(b - a < 2 for a, b in parts):
            continue
        else:
            names = _complete_items([f.subject[a:b] for a, b in parts])
        out += _spread_over(f, parts, names)
    return out


_BOTH_RE = re.compile(alternation("shared_verbs", "both"))


def _spread_over(f: Fact, parts: list[tuple[int, int]], names: list[str]) -> list[Fact]:
    """One figure read for every item of its subject: ``f`` takes the first name, a copy each further
    one (offsets ``parts`` inside the subject). Returns the copies."""
    copies, base = [], f.subj_start
    for k, ((a, b), name) in enumerate(zip(parts, names, strict=True)):
        target = f if k == 0 else replace(f)
        target.subject, target.subj_start, target.subj_end = name, base + a, base + b
        if k:
            copies.append(target)
    return copies


def urban_rural_pairs(doc: Doc, facts: list[Fact]) -> None:
    """城乡居民人均可支配收入年均增长5.3%、8.1%: two figures of 城乡居民X joined by a connector,
    without 分别, are the urban then the rural figure (as with 分别 in ``distribute``); 城乡 before
    anything but residents (城乡低保标准提高到每月815元和615元) gives 城市/农村 (``_town_and_country``)."""
    s = doc.s
    for i, (a, b) in enumerate(pairwise(facts)):
        if a.subject != b.subject or a.metric != b.metric or a.after or b.after \
                or not g.CONNECTOR_ONLY_RE.match(s[a.m.meas_end:b.m.cmp_start]):
            continue
        # 城乡低保标准提高到每月815元和615元: the city's, then the countryside's (not a list: 城乡X、Y)
        pair = _town_and_country(a.subject, others="、" not in a.subject)
        if pair is None:
            continue
        if i + 2 < len(facts) and facts[i + 2].subject == a.subject \
                and g.CONNECTOR_ONLY_RE.match(s[b.m.meas_end:facts[i + 2].m.cmp_start]):
            continue  # three figures: not a pair
        a.subject, b.subject = pair


def share_trailing_comparator(s: str, group: list[Fact]) -> None:
    """分别增长4.5%、5.5%左右: a comparator written after the last figure of a 分别 list (左右 以上
    以内, ``lexicon/comparators.csv`` kind suffix) holds for every figure of the list before it that
    has none of its own and is linked to the next by a connector only (、 和 及), in the same unit.
    Source: the main targets of 江西 2026 (城镇、农村居民人均可支配收入分别增长4.5%、5.5%左右)."""
    last = group[-1]
    if last.m.comparator == "eq" or last.m.meas_end == last.m.unit_end:
        return  # no comparator after the last figure
    for a, b in zip(reversed(group[:-1]), reversed(group[1:]), strict=True):
        if a.m.comparator != "eq" or a.m.meas_end != a.m.unit_end or a.m.cmp_start != a.m.num_start \
                or a.m.unit != last.m.unit or not g.LINK_ONLY_RE.match(s[a.m.meas_end:b.m.cmp_start]):
            return
        a.m.comparator = last.m.comparator


def distribute(doc: Doc, facts: list[Fact]) -> None:
    """A和B分别增长10%和9% -> A 10, B 9; 城乡居民人均可支配收入分别增长4.3%、6.3% -> 城镇/农村."""
    s = doc.s
    starts = [f.m.num_start for f in facts]
    for m in re.finditer("分别", s):
        cs, ce = doc.clause_start(m.start()), doc.clause_end(m.end())
        group = [f for f in facts_between(facts, starts, m.end(), ce) if f.metric != "rank"]
        if len(group) < 2:
            continue
        share_trailing_comparator(s, group)
        zone = s[cs:m.start()]
        b0, b1 = clean_before(zone)
        if b1 <= b0:
            # A4.8万元、B2.2万元,分别增长5.1%和7.2%: the subjects of the numbers before
            seg = doc.segment_start(cs)
            before = [f for f in facts_between(facts, starts, seg, cs) if f.metric != "rank"]
            names: list[Fact] = []
            for f in before:
                if not names or names[-1].subject != f.subject:
                    names.append(f)
            if len(names) >= len(group):
                for f, src in zip(group, names[-len(group):], strict=True):
                    f.subject, f.subj_start, f.subj_end, f.after = src.subject, src.subj_start, src.subj_end, False
            continue
        base = cs + b0
        phrase = s[base:cs + b1]
        parts = _list_items(phrase)
        if len(group) % len(parts) or len(parts) < 2:
            # 金融业、软件和信息服务业增加值: 和 inside an item's name, the list is split by 、 alone
            commas = [(p.start(), p.end()) for p in re.finditer(r"[^、]+", phrase)]
            if len(commas) == len(group):
                parts = commas
        um = g.URBAN_RURAL_RE.match(phrase)
        # 城乡居民…, 城乡常住居民…, 城、乡居民…: the urban and the rural figure (two of them); 城乡低保平均
        # 标准分别提高26.7%、27%: the city's and the countryside's, with one name only, two figures or four
        # (the two starting points, then the two ends: 分别从645元/月、4318元/年提高到…)
        pair = None if um and len(group) != 2 else \
            _town_and_country(phrase, others=len(parts) == 1 and len(group) in (2, 4))
        if um and len(parts) == len(group) and um.end() <= parts[0][1] and all(b - a >= 2 for a, b in parts):
            pair = None  # 城乡居民基础养老金、低保标准分别提高25元、50元: a list of two things, not town and country
        if pair is not None:
            for f, name in zip(group, pair * (len(group) // 2), strict=True):
                f.subject, f.subj_start, f.subj_end, f.after = name, base, base + len(phrase), False
            continue
        if len(parts) == 1 and (pm := _PAIRED_RE.search(phrase)) and len(group) == len(_PAIRED[pm.group()]):
            # 人民币存贷款余额分别增长6.9%、6.6%; 一二三产增加值分别增长3.5%、6%、5%: one word naming
            # two or three things (lexicon/paired_words.csv)
            names = [phrase[:pm.start()] + w + phrase[pm.end():] for w in _PAIRED[pm.group()]]
            for f, name in zip(group, names, strict=True):
                f.subject, f.subj_start, f.subj_end, f.after = name, base, base + len(phrase), False
            continue
        if len(group) % len(parts) or len(parts) < 2:
            continue
        # 分别由170亿元和50%上升为280亿元和60%: the list of names repeats over the numbers
        names = [_without_lead(n) for n in _complete_items([phrase[p0:p1] for p0, p1 in parts])] * (len(group) // len(parts))
        parts = parts * (len(group) // len(parts))
        for f, (p0, p1), name in zip(group, parts, names, strict=False):
            f.subject = name
            f.subj_start, f.subj_end = base + p0, base + p1
            f.after = False


# 均 before more verbs than the grammar's (lexicon/shared_verbs.csv): 均增至9个, 均达100%
_SHARED_RE = re.compile(rf"{g.SHARED_RE.pattern}|(?<=[\u4e00-\u9fff])(?<![年平人户])均(?={alternation('shared_verbs', 'verb')})")
# the end of an enumeration: 数字经济营业收入、智算规模等主要指标 -> the items before 等
_ETC_RE = re.compile(r"(?<=[\u4e00-\u9fff]{2})等[\u4e00-\u9fff]{0,6}$")


# a list of items over one threshold, each over it: 钢铁、食品加工产业超3千亿元 (lexicon/shared_verbs.csv, each_head)
_EACH_HEAD_RE = re.compile(rf"(?:{alternation('shared_verbs', 'each_head')})$")


def spread_thresholds(doc: Doc, facts: list[Fact]) -> list[Fact]:
    """钢铁、食品加工产业超3千亿元: items of a list ending with a head of ``each_head`` above one
    threshold (comparator gt/ge written before the figure) each pass it; the first fact takes the first
    item, a copy each further item. Returns the copies. Source: the provincial gold (issue 9)."""
    out: list[Fact] = []
    for f in facts:
        if f.after or f.metric != "value" or f.m.comparator not in ("gt", "ge") or "、" not in f.subject \
                or f.m.cmp_start == f.m.num_start or not _EACH_HEAD_RE.search(f.subject):
            continue
        parts = [(p.start(), p.end()) for p in re.finditer(r"[^、]+", f.subject)]
        if any(b - a < 2 for a, b in parts):
            continue
        names = _complete_items([f.subject[a:b] for a, b in parts])
        out += _spread_over(f, parts, names)
    return out


def _shared_marks(s: str):
    """Matches of ``_SHARED_RE``, tried only where 均 stands (a pattern that opens with a
    look-behind would be tried at every position)."""
    i = s.find("均")
    while i >= 0:
        if m := _SHARED_RE.match(s, i):
            yield m
        i = s.find("均", i + 1)


def spread_shared(doc: Doc, facts: list[Fact]) -> list[Fact]:
    """财政总收入、地方财政收入均增长6%: one number for every item before 均 (new facts for the
    items after the first; the first keeps the fact)."""
    s = doc.s
    starts = [f.m.num_start for f in facts]
    out: list[Fact] = []
    for m in _shared_marks(s):
        cs, ce = doc.clause_start(m.start()), doc.clause_end(m.end())
        group = [f for f in facts_between(facts, starts, m.end(), ce) if f.metric != "rank"]
        if len(group) != 1:
            continue
        b0, b1 = clean_before(s[cs:m.start()])
        phrase = s[cs + b0:cs + b1]
        parts = _list_items(phrase)
        if len(parts) < 2 or any(len(phrase[a:b]) < 2 for a, b in parts):
            continue
        names = _complete_items([phrase[a:b] for a, b in parts])
        if e := _ETC_RE.search(names[-1]):
            names[-1] = names[-1][:e.start()]
            parts[-1] = (parts[-1][0], parts[-1][0] + len(names[-1]))
        f = group[0]
        for k, ((a, b), name) in enumerate(zip(parts, names, strict=True)):
            target = f if k == 0 else replace(f)
            target.subject, target.subj_start, target.subj_end, target.after = name, cs + b0 + a, cs + b0 + b, False
            if k:
                out.append(target)
    return out


def added_then_total(doc: Doc, facts: list[Fact]) -> None:
    """铁路运营里程新增1700公里、突破7000公里: the first number is the change of the stock the
    second one names (metric change, both subjects 铁路运营里程)."""
    for a, b in pairwise(facts):
        if a.metric != "value" or a.after or not a.subject.endswith("新增") or len(a.subject) < 4:
            continue
        if b.subject != a.subject or b.metric != "value" or b.m.num_start >= doc.clause_end(a.m.meas_end) + 12 \
                or doc.segment_start(b.m.num_start) != doc.segment_start(a.m.num_start):
            continue
        for f in (a, b):
            f.subject, f.subj_end = f.subject[:-2], f.subj_end - 2
        a.metric = "change"


def drop_rementions(doc: Doc, facts: list[Fact]) -> list[Fact]:
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


def pegged_facts(doc: Doc) -> list[Fact]:
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
        meas = Measure(a, e, 0.0, "个百分点", e, e, a, "approx" if m.group("basic") else "eq")
        name = m.group("name")
        ref = indicator_for(name) or indicator_for(re.sub(r"增长$|增速$", "", name)) or name
        out.append(Fact(meas, "change_pp", 0.0, "个百分点", s[cs + b0:cs + b1], cs + b0, cs + b1,
                         basis=s[a:e], pegged_to=ref))
    return out


def _without_lead(name: str) -> str:
    """An item of a list without the lead verb (lexicon/subject_leads.csv, kind lead) the subject
    clean-up drops before a subject (接待游客、实现旅游总花费分别增长… -> 旅游总花费), when two characters at least remain."""
    m = _LEAD_VERB_RE.match(name)
    return name[m.end():] if m and len(name) - m.end() >= 2 else name


_LEAD_VERB_RE = re.compile(guarded_alternation("subject_leads", "lead"))


def _complete_items(names: list[str]) -> list[str]:
    """Items of a list that share the head of the last one: 城镇、农村居民人均可支配收入 ->
    城镇居民人均可支配收入; 规上高技术制造业、装备制造业增加值 -> …制造业增加值; 汽车用锂电池、
    太阳能电池产量 -> …电池产量; 一、二、三产业增加值 -> 第一产业增加值 … (一产、二产 stay)."""
    last = names[-1]
    out = list(names)
    if all(len(n) == 1 and n in "一二三" for n in names[:-1]) and last[:1] in "一二三":
        return ["第" + n + last[1:] for n in names[:-1]] + ["第" + last]
    head = g.MEASURE_HEAD_RE.search(last)
    if head and head.start() == 0:
        head = g.MEASURE_HEAD_RE.search(last, 1)  # 存款、贷款余额: the head inside 贷款余额 (余额)
    if head is None and (share := _SHARE_OF_HEAD_RE.search(last)) and share.start() > 0:
        # 文化及相关产业、旅游及相关产业增加值占地区生产总值比重: the share is every item's
        return [n if "占" in n else n + share.group() for n in names[:-1]] + [last]
    for k, name in enumerate(names[:-1]):
        if len(name) <= 3 and len(last) >= 2 * len(name) + 2 and (name in g.POPULATION_WORDS or not head):
            out[k] = name + last[len(name):]
        elif head and head.start() > 0 and not g.MEASURE_HEAD_RE.search(name) \
                and not name.endswith(head.group()[-1]) \
                and not _WHOLE_RE.search(name):  # 安全处置率、安全利用率; 市场总消费: each names its own measure
            out[k] = name + head.group()
    # 国内游客人次、总花费: a measure of the owner named by the first item (lexicon/measure_heads.csv)
    if (ot := _OWNER_TAIL_RE.search(names[0])) and ot.start() >= 2:
        out[1:] = [names[0][:ot.start()] + n if n in _OWNED else o for n, o in zip(names[1:], out[1:], strict=True)]
    return out


# a head followed by the share it is of (增加值占地区生产总值比重): shared whole by the items before
_SHARE_OF_HEAD_RE = re.compile(rf"(?:{alternation('measure_heads', 'head')})占[^、和及与]{{2,16}}(?:比重|比例)$")
# items that name a measure of their own and take no shared head (市场总消费和社会消费品零售额)
_WHOLE_RE = re.compile(rf"(?:{alternation('measure_heads', 'whole')})$")
# the measure word closing the first item (国内游客人次) and the measures of the same owner after it (总花费)
_OWNER_TAIL_RE = re.compile(rf"(?:{alternation('measure_heads', 'owner_tail')})$")
_OWNED = frozenset(words("measure_heads", "owned"))
# the unit of a count of visits: its subject owns the measures after it (接待游客3亿人次、总花费…)
_PEOPLE_TIMES = "人次"


def owned_measures(doc: Doc, facts: list[Fact]) -> None:
    """接待游客3亿人次、总花费超过4500亿元; 乡村旅游接待人次增长12%、总收入增长15%: a measure of an owner
    (``lexicon/measure_heads.csv`` kind owned: 总花费, 总收入, 花费) named alone right after a figure of that
    owner in the same segment takes the owner's name: the subject before without its owner tail (人次),
    or the whole subject before when its figure is counted in 人次. Source: 内蒙古 2026 (unseen)."""
    s = doc.s
    for a, b in pairwise(facts):
        if b.subject not in _OWNED or b.after or a.after or not a.subject \
                or doc.segment_start(b.m.num_start) > a.m.num_start or s[a.m.meas_end:b.subj_start] not in ("、", "，", ","):
            continue
        if (ot := _OWNER_TAIL_RE.search(a.subject)) is not None and ot.start() >= 2:
            b.subject = a.subject[:ot.start()] + b.subject
        elif (a.unit or "").endswith(_PEOPLE_TIMES):
            b.subject = a.subject + b.subject


def shared_heads(doc: Doc, facts: list[Fact]) -> None:
    """3个国考和4个市考断面 -> 国考断面 / 市考断面; 5个国家级、106个市级示范村 likewise."""
    s = doc.s
    for a, b in pairwise(facts):
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
