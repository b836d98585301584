"""The indicator catalog (pipelines/reference/indicators.csv) and subject -> indicator_code."""

from __future__ import annotations

import csv
import re
from functools import cache

from pipelines.model import REFERENCE_DIR

_SCOPE = re.compile(r"^(?:全区|全市|全县|全省|全州|全旗|全盟|全镇|我区|我市|我县|我省|本区|本市|本县|全年|今年|当年)+")
_NOISE = re.compile(r"[\s“”\"'《》]")


@cache
def catalog() -> dict[str, str]:
    """Every name and synonym -> indicator_code."""
    out: dict[str, str] = {}
    with open(REFERENCE_DIR / "indicators.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for name in [row["name_zh"], *row["synonyms"].split("|")]:
                name = _NOISE.sub("", name)
                if name:
                    out.setdefault(name, row["indicator_code"])
    return out


def indicator_for(subject: str) -> str | None:
    """Code whose name or synonym is the subject (scope words like 全区 ignored); None otherwise.

    Exact match only: 市场总消费 is not 社会消费品零售总额, 休闲农业与乡村旅游收入 is not 旅游收入."""
    s = _SCOPE.sub("", _NOISE.sub("", subject or ""))
    if not s:
        return None
    cat = catalog()
    if s in cat:
        return cat[s]
    if s.upper() in cat:
        return cat[s.upper()]
    return None
