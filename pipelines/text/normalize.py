"""Text normalization applied to every report before metadata, sections and facts are found.

``normalize_text`` gives the text that fact offsets refer to; it keeps the characters as written
(Traditional stays Traditional). ``to_simplified`` gives a same-length Simplified copy for
matching, so an offset found in it is valid in the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

# CJK ideographs (BMP + extension A) and CJK punctuation/brackets (、。〈〉《》「」『』【】〔〕 “” ‘’ …)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3001\u3002\u3008-\u3011\u3014-\u301f\u2018\u2019\u201c\u201d\u2026\u2014"
_HSPACE = r"[ \t\u00a0\u2000-\u200b\u3000]"

# an inline pinyin gloss right after a Chinese character: 態(tài), 发展(fā zhǎn), 发展(fa1 zhan3),
# 地区生产总值(di qu sheng chan zong zhi); half- or full-width brackets (a raw text is read before NFKC);
# a line break of a PDF copy may fall inside it (地區生產總值(dì qū shēng\nchǎn zǒng zhí))
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüÄÁǍÀ"
# found from its bracket (fast), then checked for the Chinese character (and a space) before it
_GLOSS = re.compile(rf"[(（](?P<p>[a-zA-Z{_TONED}][a-zA-Z{_TONED}1-5 '\-\n\u3000]{{0,150}}?)[)）]")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_HAS_TONE = re.compile(rf"[{_TONED}]|[a-z][1-5](?![a-z])")
# a toneless syllable of Mandarin (initial + final, Hanyu Pinyin; ü written v or ü)
_PLAIN_SYLLABLE = re.compile(
    r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ei|ao|ou|an|en|in|un|ün|vn"
    r"|ia|ie|iu|ua|uo|ue|üe|ve|ui|er|a|o|e|i|u|ü|v)"
)
_CJK_RUN = re.compile(rf"[{_CJK}]+$")


def _syllable_counts(word: str) -> set[int]:
    """How many toneless syllables ``word`` can be read as (``shengchan`` -> {2, 3}: sheng chan,
    she ng chan…); empty when it is not pinyin."""
    counts: list[set[int]] = [set() for _ in range(len(word) + 1)]
    counts[0].add(0)
    for i in range(len(word)):
        if counts[i]:
            for j in range(i + 1, min(len(word), i + 6) + 1):
                if _PLAIN_SYLLABLE.fullmatch(word, i, j):
                    counts[j] |= {c + 1 for c in counts[i]}
    return counts[-1]


def is_pinyin_syllable(token: str) -> bool:
    """One syllable of pinyin: with a tone mark (shēng), a tone number (sheng1) or plain (sheng)."""
    if any(c in _TONED for c in token):
        return True
    return bool(_PLAIN_SYLLABLE.fullmatch(token.lower().rstrip("12345")))


def _is_gloss(m: re.Match[str], text: str, start: int) -> bool:
    """A bracket of pinyin after Chinese characters: toned syllables (態(tài), 发展(fa1 zhan3)), or
    toneless words written apart, not all capitals, that read as at least two syllables and no more
    than the Chinese characters right before the bracket (总值(zong zhi); never 项目(a),
    指标(GDP), 区(AN EN)). A line break inside is a wrap: it joins what it splits."""
    p = m.group("p").replace("\n", "").replace("\u3000", "")
    if _HAS_TONE.search(p):
        return True
    words = [w for w in re.split(r"[ '\-]+", p.lower()) if w]
    if len(words) < 2 or p.isupper():
        return False
    totals = {0}
    for w in words:
        counts = _syllable_counts(w)
        if not counts:
            return False
        totals = {t + c for t in totals for c in counts}
    run = _CJK_RUN.search(text, max(0, start - 40), start)
    return any(2 <= t <= (len(run.group()) if run else 0) for t in totals)


def pinyin_gloss_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every inline pinyin gloss of ``text`` (the bracket and a space before it)."""
    out = []
    for m in _GLOSS.finditer(text):
        start = m.start()
        if start and text[start - 1] in " \t":
            start -= 1  # 发展 (fā zhǎn)
        if start and _CJK_CHAR.match(text, start - 1) and _is_gloss(m, text, start):
            out.append((start, m.end()))
    return out


