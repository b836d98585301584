"""Numbers as written in reports: Arabic (with PDF spaces, thousands separators, full-width
digits) and Chinese numerals (两个, 近千, 二〇二三)."""

from __future__ import annotations

from functools import lru_cache

import cn2an

# Arabic: 1,234.5 | 60132. 9 (PDF space after the point) | full-width digits (\d matches them)
# a line break of a PDF copy may split the digits (9\n3%)
ARABIC = r"\d{1,3}(?:,\d{3})+(?![\d,])(?:[.．]\d+)?|\d+(?:\n\d+)*(?:\s?[.．]\s?\d+(?:\n\d+)*)?"
# Chinese numerals (a run; validity is checked by parse_chinese)
CN_CHARS = "〇零一二两三四五六七八九十百千万亿"
# a run of Chinese numerals, with a decimal point: 一点二万 (its first numeral, then the rest of the run)
CHINESE_REST = rf"(?:[{CN_CHARS}]|点(?=[〇零一二三四五六七八九]))*"
CHINESE = rf"[{CN_CHARS}]{CHINESE_REST}"
MAGNITUDES = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3}
MAGNITUDE = "万亿|千亿|百亿|千万|百万|亿|万|千"

_FULL = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_CN_SIMPLE = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def parse_arabic(s: str) -> float:
    """'1,234.5' -> 1234.5; '60132. 9' -> 60132.9; full-width digits accepted."""
    try:  # most numbers: float reads them as they are (the same value: it takes no comma or inner space)
        return float(s)
    except ValueError:
        pass
    # str.split() cuts at every character r"\s" matches (str.isspace): the spaces out, 4x cheaper than re.sub
    s = "".join(s.translate(_FULL).split()).replace(",", "")
    return float(s)


@lru_cache(maxsize=4096)  # a few hundred numerals recur in every report; cn2an is slow Python
def parse_chinese(s: str) -> float | None:
    """'两' -> 2, '十二' -> 12, '千' -> 1000, '二〇二三' -> 2023; None when not a numeral."""
    if not s:
        return None
    if all(c in _CN_SIMPLE for c in s) and len(s) > 1:  # digit by digit: 二〇二三
        return float("".join(str(_CN_SIMPLE[c]) for c in s))
    if "点" in s:  # 一点二 -> 1.2
        whole, _, frac = s.partition("点")
        w = parse_chinese(whole) if whole else 0.0
        if w is None or not all(c in _CN_SIMPLE for c in frac):
            return None
        return float(f"{int(w)}.{''.join(str(_CN_SIMPLE[c]) for c in frac)}")
    t = s.replace("两", "二")
    if t[0] in "十百千万亿":
        t = "一" + t
    try:
        return float(cn2an.cn2an(t, "strict"))
    except (ValueError, KeyError, IndexError):
        return None


def format_number(v: float) -> str:
    """120.0 -> '120', 4.6 -> '4.6' (for matching written numbers)."""
    return f"{v:.6f}".rstrip("0").rstrip(".")
