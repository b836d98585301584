"""Undo the layout of PDF copies before reading: line wraps inside sentences and page furniture
(`— 3 —`, a running header) that lands between a number and its unit; and inline pinyin glosses
(`地區生產總值(dì qū shēng chǎn zǒng zhí)`, :func:`pipelines.text.normalize.pinyin_gloss_spans`) that
would stand between a subject and its number.

``compact`` returns the text without those characters plus, for every kept character, its
offset in the text as given, so facts found in the compact text point back at the text as
written (offsets, evidence). Nothing is rewritten: characters are only left out.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from pipelines.text.normalize import (
    WRAP_WIDTH,
    ends_line,
    is_pinyin_syllable,
    measured_width,
    pinyin_gloss_spans,
    wrap_width_of,
)

_PAGE_NO = re.compile(r"^[-—－–‐]{1,2}\s*\d{1,4}\s*[-—－–‐]{1,2}$|^第?\s*\d{1,4}\s*页(?:\s*/\s*共?\s*\d+\s*页)?$|^\d{1,4}$"
                      r"|^[·•・]\s*\d{1,4}\s*[·•・]$|^\d{1,4}\s*/\s*\d{1,4}$")
_HSPACE = " \t\u3000\u2002\u2003\u00a0"
_SENTENCE_END = set("。！？!?；;：:”」』")
_HEADING_START = re.compile(r"第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]")
_PUNCT = re.compile(r"[,，、。;；]")
# a line opening on a figure, not on an item number (1.做好…, 2、…, 3)…)
_FIGURE_START = re.compile(r"\d+(?![\d.．、)）])|\d+[.．]\d")
_KEPT = re.compile(rb"\x00+")
# English prose on a bilingual page: Latin words that are not syllables of pinyin (a gloss)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_LATIN_WORD = re.compile(rf"[A-Za-z{_TONED}]{{2,}}[1-5]?")
# the same matches over a whole text, faster: the first letter found by a class of three ranges
# (the toned letters one by one are tested item by item at every character: 3x slower), then
# checked by a look-behind (tests/test_layout_scan.py)
_LATIN_WORD_SCAN = re.compile(
    rf"[A-Za-z{min(_TONED)}-{max(_TONED)}](?<=[A-Za-z{_TONED}])[A-Za-z{_TONED}]+[1-5]?")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# where a sentence ends in either script: 。！？；, a line break, or . ! ? before a space
_ANY_SENTENCE_END = re.compile(r"[\n。！？；!?;]|\.(?=\s|$)")


@dataclass(frozen=True)
class Compact:
    text: str  # the compact copy of the text that was read (Simplified)
    written: str  # the same characters from the text as written
    # pos[i]: offset in the original text of text[i]; a range when nothing was left out, else a
    # typed array (a list of one int object per character took 1.5-2% of an extraction to build)
    pos: Sequence[int]


# a running header naming the document (政府工作报告, 2026年政府工作报告) beside a page number is
# furniture even on the first page break of an excerpt, where it is not yet repeated
_DOC_TITLE = re.compile(r"工作报告$")


def _running(s: str) -> bool:
    """Shaped like a running header: short, no punctuation, not a numbered heading."""
    return 2 <= len(s) <= 30 and not _PUNCT.search(s) and not _HEADING_START.match(s) and not _PAGE_NO.match(s)


def _furniture(lines: list[str]) -> set[int]:
    """Indices of page-number lines (``— 3 —``, ``-3-``, ``第3页``, ``·3·``, ``3/20``, ``3``), of
    running headers next to them (repeated, or naming the document: ``政府工作报告``), and of short
    lines repeated three times or more."""
    stripped = [ln.strip(_HSPACE) for ln in lines]
    page = {i for i, s in enumerate(stripped) if s and _PAGE_NO.match(s)}
    counts = Counter(s for s in stripped if s)
    # a running header or footer repeated on three pages or more, even without a page number
    out = {i for i, s in enumerate(stripped) if counts.get(s, 0) >= 3 and _running(s)}
    if not page:
        return out
    out |= page
    for i in page:
        for step in (-1, 1):  # the nearest non-blank line on each side
            j = i + step
            while 0 <= j < len(lines) and not stripped[j]:
                j += step
            if 0 <= j < len(lines) and (counts[stripped[j]] >= 2 or _DOC_TITLE.search(stripped[j])) \
                    and len(stripped[j]) <= 20 and not _PUNCT.search(stripped[j]):
                out.add(j)
    return out


def is_english(text: str) -> bool:
    """English prose rather than Chinese: two Latin words or more that are not syllables of pinyin,
    with more letters than the text has Chinese characters (``GDP grew by 5.4%.`` yes;
    ``GDP增长5%``, ``PM2.5年均浓度``, a gloss ``sheng1 chan3 zong3 zhi2)年均增长`` no)."""
    words = [w for w in _LATIN_WORD.findall(text) if not is_pinyin_syllable(w)]
    return len(words) >= 2 and sum(map(len, words)) > len(_CJK.findall(text))


def english_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the English sentences of ``text`` (a bilingual page: a translation after
    each Chinese paragraph, or alternating sentences), in order. A sentence runs between sentence
    ends of either script (:data:`_ANY_SENTENCE_END`); only lines holding two Latin words that are
    not pinyin are read (``PM2.5``, ``GDP`` alone leave a line Chinese)."""
    words: dict[int, int] = {}  # line start -> Latin words on the line
    for w in _LATIN_WORD_SCAN.finditer(text):
        if not is_pinyin_syllable(w.group()):
            a = text.rfind("\n", 0, w.start()) + 1
            words[a] = words.get(a, 0) + 1
    out: list[tuple[int, int]] = []
    for a, n in words.items():
        if n < 2:
            continue
        line_end = text.find("\n", a)
        line_end = len(text) if line_end < 0 else line_end
        start = a
        for m in _ANY_SENTENCE_END.finditer(text, a, line_end):
            if is_english(text[start:m.start()]):
                out.append((start, m.start()))
            start = m.end()
        if start < line_end and is_english(text[start:line_end]):
            out.append((start, line_end))
    return sorted(out)