# number repairs, anywhere: 60132. 9 -> 60132.9 ; 77.8 % -> 77.8% ; 9 亿元 -> 9亿元 ; 增长 4 -> 增长4
_NUM_REPAIRS = [
    (re.compile(rf"(?<=\d)\.{_HSPACE}+(?=\d)"), "."),
    (re.compile(rf"(?<=\d){_HSPACE}+\.(?=\d)"), "."),
    (re.compile(rf"(?<=[\d.]){_HSPACE}+(?=[%‰])"), ""),
    (re.compile(rf"(?<=\d){_HSPACE}{{1,2}}(?=[{_CJK}])"), ""),  # a number and its unit: 9 亿元
]
# spaces between CJK and CJK/digits (预算 收入, 9 亿元, 增长 4), only inside paragraph-length lines:
# short lines are headings and signatures whose spaces are layout (区长  叶大华, 第一部分  2022年...)
_CJK_GAP = re.compile(
    rf"(?<=[{_CJK}{_CJK_PUNCT}]){_HSPACE}{{1,2}}(?=[{_CJK}{_CJK_PUNCT}\d])"
    rf"|(?<=[%‰]){_HSPACE}{{1,2}}(?=[{_CJK}{_CJK_PUNCT}])"
    rf"|(?<=[,;:!?]){_HSPACE}{{1,2}}(?=[{_CJK}{_CJK_PUNCT}])"
)
_QUOTED = re.compile(r"“[^”\n]{1,30}”|「[^」\n]{1,30}」|《[^》\n]{1,40}》")
PARAGRAPH_MIN_CHARS = 40


WRAP_WIDTH = 28  # a line this long that does not end a sentence is wrapped (no width measured)
_LINE_SPACE = " \t\u3000\u2002\u2003\u00a0\r"
# what ends a line that is not wrapped: sentence punctuation and closing quotes
LINE_END = "。！？!?；;：:”」』"
# the title and delivery lines end their line whatever their length (…政府工作报告, …会议上)
_FORMULA_END = re.compile(r"(?:工作报告|工作報告|会议上|會議上)$")


def ends_line(line: str) -> bool:
    """Does a line end where it stops (sentence punctuation, a closing quote, the end of the title
    or delivery line), so that no PDF wrap can join it to the next?"""
    s = line.rstrip(_LINE_SPACE)
    return not s or s[-1] in LINE_END or bool(_FORMULA_END.search(s))


def measured_width(lines: list[str]) -> int | None:
    """The width N a PDF copy was hard-wrapped at, or None: the most common length of its lines of
    12 characters or more, when at least 5 lines and 30% of them have it."""
    lengths = [len(s) for ln in lines if len(s := ln.strip(_LINE_SPACE)) >= 12]
    if len(lengths) < 5:
        return None
    width, count = Counter(lengths).most_common(1)[0]
    return width if count >= 5 and count >= 0.3 * len(lengths) else None


def wrap_width(lines: list[str]) -> int:
    """The length from which a line that does not end a sentence is a wrap: on a hard-wrapped copy
    N - 2 (:func:`measured_width`; the first line of a paragraph holds two characters less, its
    indentation), never above :data:`WRAP_WIDTH` (28), the length used when no width is measured."""
    return wrap_width_of(measured_width(lines))


def wrap_width_of(measured: int | None) -> int:
    """:func:`wrap_width` from the width measured (:func:`measured_width`), for a caller that has it."""
    return WRAP_WIDTH if measured is None else min(WRAP_WIDTH, measured - 2)


def remove_pinyin_glosses(text: str) -> str:
    """Drop inline pinyin glosses after Chinese characters (:func:`pinyin_gloss_spans`)."""
    spans = pinyin_gloss_spans(text)
    if not spans:
        return text
    out, at = [], 0
    for a, b in spans:
        out.append(text[at:a])
        at = b
    out.append(text[at:])
    return "".join(out)


def _letter_spaced(line: str) -> bool:
    """A line set with a space after every character (a justified PDF line, a spaced-out title:
    ``全 市 地 区 生 产 总 值 5 . 2 万 亿 元``): at least 6 pieces, 80% of them one character."""
    pieces = line.split(" ")
    return len(pieces) >= 6 and sum(len(p) == 1 for p in pieces) >= 0.8 * len(pieces)


