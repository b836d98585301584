"""The indicator catalog (pipelines/reference/indicators.csv) and subject -> indicator_code."""

from __future__ import annotations

import csv
from functools import cache

from pipelines.extract.normalize_subject import normalize_subject
from pipelines.model import REFERENCE_DIR


@cache
def catalog() -> dict[str, str]:
    """Every name and synonym of indicators.csv, in its normal form (:func:`normalize_subject`),
    -> indicator_code. Raises ValueError when one wording names two indicators."""
    out: dict[str, str] = {}
    with open(REFERENCE_DIR / "indicators.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for name in [row["name_zh"], *row["synonyms"].split("|")]:
                key = normalize_subject(name)
                if not key:
                    continue
                if out.get(key, row["indicator_code"]) != row["indicator_code"]:
                    raise ValueError(f"indicators.csv: {name!r} names both {out[key]} and {row['indicator_code']}")
                out[key] = row["indicator_code"]
    return out


def indicator_for(subject: str | None) -> str | None:
    """Code of the indicator whose name or synonym is the whole subject, compared in normal form
    (:func:`normalize_subject`: Simplified, full-width folded, scope words such as 全区/本县/全年
    dropped); None otherwise.

    Whole-name match only: 市场总消费 is not 社会消费品零售总额, 休闲农业与乡村旅游收入 is not
    旅游收入, 农村居民人均可支配收入 is not 居民人均可支配收入."""
    key = normalize_subject(subject)
    return catalog().get(key) if key else None
