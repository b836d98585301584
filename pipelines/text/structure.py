"""Split a government work report into parts (front / review / plan) and numbered sections.

Reports come in several layouts:

* ``第一部分 2022年工作情况`` / ``第二部分 2023年重点任务`` parts with ``一、`` sections below;
* ``一、过去五年工作回顾`` / ``二、2023年工作安排`` parts with ``(一)`` sections below;
* unnumbered part headings (``过去一年的工作``, ``今年的主要目标任务``) with ``一、`` sections;
* no review heading at all: the review then starts after the opening paragraph
  (``现在,我代表…向大会报告工作``).

A heading whose numeral was lost in a PDF copy (``突出财源建设,增强发展动能`` between ``一、`` and
``三、``) is recovered when the numbering of its siblings leaves exactly that gap.

The result always covers the whole text: consecutive :class:`Section` spans from 0 to ``len(text)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.model import Section
from pipelines.text.normalize import ends_line, measured_width, to_simplified, wrap_width

_CN_DIGITS = "〇零一二两三四五六七八九十百"
_CN_VALUE = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}

_LINE = re.compile(r"[^\n]*(?:\n|$)")
_PART_RE = re.compile(rf"^第([{_CN_DIGITS}]+|\d+)部分\s*(.*)$")
_L1_RE = re.compile(rf"^([{_CN_DIGITS}]+)[、.,，]\s*(\S.*)$")
_L2_RE = re.compile(rf"^[(（]([{_CN_DIGITS}]+)[)）]\s*(\S.*)$")

_REVIEW_KW = re.compile(
    r"回顾|工作情况|过去|一年来|五年来|工作总结|去年|上年|取得的成绩|主要成绩|成就|本届政府工作")
_PLAN_KW = re.compile(
    r"安排|重点任务|重点工作|主要任务|目标任务|主要目标|预期目标|总体要求|今后|未来|今年|明年|"
    r"计划|展望|部署|工作建议|奋斗目标|思路|工作任务")
_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")
_OPENING_END = re.compile(r"报告工作|请予审议|提出意见")
# a news summary quotes the report: 本报讯 …作政府工作报告。报告指出，… ; 政府工作报告提出，2026年…
REPORTED = re.compile(r"(?:政府工作)?报告(?:指出|显示|提出|强调|称|介绍|回顾|明确)[，,:：]")
_SENTENCE_END = re.compile(r"[。！？!?;；]")


def _simplified(text: str) -> str:
    return to_simplified(text)


def cn_ordinal(s: str) -> int | None:
    """Value of a small Chinese or Arabic ordinal numeral (一 .. 九十九)."""
    if s.isdigit():
        return int(s)
    if not s or any(c not in _CN_VALUE and c != "十" for c in s):
        return None
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_VALUE.get(head, 1) if head else 1
        return tens * 10 + (_CN_VALUE.get(tail, 0) if tail else 0)
    return _CN_VALUE[s[0]] if len(s) == 1 else None


@dataclass
class _Line:
    start: int
    end: int  # without the newline
    text: str  # stripped
    lead: int  # offset of text[0] in the document


@dataclass
class _Heading:
    kind: str  # part | l1 | l2 | bare
    number: int | None
    title: str  # as written (stripped), the heading itself
    label: str  # the words after the numeral
    start: int  # offset of the line start


def _lines(text: str) -> list[_Line]:
    out = []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        raw = m.group().rstrip("\n")
        stripped = raw.strip(" \t\u3000\u2002\u2003\u00a0\r")
        if not stripped:
            continue
        lead = m.start() + raw.index(stripped[0])
        out.append(_Line(m.start(), m.start() + len(raw), stripped, lead))
    return out


def _heading_title(s: str) -> str:
    """A numbered heading is the line, or its first sentence when text follows on the same line."""
    m = _SENTENCE_END.search(s)
    if m and m.end() < len(s):
        return s[: m.start()]
    return s.rstrip("。")


def _is_heading_like(s: str, limit: int = 30) -> bool:
    return len(s) <= limit and not _SENTENCE_END.search(s[:-1] if s else s) and s[-1:] not in "。;；:：,，、"


def classify_part(label: str) -> str | None:
    """review | plan | None for the words of a heading."""
    r = _REVIEW_KW.search(label)
    p = _PLAN_KW.search(label)
    if r and p:
        return "review" if r.start() < p.start() else "plan"
    if r:
        return "review"
    if p:
        return "plan"
    return None


def _wrapped(lines: list[_Line]) -> set[int]:
    """Indices of the lines a hard-wrapped copy (:func:`measured_width`) wraps into the next one:
    full length (:func:`wrap_width`) and no sentence end. Empty for a copy not hard-wrapped."""
    texts = [ln.text for ln in lines]
    if measured_width(texts) is None:
        return set()
    threshold = wrap_width(texts)
    return {k for k, t in enumerate(texts[:-1]) if len(t) >= threshold and not ends_line(t)}


def _find_headings(lines: list[_Line], wrapped: set[int] | None = None) -> list[_Heading]:
    """Numbered headings (第X部分, 一、, （一）) and bare heading-like lines. On a hard-wrapped copy
    (:func:`_wrapped`) a wrapped line and the line after it are no bare heading, and a numbered
    heading wrapped over two lines is read whole for its words; a bare line followed by a line
    opening with punctuation is a wrapped fragment."""
    out = []
    wrapped = _wrapped(lines) if wrapped is None else wrapped
    for k, ln in enumerate(lines):
        s = ln.text
        nxt = lines[k + 1].text if k + 1 < len(lines) else ""
        # the rest of a wrapped line (期主要目标任务 after 二、“十四五”时期…“十五五”时) is no bare heading
        rest = k - 1 in wrapped
        whole = k in wrapped and not _PART_RE.match(nxt) and not _L1_RE.match(nxt) and not _L2_RE.match(nxt) \
            and k + 1 not in wrapped
        joined = s + nxt if whole else s  # a heading and the rest of it
        if m := _PART_RE.match(s):
            if len(s) <= 40:
                out.append(_Heading("part", cn_ordinal(m.group(1)), s, _PART_RE.match(joined).group(2), ln.lead))
            continue
        if m := _L2_RE.match(s):
            title = _heading_title(s)
            if len(title) <= 40:
                label = title[len(s) - len(m.group(2)):]
                out.append(_Heading("l2", cn_ordinal(m.group(1)), title, label + (joined[len(s):] if title == s else ""), ln.lead))
            continue
        if m := _L1_RE.match(s):
            title = _heading_title(s)
            if len(title) <= 40 and cn_ordinal(m.group(1)) is not None:
                label = title[len(s) - len(m.group(2)):]
                out.append(_Heading("l1", cn_ordinal(m.group(1)), title, label + (joined[len(s):] if title == s else ""), ln.lead))
            continue
        if not rest and k not in wrapped and _is_heading_like(s) and not _FRAGMENT_NEXT.match(nxt):
            out.append(_Heading("bare", None, s, s, ln.lead))
    return out


def _years(headings: list[_Heading]) -> list[int]:
    return sorted({int(y) for h in headings for y in _YEAR.findall(h.label)})


def _part_of(h: _Heading, years: list[int]) -> str | None:
    part = classify_part(h.label)
    if part is None and len(years) >= 2:
        ys = [int(y) for y in _YEAR.findall(h.label)]
        if ys:
            part = "review" if ys[0] == years[0] else "plan"
    return part


# a running header or a page number: never a heading standing for a lost numeral
_PAGE_FURNITURE = re.compile(r"工作报告$|^第?\s*\d{1,4}\s*页$|^[-—－–‐·•]*\s*\d{1,4}\s*[-—－–‐·•]*$")


def _fill_gaps(numbered: list[_Heading], bares: list[_Heading]) -> list[_Heading]:
    """Bare heading-like lines standing exactly where a numeral is missing in a sequence; the
    furniture of a page break left in a PDF copy (the running header 政府工作报告, a page number
    第4页, — 4 —) is never one."""
    bares = [h for h in bares if not _PAGE_FURNITURE.search(h.label.strip())]
    found = []
    for a, b in zip(numbered, numbered[1:], strict=False):
        if a.number is None or b.number is None:
            continue
        gap = b.number - a.number - 1
        if gap <= 0:
            continue
        between = [h for h in bares if a.start < h.start < b.start]
        if len(between) == gap:
            found.extend(between)
    return found


def split_sections(text: str) -> list[Section]:
    """Parts and numbered sections with character offsets, covering the whole text."""
    n = len(text)
    if n == 0:
        return [Section("front", None, 0, 0)]
    written = text
    simp = _simplified(text)
    if len(simp) == n:
        text = simp  # keywords are Simplified; offsets and titles stay those of the text as written
    lines = _lines(text)
    wrapped = _wrapped(lines)
    heads = _find_headings(lines, wrapped)
    parts_h = [h for h in heads if h.kind == "part"]
    l1 = [h for h in heads if h.kind == "l1"]
    l2 = [h for h in heads if h.kind == "l2"]
    bares = [h for h in heads if h.kind == "bare"]
    years = _years(parts_h + l1 + bares)

    # (start, part) boundaries and (start, title) section heads
    part_marks: list[tuple[int, str]] = []
    section_heads: list[_Heading] = []

    if parts_h:
        for i, h in enumerate(parts_h):
            part = _part_of(h, years) or ("review" if i == 0 else "plan")
            part_marks.append((h.start, part))
        section_heads = l1 or l2
    else:
        l1_parts = [(h, _part_of(h, years)) for h in l1]
        l1_parts = [(h, None if p == "plan" and _ACHIEVED.search(h.label) else p) for h, p in l1_parts]
        if l1 and l2 and any(p for _, p in l1_parts):
            for h, p in l1_parts:
                if p:
                    part_marks.append((h.start, p))
                else:
                    section_heads.append(h)
            section_heads += l2
        else:
            # one-level numbering: numbered headings are sections unless they name a part
            for h, p in l1_parts:
                if p and _is_part_title(h.label, p):
                    part_marks.append((h.start, p))
                else:
                    section_heads.append(h)
            if not l1:
                section_heads = l2
        # unnumbered part headings (过去一年的工作 / 今年的主要目标任务)
        for h in bares:
            p = classify_part(h.label)
            if p and _is_part_title(h.label, p) and not _FRAGMENT.search(h.label):
                part_marks.append((h.start, p))

    section_heads = sorted(section_heads, key=lambda h: h.start)
    # recover headings whose numeral was lost, per part
    part_marks.sort()
    bounds = [m[0] for m in part_marks] + [n]
    recovered = []
    for i, (ps, _) in enumerate(part_marks):
        inside = [h for h in section_heads if ps <= h.start < bounds[i + 1]]
        recovered += _fill_gaps(inside, [b for b in bares if ps <= b.start < bounds[i + 1]])
    if not part_marks:
        recovered += _fill_gaps(section_heads, bares)
    section_heads = sorted(section_heads + recovered, key=lambda h: h.start)

    # parts only move forward: front -> review -> plan
    order = {"front": 0, "review": 1, "plan": 2}
    marks: list[tuple[int, str]] = []
    again: list[int] = []  # a further heading of the current part (三、2023年工作安排 after 二、今后五年…)
    current = "front"
    for start, part in part_marks:
        if order[part] > order[current]:
            marks.append((start, part))
            current = part
        elif part == current:
            again.append(start)
    if not marks or marks[0][1] == "plan":
        # no review heading: the review starts after the opening paragraph
        limit = marks[0][0] if marks else n
        first_head = section_heads[0].start if section_heads else limit
        review_start = _opening_end(text, lines, min(limit, first_head), wrapped)
        if review_start is not None and review_start < limit:
            marks.insert(0, (review_start, "review"))
        elif not marks:
            marks.insert(0, (section_heads[0].start if section_heads else 0, "review"))

    # build spans
    cuts: list[tuple[int, str, str | None]] = [(0, "front", None)]
    for start, part in marks:
        cuts.append((start, part, None))
    part_at = lambda pos: max((m for m in marks if m[0] <= pos), default=(0, "front"))[1]  # noqa: E731
    for start in again:
        cuts.append((start, part_at(start), None))
    for h in section_heads:
        cuts.append((h.start, part_at(h.start), h.title))
    cuts.sort(key=lambda c: (c[0], c[2] is not None))
    merged: list[tuple[int, str, str | None]] = []
    for c in cuts:
        if merged and merged[-1][0] == c[0]:
            merged[-1] = c
        else:
            merged.append(c)
    sections = []
    for i, (start, part, title) in enumerate(merged):
        if title is not None:
            title = written[start:start + len(title)]
        end = merged[i + 1][0] if i + 1 < len(merged) else n
        if end > start or not sections:
            sections.append(Section(part, title, start, end))
    if sections[0].start != 0:
        sections.insert(0, Section("front", None, 0, sections[0].start))
    return sections


_PART_TITLE = re.compile(
    r"回顾|工作情况|过去|一年来|五年来|工作总结|主要工作和|发展成就|主要成绩|主要目标|目标任务|工作安排|总体要求|重点任务|重点工作|工作任务|工作思路|"
    r"主要任务|今后|展望|部署|奋斗目标|今年|明年")
# a line opening with punctuation continues the line before it (a PDF wrap)
_FRAGMENT_NEXT = re.compile(r"[、，,。；;：:）)”」]")
# a piece of a sentence wrapped by a PDF copy, not an unnumbered part heading: it opens with
# punctuation or holds a comma or colon (、感恩奋进,聚焦“1+2+4+N”目标任务体系,顶压前行); part headings have none
_FRAGMENT = re.compile(r"^[、，,。；;：:）)”」]|[，,、：:]")
# a review sub-heading tells what was achieved (年度目标任务全面完成), a plan heading does not
_ACHIEVED = re.compile(r"完成|取得|成效|成绩|实现|圆满|显著|明显|不断|稳步|持续")


def _is_part_title(label: str, part: str | None = None) -> bool:
    """Headings that name a whole part (过去一年的工作, 2023年工作安排), not a task."""
    if len(label) > 30 or not _PART_TITLE.search(label):
        return False
    return not (part == "plan" and _ACHIEVED.search(label))


def _paragraphs(lines: list[_Line], wrapped: set[int]) -> list[list[_Line]]:
    """Lines grouped into paragraphs: a line a hard-wrapped copy wraps (``wrapped``) goes on in the next."""
    out: list[list[_Line]] = []
    for k, ln in enumerate(lines):
        if k - 1 in wrapped and out:
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def _opening_end(text: str, lines: list[_Line], limit: int, wrapped: set[int] = frozenset()) -> int | None:
    """Offset just after the opening paragraph (…向大会报告工作,请予审议…), or right after the words
    of a news lead that open its quotation of the report (…作政府工作报告。报告指出，: :data:`REPORTED`
    in the first paragraph naming the 工作报告); without them the start of the first paragraph of
    40 characters or more after the title lines. Paragraphs of a hard-wrapped copy are read whole
    (``wrapped``: :func:`_wrapped`)."""
    paragraphs = [p for p in _paragraphs(lines, wrapped) if p[0].start < limit]
    lead = next((p for p in paragraphs[:4] if "工作报告" in "".join(ln.text for ln in p)), None)
    for para in paragraphs:
        if para is lead:
            break  # a news lead before any opening formula quotes the report (a formula's words
            # further on are the body's: …人大代表、政协委员…累计提出意见建议2979件)
        if any(_OPENING_END.search(ln.text) for ln in para):
            return min(para[-1].end + 1, len(text))
    if lead is not None:
        joined = "".join(ln.text for ln in lead)
        at = [ln.lead + i for ln in lead for i in range(len(ln.text))]
        m = next((m for m in REPORTED.finditer(joined) if "工作报告" in joined[:m.start()]), None)
        if m is not None:  # a journalist's lead: the report is quoted from here on
            return at[m.end()] if m.end() < len(at) else min(lead[-1].end + 1, len(text))
    open_before = False  # a paragraph before stopped inside a sentence: a short one may be its end
    for para in paragraphs:  # no opening formula: the first paragraph after the title lines
        joined = "".join(ln.text for ln in para)
        title = re.search(r"会议上|代表大会", joined[:40])
        # a shorter one ending a sentence is body text too: the first sentence of a hard-wrapped copy
        # whose indent was taken off (刚刚过去的2025年,是…关键之年。), no title line ends with 。
        if not title and (len(joined) >= 40 or len(joined) >= 12 and joined.endswith("。") and not open_before):
            return para[0].start
        open_before = open_before or not title and bool(re.search(r"[，,]", joined)) \
            and not joined.endswith(("。", "！", "!", "：", ":"))
    return None


def section_at(sections: list[Section], pos: int) -> Section:
    """The section holding offset pos (sections as returned by split_sections)."""
    lo, hi = 0, len(sections) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sections[mid].start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return sections[lo]