def _repair_line(line: str) -> str:
    if " " in line and _letter_spaced(line):
        line = re.sub(r"(?<! ) (?! )", "", line)  # single spaces go, a wider gap stays one space
        line = re.sub(r" {2,}", " ", line)
    for pattern, replacement in _NUM_REPAIRS:
        line = pattern.sub(replacement, line)
    if len(line) < PARAGRAPH_MIN_CHARS:
        return line
    protected = [m.span() for m in _QUOTED.finditer(line)]

    def repl(m: re.Match[str]) -> str:
        if any(a < m.start() < b for a, b in protected):
            return m.group(0)  # a space inside a quoted name or slogan is meant: “美丽延庆 冰雪夏都”
        return ""

    return _CJK_GAP.sub(repl, line)


def repair_breaks(text: str) -> str:
    """Remove PDF line-break spaces inside numbers and Chinese words, line by line."""
    return "\n".join(_repair_line(line) for line in text.split("\n"))


def normalize_text(text: str) -> str:
    """NFKC, pinyin glosses removed (except on a hard-wrapped copy, :func:`measured_width`), PDF
    break spaces repaired, lines trimmed, paragraphs kept.

    Line breaks are unified to ``\\n``; each line is stripped; runs of blank lines collapse to one
    blank line (a paragraph break stays a paragraph break).
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\ufeff", "").replace("\u200b", "")
    lines = [re.sub(rf"^{_HSPACE}+|{_HSPACE}+$", "", line) for line in text.split("\n")]
    if measured_width(lines) is None:
        # on a hard-wrapped copy the glosses stay: a line without its gloss would look shorter than
        # the width and end its paragraph; layout.compact leaves them out after joining the wraps
        lines = remove_pinyin_glosses("\n".join(lines)).split("\n")
    text = repair_breaks("\n".join(lines))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


class _ToSimplified:
    """OpenCC ``t2s``, and ``hk2s`` for a text holding a Hong Kong variant form (村衞生室: ``t2s``
    keeps 衞). The variant characters are those whose ``hk2s`` reading differs from their ``t2s``
    one, found once over the CJK blocks, so a text without them pays for one pass only. (``tw2s``
    is not used: it reads 著 as 着 and so turns the Simplified 显著 into 显着.)"""

    def __init__(self) -> None:
        import opencc

        self._t2s = opencc.OpenCC("t2s")
        self._hk2s = opencc.OpenCC("hk2s")
        chars = "".join(map(chr, [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)]))
        self._variants = frozenset(
            c for c, a, b in zip(chars, self._t2s.convert(chars), self._hk2s.convert(chars), strict=False) if a != b)
        self._variant_re = re.compile("[" + "".join(sorted(self._variants)) + "]")

    def convert(self, text: str) -> str:
        return self._hk2s.convert(text) if self._variant_re.search(text) else self._t2s.convert(text)


@cache
def _t2s() -> _ToSimplified:
    return _ToSimplified()


_SEGMENT = re.compile(r"[^\n,.;:!?、。,;:!?“”]+|.", re.S)


def to_simplified(text: str) -> str:
    """Traditional (standard or Hong Kong forms) -> Simplified with OpenCC, guaranteed to have the same length as ``text``.

    The whole text is converted at once (OpenCC's phrase tables give the best result); if a phrase
    mapping changed the length, each clause-sized segment is converted on its own and a segment
    whose length still changes is converted character by character (a character whose conversion
    is not one character is kept as written).
    """
    conv = _t2s()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    parts = []
    for m in _SEGMENT.finditer(text):
        seg = m.group(0)
        s = conv.convert(seg)
        if len(s) != len(seg):
            s = "".join(c2 if len(c2 := conv.convert(c)) == 1 else c for c in seg)
        parts.append(s)
    result = "".join(parts)
    assert len(result) == len(text)
    return result


# extract_facts and split_sections convert the same text one after the other (issue 12: the
# second conversion was 4% of the extraction time); a few recent texts are kept, no more
from functools import lru_cache  # noqa: E402

to_simplified = lru_cache(maxsize=4)(to_simplified)
