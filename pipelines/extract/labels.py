"""Pass 1c: a figure with its unit that grades a name is no fact of its own
(300万吨级CCUS碳捕集利用, 100兆瓦级地下压缩空气储能, 30万吨级进港航道, 25兆瓦级风电主轴轴承).

The grading suffixes are data (``lexicon/grade_labels.csv``, kind ``grade``). Only a measure with a
unit written right before the suffix is dropped; a bare number before 级 (地震烈度7级) is never a
measure in the first place. Source: false positives on the provincial gold (issue 9).
"""

from __future__ import annotations

import re

from pipelines.extract.core import Measure
from pipelines.extract.words import alternation

_GRADE_RE = re.compile(alternation("grade_labels", "grade"))


def drop_grade_labels(s: str, measures: list[Measure]) -> list[Measure]:
    """``measures`` without those whose unit is followed directly by a grading suffix
    (``str, [Measure] -> [Measure]``, ``s`` the text the offsets point into)."""
    return [m for m in measures if not (m.unit and m.unit_end == m.meas_end and _GRADE_RE.match(s, m.unit_end))]