def english_sentence_at(text: str, pos: int, spans: list[tuple[int, int]] | None = None) -> bool:
    """Is offset ``pos`` inside an English sentence of ``text`` (``spans``: :func:`english_spans`
    of ``text``, given when asking for many offsets)?"""
    spans = english_spans(text) if spans is None else spans
    i = bisect_right(spans, (pos, len(text) + 1)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_SENTENCE_END_LATIN = set(".!?;:")
# where a gloss may open: a bracket and a Latin letter after a Chinese character (cheap test first)
_GLOSS_OPEN = re.compile(r"[\u3400-\u9fff][ \t]?[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]")
# its bracket: scanning for a Chinese character first tried the pattern at nearly every offset (12x
# slower); one pattern a bracket, so that re scans for a literal (a class of two was 10x slower)
_GLOSS_BRACKETS = tuple(re.compile(rf"{re.escape(b)}(?=[a-zA-Z{_TONED}])") for b in "(（")


def _gloss_opens(text: str) -> bool:
    """Does ``_GLOSS_OPEN`` match anywhere in ``text``? Tried only where a bracket before a Latin
    letter stands (its Chinese character one or two characters before the bracket)."""
    for brackets in _GLOSS_BRACKETS:
        for m in brackets.finditer(text):
            i = m.start()
            if _GLOSS_OPEN.match(text, max(0, i - 2)) or _GLOSS_OPEN.match(text, max(0, i - 1)):
                return True
    return False
_GLOSS_ACROSS = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü1-5 '\-]*\n")


def _soft(prev: str, nxt: str, width: int = WRAP_WIDTH, hard_wrapped: bool = False) -> bool:
    """Does the break between two content lines wrap a sentence (PDF) rather than end it?
    A line of English and a line of Chinese are never joined (a bilingual page); a line of English
    runs on into the next only when it ends without a full stop and the next goes on in Latin
    letters or digits (``…Forest coverage reache`` / ``d 61.8%.``). On a hard-wrapped copy a full
    line ending on a semicolon goes on too (the wrap fell after it, inside the sentence)."""
    p, n = prev.rstrip(_HSPACE), nxt.lstrip(_HSPACE)
    if hard_wrapped and p and n and p[-1] in "；;" and len(p) >= width and not _HEADING_START.match(n):
        return True  # a full line of a hard-wrapped copy that happens to end on a semicolon
    if hard_wrapped and len(p) >= max(width, 2) and p[-1] in "”」』" and p[-2] not in _SENTENCE_END and n \
            and (_CJK.match(n) or _FIGURE_START.match(n)) and not _HEADING_START.match(n):
        return True  # …新增“两院” / 院士9人, …提供“暖心煤” / 1亿吨: a quoted name closing a full line
        # (not a quotation ending), then its noun or its figure (not an item number: 1.做好…)
    if not p or not n or p[-1] in _SENTENCE_END or ends_line(p) or _HEADING_START.match(n):
        return False
    if is_english(p):
        return p[-1] not in _SENTENCE_END_LATIN and bool(re.match(r"[A-Za-z0-9(%]", n)) and len(p) >= width
    if is_english(n):
        return False  # a translation line is a paragraph of its own
    if "|" in p or "|" in n or "｜" in p or "｜" in n:
        return False  # rows of a table flattened to text
    if _HEADING_START.match(p) and len(p) < width:
        return False  # a short numbered heading holding a comma ends its line: （一）坚持稳中求进,综合实力跃上新台阶
    return len(p) >= width or (len(p) >= 16 and bool(_PUNCT.search(p)))


def compact(text: str, written: str | None = None) -> Compact:
    """Leave out soft line wraps (with the indentation around them), page furniture and pinyin glosses."""
    written = text if written is None else written
    lines = text.split("\n")
    furniture = _furniture(lines)
    starts, at = [], 0
    for ln in lines:
        starts.append(at)
        at += len(ln) + 1
    drop = bytearray(len(text))
    content = [i for i, ln in enumerate(lines) if ln.strip(_HSPACE) and i not in furniture]
    measured = measured_width([lines[i] for i in content])
    width, hard_wrapped = wrap_width_of(measured), measured is not None
    for i in furniture:
        drop[starts[i]:starts[i] + len(lines[i]) + 1] = b"\x01" * (len(lines[i]) + (1 if starts[i] + len(lines[i]) < len(text) else 0))
    for a, b in pairwise(content):
        gap_start = starts[a] + len(lines[a].rstrip(_HSPACE))
        gap_end = starts[b] + (len(lines[b]) - len(lines[b].lstrip(_HSPACE)))
        if _soft(lines[a], lines[b], width, hard_wrapped):
            drop[gap_start:gap_end] = b"\x01" * (gap_end - gap_start)
        elif furniture and b > a + 1 and any(furniture_line in furniture for furniture_line in range(a + 1, b)):
            # a hard break with furniture inside: keep one line break, drop the rest
            drop[gap_start:gap_end] = b"\x01" * (gap_end - gap_start)
            nl = text.find("\n", gap_start, gap_end)
            if nl >= 0:
                drop[nl] = 0
    # glosses are found once wraps and furniture are out (a page break may fall inside one)
    if _gloss_opens(text):
        if _GLOSS_ACROSS.search(text):  # a gloss cut by a line break: look again once joined
            joined, at = _kept(text, drop)
            spans = [(at[a], at[b - 1] + 1) for a, b in pinyin_gloss_spans(joined)]
        else:
            spans = pinyin_gloss_spans(text)
        for a, b in spans:
            drop[a:b] = b"\x01" * (b - a)
    if 1 not in drop:  # a byte test in C (any() walked every character in Python)
        return Compact(text, written, range(len(text)))
    runs = [m.span() for m in _KEPT.finditer(drop)]  # maximal runs of kept characters
    return Compact("".join(text[a:b] for a, b in runs), "".join(written[a:b] for a, b in runs), _kept_offsets(drop))


def _kept_offsets(drop: bytearray) -> array:
    """The offsets of the characters not dropped, in order: one numpy pass over the mask into a
    typed array (its items read back as ints; a list extended run by run made an int object per
    character, 1.5% of an extraction)."""
    kept = np.flatnonzero(np.frombuffer(drop, dtype=np.uint8) == 0).astype(np.int64)
    out = array("q")
    out.frombytes(kept.tobytes())
    return out


def _kept(text: str, drop: bytearray) -> tuple[str, list[int]]:
    """The characters of ``text`` not dropped, and the offset of each in ``text``."""
    if 1 not in drop:  # a byte test in C (any() walked every character in Python)
        return text, list(range(len(text)))
    runs = [m.span() for m in _KEPT.finditer(drop)]
    at: list[int] = []
    for a, b in runs:
        at.extend(range(a, b))
    return "".join(text[a:b] for a, b in runs), at
