"""The unit table (pipelines/reference/units.csv) and the unit grammar built from it."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipelines.extract import words
from pipelines.model import REFERENCE_DIR
from pipelines.text.numbers import MAGNITUDES


@dataclass(frozen=True)
class Unit:
    unit: str
    dimension: str
    base_unit: str
    factor: float


@cache
def unit_table() -> dict[str, Unit]:
    with open(REFERENCE_DIR / "units.csv", encoding="utf-8", newline="") as f:
        return {r["unit"]: Unit(r["unit"], r["dimension"], r["base_unit"], float(r["factor"]))
                for r in csv.DictReader(f)}


# Units the grammar never reads after a bare number (位 is only for ranks; 年 only in 连续N年; 万 alone
# only before a noun of lexicon/magnitude_nouns.csv, measures.magnitude_noun_measures)
NOT_AFTER_NUMBER = {"位", "年", "万"}


def _guard(row: dict[str, str]) -> str:
    """The look-ahead of a row of ``lexicon/unit_guards.csv``: vetoed before ``not_before`` unless
    one of ``unless_before`` follows (``左右/CJK``: 左右 with no Chinese character after it)."""
    veto = words.guard_words(row["not_before"])
    allow = []
    for w in (row.get("unless_before") or "").split():
        word, _, not_then = w.partition("/")
        allow.append(re.escape(word) + words.not_before(not_then))
    if not allow:
        return f"(?!{veto})"
    return f"(?:(?!{veto})|(?={'|'.join(allow)}))"


@cache
def guards() -> dict[str, str]:
    """unit -> its look-ahead guard (``lexicon/unit_guards.csv``): 部门, 管网, 单位, 支持 are no units."""
    return {r["word"]: _guard(r) for r in words.rows("unit_guards")}


def unit_pattern() -> str:
    """Alternation of every unit without a magnitude prefix, longest first, with guards."""
    table = unit_table()
    units = [u for u in table if u not in NOT_AFTER_NUMBER]
    bare = [u for u in units if not any(u.startswith(m) and u[len(m):] in table for m in MAGNITUDES)]
    bare.sort(key=len, reverse=True)
    out = []
    for u in bare:
        esc = u.replace("/", "/").replace("%", "%")
        out.append(esc + guards().get(u, ""))
    return "|".join(out)


def normalize(value: float | None, unit: str) -> tuple[float | None, str | None]:
    """(value in base unit, base unit); (None, None) for units not in the table.
    A magnitude prefix missing from the table is folded in (3千万元 -> 3e7 元)."""
    if value is None:
        return None, None
    found = _unit_row(unit)
    if found is None:
        return None, None
    mag, u = found
    if mag is None:
        return value * u.factor, u.base_unit
    return value * mag * u.factor, u.base_unit


@lru_cache(maxsize=4096)
def _unit_row(unit: str) -> tuple[float | None, Unit] | None:
    """(magnitude factor or None, row of the unit table) of a unit as read: the row of the unit
    itself, else of the unit after its magnitude prefix (the longest first); None when neither
    is in the table. Cached: the units of the reports are a few hundred, met at every figure."""
    table = unit_table()
    u = table.get(unit)
    if u is not None:
        return None, u
    for mag, f in sorted(MAGNITUDES.items(), key=lambda kv: -len(kv[0])):
        if unit.startswith(mag) and unit[len(mag):] in table:
            return f, table[unit[len(mag):]]
    return None


@lru_cache(maxsize=4096)
def dimension(unit: str) -> str | None:
    """The dimension of a unit as read (money, count, area …), its magnitude prefix aside; None
    when the unit is not in the table. Cached like :func:`_unit_row`."""
    u = unit_table().get(unit)
    if u:
        return u.dimension
    for mag in MAGNITUDES:
        if unit.startswith(mag) and unit[len(mag):] in unit_table():
            return unit_table()[unit[len(mag):]].dimension
    return None
