"""Passes 3 and 4: ranks (全省第二, 位次由第13位前移至第9位) with the fact they rank, runs of
years (连续5年), and tables flattened to text (指标 | 2023年 | 增长%)."""

from __future__ import annotations

import re
from bisect import bisect_right

from pipelines.extract import grammar as g
from pipelines.extract.core import Doc, Fact, Measure, facts_between, small_number
from pipelines.extract.subjects import clean_before
from pipelines.extract.units import dimension
from pipelines.extract.words import alternation
from pipelines.text.numbers import parse_arabic

_RANK_LIST_LINK_RE = re.compile(r"[、和及]")
# verbs of holding an event after 连续N年 (lexicon/subject_leads.csv, kind held)
_HELD_AFTER_RE = re.compile(rf"(?:{alternation('subject_leads', 'held')})(?=[\u4e00-\u9fff“]{{2}})")


# the start of a rank that moves: 由全国第12位 (areas: lexicon/rank_scopes.csv)
_MOVE_START_RE = re.compile(rf"(?:由|从)(?:{g.AREA_WORDS})?$")


def rank_facts(doc: Doc) -> tuple[list[Fact], set[int]]:
    s = doc.s
    out: list[Fact] = []
    spans: set[int] = set()
    last: tuple[int, int] | None = None  # (end, lead start) of the rank before
    for m in g.RANK_CORE_RE.finditer(s):
        if doc.is_protected(m.start()):
            continue
        cs = doc.clause_start(m.start())
        head = s[cs:m.start()]
        lead = g.RANK_LEAD_RE.search(head)
        listed = last is not None and bool(_RANK_LIST_LINK_RE.fullmatch(s[last[0]:m.start()]))
        if listed:
            lead, lead_start = None, last[1]  # 分别居全国第二、第七、第九: the list shares the lead
        elif lead:
            lead_start = cs + lead.start()
        elif g.RANK_SCOPE_CLAUSE_RE.match(head.strip()):
            lead_start = cs
        else:
            continue
        if m.group("top") == "前" and not lead and not listed:
            continue
        n = small_number(m.group("n"))
        if not n:
            continue
        last = (m.end(), lead_start)
        spans.add(m.start() + 1)
        meas = Measure(m.start("n"), m.end("n"), float(n), "位", m.end(), m.end(), lead_start,
                        "le" if m.group("top") == "前" else "eq")
        # 位次由第13位…, 由全国第12位…: the first position of a rank that moves
        rank_from = bool(lead and lead.group("from") is None and _MOVE_START_RE.search(head))
        out.append(Fact(meas, "rank", float(n), "位", "", m.start(), m.start(), rank_lead=lead_start,
                         rank_from=rank_from))
    return out, spans


def resolve_ranks(doc: Doc, ranks: list[Fact], facts: list[Fact]) -> list[Fact]:
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
            r.span = small_number(cm.group("n"))
        both = zone.rstrip().endswith("均")
        each = zone.rstrip().endswith("分别") and prev_in_clause is None
        if each:
            pcs = doc.clause_start(cs - 1) if cs > 0 else 0
            before = [f for f in facts_between(facts, starts, pcs, cs) if f.metric != "rank"] if pcs < cs else []
            k = sum(1 for o in ranks if o.rank_lead == lead and o.m.num_start < r.m.num_start)
            if len(before) == sum(1 for o in ranks if o.rank_lead == lead) and k < len(before):
                t = before[k]  # 分别增长6%、5.2%,分别居全国第二、第七: the k-th rank ranks the k-th figure
                out.append(Fact(r.m, "rank", r.value, "位", t.subject, t.subj_start, t.subj_end,
                                rank_lead=r.rank_lead, rank_from=r.rank_from, span=r.span))
                continue
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
        elif both and (named := _named_before_both(zone)):
            # 房地产开发投资、商品房销售面积增速均居全国第4位: the words before 均 are what it ranks
            r.subj_start, r.subj_end = zone_start + named[0], zone_start + named[1]
            r.subject = s[r.subj_start:r.subj_end]
            out.append(r)
            continue
        elif both:
            pcs = doc.clause_start(cs - 1) if cs > 0 else 0
            targets = [f for f in facts_between(facts, starts, pcs, cs) if f.metric != "rank"]
            if pcs == cs or pcs < sent:
                targets = []  # the clause before lies in another sentence: 新增企业755户。…均居全国第4位
            # 人均A2.2平方米、人均B7.5平方米,均列全市第一: each fact of the clause before
        else:
            targets = [facts[i]] if i >= 0 and facts[i].m.num_start >= sent else []
        for t in targets:
            nr = Fact(r.m, "rank", r.value, "位", t.subject, t.subj_start, t.subj_end, rank_lead=r.rank_lead, rank_from=r.rank_from, span=r.span)
            out.append(nr)
    return out


