"""The unit table (pipelines/reference/units.csv) and the unit grammar built from it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from pipelines.text.numbers import MAGNITUDES
from pipelines.model import REFERENCE_DIR


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


# Units the grammar never reads after a bare number (位 is only for ranks; 年 only in 连续N年)
NOT_AFTER_NUMBER = {"位", "年"}
# Units that must not run on into a following word (部门, 管网, 院士, 单位 ...)
GUARDS = {
    "部": "(?!门|署|分|队|长|委|位)",
    "管": r"(?![\u4e00-\u9fff])",
    "个院": r"(?![\u4e00-\u9fff])",
    "院": r"(?![\u4e00-\u9fff])",
    "所": "(?!有|属|在|以|得|需|辖)",
    "单": "(?!位|元|独|一|项)",
    "本": "(?!级|地|市|区|县|年|届|轮|次)",
    "周": "(?!年|边|岁)",
    "口": "(?!岸|径|罩|号)",
    "头": "(?!部|雁)",
    "支": "(?!持|付|出|撑|部)",
    "种": "(?!植|养|子|业|类)",
    "台": "(?!阶|风|湾|账)",
    "列": "(?!入|出|车|全|为)",
    "块": "(?!状)",
    "间": "(?!接|隔|距)",
    "批": "(?!准|复|发)",
    "起": "(?!步|草|来|点)",
    "眼": "(?!光|界)",
    "次": "(?!要|生|级|序)",
    "只": "(?!有|是|要)",
    "张": "(?!家)",
    "条": "(?!例|件|款)",
    "处": "(?!理|置|罚|于|级)",
    "米": "(?!粮|面)",
    "款": "(?!项|式)",
    "门": "(?!口|类|户|槛|诊|店|窗|前|面|头|票|卫)",
    # 人均预期寿命80.5岁, 从82.4岁提升至83.9岁, 提高1岁以上; not 60岁以上老人, 3岁以下婴幼儿, 80岁老人
    "岁": r"(?:(?![\u4e00-\u9fff])|(?=提升|提高|增长|增加|延长|达到|(?:左右|以上|以下)(?![\u4e00-\u9fff])))",
    "周岁": r"(?![\u4e00-\u9fff])",
    "P": r"(?![A-Za-z0-9])",  # 算力5000P; not 5G, 4A, 3D
    "PFLOPS": r"(?![A-Za-z0-9])",
    "PF": r"(?![A-Za-z0-9])",  # 智能算力4800PF
    "EFLOPS": r"(?![A-Za-z0-9])",
}


def unit_pattern() -> str:
    """Alternation of every unit without a magnitude prefix, longest first, with guards."""
    table = unit_table()
    units = [u for u in table if u not in NOT_AFTER_NUMBER]
    bare = [u for u in units if not any(u.startswith(m) and u[len(m):] in table for m in MAGNITUDES)]
    bare.sort(key=len, reverse=True)
    out = []
    for u in bare:
        esc = u.replace("/", "/").replace("%", "%")
        out.append(esc + GUARDS.get(u, ""))
    return "|".join(out)


def normalize(value: float | None, unit: str) -> tuple[float | None, str | None]:
    """(value in base unit, base unit); (None, None) for units not in the table.
    A magnitude prefix missing from the table is folded in (3千万元 -> 3e7 元)."""
    if value is None:
        return None, None
    table = unit_table()
    u = table.get(unit)
    if u is None:
        for mag, f in sorted(MAGNITUDES.items(), key=lambda kv: -len(kv[0])):
            if unit.startswith(mag) and unit[len(mag):] in table:
                base = table[unit[len(mag):]]
                return value * f * base.factor, base.base_unit
        return None, None
    return value * u.factor, u.base_unit


def dimension(unit: str) -> str | None:
    u = unit_table().get(unit)
    if u:
        return u.dimension
    for mag in MAGNITUDES:
        if unit.startswith(mag) and unit[len(mag):] in unit_table():
            return unit_table()[unit[len(mag):]].dimension
    return None
