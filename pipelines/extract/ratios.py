"""Pass 1b: figures written without a unit that are ratios or scores by their name
(城乡居民收入倍差从2.42缩小至2.12, 城乡居民收入比降至2.2, 生态环境公众满意度从84.7提升至89.6).

The names are data: ``lexicon/unitless_ratios.csv`` (kind ``ratio``). A bare number is read only
when such a name stands earlier in its clause with no other word of more than six characters
between them and the number (the words of a move: 从, 缩小至, 提升至), so a bare number elsewhere
(a year, a label) is never read. A ratio written against one (``2.1∶1``) is the number before the
colon, and a comparator after it counts (``缩小至2.1∶1左右``: approx; 重庆 2026, fifth provincial round).
Source: the provincial gold (issue 9), where these rows were missed.
"""

from __future__ import annotations

import re

from pipelines.extract import grammar as g
from pipelines.extract.core import Doc, Measure
from pipelines.extract.words import alternation
from pipelines.text.numbers import ARABIC, parse_arabic

_NUMBER_RE = re.compile(rf"(?<![\d.．A-Za-z第])(?:{ARABIC})")
_RATIO_RE = re.compile(alternation("unitless_ratios", "ratio"))
# between the name (or the number before) and this number: at most a short move, no digits
_GAP_RE = re.compile(r"^[\u4e00-\u9fff]{0,6}$")
# what may follow the number: the clause ends, a list goes on, or a move verb begins
_AFTER_RE = re.compile(r"[,，;；。、\n]|$|(?:提升|提高|上升|下降|缩小|扩大|降|升|增加|减少)(?:至|到|为)")
# a ratio written against one: 2.1∶1 (the colon as written, full-width ratio sign or a colon)
_TO_ONE_RE = re.compile(r"[∶:：]1(?![\d.．])")


def unitless_ratio_measures(doc: Doc, measures: list[Measure]) -> list[Measure]:
    """Measures (unit "") for bare numbers after a ratio name of ``lexicon/unitless_ratios.csv``
    in the same clause: ``Doc, [Measure] -> [Measure]``, none at a position already read."""
    s = doc.s
    taken = {m.num_start for m in measures}
    out: list[Measure] = []
    for name in _RATIO_RE.finditer(s):  # only the clauses that name a ratio are read
        gap_start, ce = name.end(), doc.clause_end(name.end())
        for m in _NUMBER_RE.finditer(s, name.end(), ce):
            a, b = m.start(), m.end()
            if a < gap_start:
                continue  # the 1 of 2.1∶1
            end, cmp = b, "eq"
            if (one := _TO_ONE_RE.match(s, b)) is not None:
                end = one.end()
                if (c := g.SUFFIX_CMP_RE.match(s, end)) is not None:
                    end, cmp = c.end(), g.SUFFIX_CMP[c.group("c")]
            ok = (a not in taken and not doc.is_protected(a) and "\n" not in m.group()
                  and _AFTER_RE.match(s, end) and _GAP_RE.match(s[gap_start:a]))
            gap_start = end  # 从2.42缩小至2.12: the words after the number before
            if ok:
                taken.add(a)
                out.append(Measure(a, b, parse_arabic(m.group()), "", end, end, a, cmp))
    return out