def _named_before_both(zone: str) -> tuple[int, int] | None:
    """(start, end) in ``zone`` of the words a rank after 均 ranks (…A、B增速均 -> A、B增速), or None
    when 均 follows the figures of the clause before (人均A2.2平方米、人均B7.5平方米,均列全市第一)."""
    words = zone.rstrip()[:-1]
    b0, b1 = clean_before(words)
    if b1 - b0 < 2 or all(g.BARE_HEAD_RE.match(w) for w in _RANK_LIST_LINK_RE.split(words[b0:b1])):
        return None  # …增长5%,增速均居全国第一; …增长5.5%,总量和增速均居全国第5位: bare heads stand for the figures before
    return b0, b1


def consecutive_facts(doc: Doc, facts: list[Fact]) -> list[Fact]:
    """连续三年优等级: N years as the quantity when nothing else is counted in the clause."""
    s = doc.s
    out = []
    starts = sorted(f.m.num_start for f in facts)
    for m in g.CONSECUTIVE_RE.finditer(s):
        ce = doc.clause_end(m.end())
        j = bisect_right(starts, m.start())
        if j < len(starts) and starts[j] < ce or doc.is_protected(m.start()):
            continue
        n = small_number(m.group("n"))
        if not n:
            continue
        cs = doc.clause_start(m.start())
        i = bisect_right(starts, m.start()) - 1
        zone_start = cs
        if i >= 0 and starts[i] >= cs:
            continue
        b0, b1 = clean_before(s[zone_start:m.start()])
        if b1 <= b0 and (held := _HELD_AFTER_RE.match(s, m.end(), ce)):
            # 连续5年开展抓发展攻坚行动: no subject before, the event held is the subject
            b0, b1 = held.end() - zone_start, ce - zone_start
        if b1 <= b0:
            continue
        meas = Measure(m.start("n"), m.end("n"), float(n), "年", m.end(), ce, m.start())
        f = Fact(meas, "value", float(n), "年", s[zone_start + b0:zone_start + b1], zone_start + b0, zone_start + b1,
                  span=n)
        out.append(f)
    return out


# the cell separators (TABLE_SEP_RE is one character of a class: a match is one of these)
_TABLE_SEPS = g.opening_chars(g.TABLE_SEP_RE)


def table_facts(doc: Doc) -> list[Fact]:
    """Tables flattened to text, one row a line, cells split by `|`: a header row names the columns
    (a year or 目标 for the level, 增长% for growth); a data row is `name(unit) | value | growth`.
    A row named `…增长(%)` holds growth in every column."""
    s = doc.s
    out: list[Fact] = []
    if isinstance(_TABLE_SEPS, frozenset) and not any(sep in s for sep in _TABLE_SEPS):
        return out  # most reports hold no table: a plain search of the text, not a regex a line
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
            meas = Measure(ns, ne, parse_arabic(cm.group("n")), "%" if growth else unit, ne,
                            c0 + cm.end("s") if cm.group("s") else ne, ns, comparator,
                            unit_spans=() if growth or not nm.group("unit") else ((u_at, u_at + len(unit)),))
            out.append(Fact(meas, "growth_pct" if growth else "value", meas.value, meas.unit,
                             s[name_start:subj_end], name_start, subj_end))
    return out
