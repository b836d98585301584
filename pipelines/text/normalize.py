"""Text normalization applied to every report before metadata, sections and facts are found.

``normalize_text`` gives the text that fact offsets refer to; it keeps the characters as written
(Traditional stays Traditional). ``to_simplified`` gives a same-length Simplified copy for
matching, so an offset found in it is valid in the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# CJK ideographs (BMP + extension A) and CJK punctuation/brackets (、。〈〉《》「」『』【】〔〕 “” ‘’ …)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3001\u3002\u3008-\u3011\u3014-\u301f\u2018\u2019\u201c\u201d\u2026\u2014"
_HSPACE = r"[ \t\u00a0\u2000-\u200b\u3000]"

# an inline pinyin gloss right after a Chinese character: 態(tài), 发展(fā zhǎn), 发展(fa1 zhan3),
# 地区生产总值(di qu sheng chan zong zhi); half- or full-width brackets (a raw text is read before NFKC)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüÄÁǍÀ"
_PINYIN_SYLLABLE = rf"[a-zA-Z{_TONED}]+[1-5]?"
_GLOSS = re.compile(
    rf"(?<=[{_CJK}])[ \t]?[(（](?P<p>{_PINYIN_SYLLABLE}(?:[ '\-]{_PINYIN_SYLLABLE}){{0,23}})[)）]"
)
_HAS_TONE = re.compile(rf"[{_TONED}]|[a-z][1-5]\b")
# a toneless syllable of Mandarin (initial + final, Hanyu Pinyin; ü written v or ü)
_PLAIN_SYLLABLE = re.compile(
    r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ei|ao|ou|an|en|in|un|ün|vn"
    r"|ia|ie|iu|ua|uo|ue|üe|ve|ui|er|a|o|e|i|u|ü|v)"
)
_CJK_CHAR = re.compile(rf"[{_CJK}]")


def _is_gloss(m: re.Match[str], text: str) -> bool:
    """A bracket of pinyin after Chinese characters: toned syllables (態(tài), 发展(fa1 zhan3)), or
    at least two toneless syllables, not all capitals, one for each of the Chinese characters right
    before it (总值(zong zhi), never 项目(a), 指标(GDP) or 区(AN EN))."""
    p = m.group("p")
    if _HAS_TONE.search(p):
        return True
    syllables = re.split(r"[ '\-]", p.lower())
    n = len(syllables)
    return n >= 2 and not p.isupper() and all(_PLAIN_SYLLABLE.fullmatch(x) for x in syllables) \
        and m.start() >= n and all(_CJK_CHAR.match(c) for c in text[m.start() - n:m.start()])


def pinyin_gloss_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every inline pinyin gloss of ``text`` (the bracket and a space before it)."""
    return [m.span() for m in _GLOSS.finditer(text) if _is_gloss(m, text)]


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


def _repair_line(line: str) -> str:
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
    """NFKC, pinyin glosses removed, PDF break spaces repaired, lines trimmed, paragraphs kept.

    Line breaks are unified to ``\\n``; each line is stripped; runs of blank lines collapse to one
    blank line (a paragraph break stays a paragraph break).
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\ufeff", "").replace("\u200b", "")
    text = remove_pinyin_glosses(text)
    lines = [re.sub(rf"^{_HSPACE}+|{_HSPACE}+$", "", line) for line in text.split("\n")]
    text = repair_breaks("\n".join(lines))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_SEGMENT = re.compile(r"[^\n,.;:!?、。,;:!?“”]+|.", re.S)


def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC t2s, guaranteed to have the same length as ``text``.

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
