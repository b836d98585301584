"""pipelines.text.regions and the generated pipelines/reference/regions.csv."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from pipelines.model import REGIONS_CSV, get_region, regions
from pipelines.text.regions import ancestors, lookup_region, short_name


def test_csv_columns_and_integrity():
    with open(REGIONS_CSV, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["region_code", "name", "full_name", "level", "parent_code", "former_names",
                                     "name_pinyin", "name_en"]
        rows = list(reader)
    codes = [r["region_code"] for r in rows]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert {r["level"] for r in rows} <= {"province", "city", "district", "county", "town"}
    assert all(r["parent_code"] in set(codes) for r in rows if r["parent_code"])
    assert all(r["full_name"].endswith(r["name"]) for r in rows)
    assert all(r["name_pinyin"] and r["name_en"].startswith(r["name_pinyin"].split(" ")[0]) for r in rows)
    by_code = {r["region_code"]: r for r in rows}
    assert (by_code["110119"]["name_pinyin"], by_code["110119"]["name_en"]) == ("Yanqing", "Yanqing District")
    assert by_code["610000"]["name_en"] == "Shaanxi Province" and by_code["140000"]["name_en"] == "Shanxi Province"
    assert by_code["610100"]["name_pinyin"] == "Xi'an"


def test_coverage_of_all_levels():
    levels = Counter(r.level for r in regions().values())
    assert levels["province"] >= 34  # 23 provinces, 5 autonomous regions, 4 municipalities, 2 SARs
    assert levels["city"] >= 330
    assert levels["district"] + levels["county"] >= 2800
    provinces = {r.name for r in regions().values() if r.level == "province"}
    assert {"北京市", "河北省", "广西壮族自治区", "新疆维吾尔自治区", "香港特别行政区"} <= provinces


def test_yanqing():
    r = get_region("110119")
    assert (r.name, r.full_name, r.level, r.parent_code) == ("延庆区", "北京市延庆区", "district", "110000")
    assert r.former_names == ("延庆县",)
    assert get_region("110229") is None  # the old code is not a current region


def test_parent_conventions():
    assert get_region("130102").parent_code == "130100"  # district -> prefecture city
    assert get_region("130100").parent_code == "130000"  # prefecture city -> province
    assert get_region("429004").parent_code == "420000"  # 仙桃市, directly under Hubei
    assert get_region("110000").parent_code is None
    assert [a.code for a in ancestors(get_region("130102"))] == ["130100", "130000"]


@pytest.mark.parametrize("name", ["北京市延庆区", "延庆区", "延庆县", "延庆", "北京市延慶區", "北京延庆", " 北京市 延庆区 ", "110119"])
def test_lookup_yanqing(name):
    r = lookup_region(name)
    assert r is not None and r.code == "110119"


@pytest.mark.parametrize(
    "name, hint, code",
    [
        ("朝阳区", None, None),  # Beijing and Changchun: ambiguous without a parent
        ("朝阳区", "北京市", "110105"),
        ("朝阳区", "吉林省长春市", "220104"),
        ("朝阳区", "22", "220104"),
        ("北京市朝阳区", None, "110105"),
        ("长春市朝阳区", None, "220104"),
        ("朝阳市", None, "211300"),
        ("长安区", None, None),
        ("石家庄市长安区", None, "130102"),
        ("河北省石家庄市长安区", None, "130102"),
        ("西安市长安区", None, "610116"),
        ("河北省", None, "130000"),
        ("广西", None, "450000"),
        ("恩施州", None, "422800"),
        ("火星市", None, None),
        ("", None, None),
    ],
)
def test_lookup_with_parents_and_hints(name, hint, code):
    r = lookup_region(name, hint)
    assert (r.code if r else None) == code


def test_levels():
    assert lookup_region("北京市").level == "province"
    assert lookup_region("石家庄市").level == "city"
    assert lookup_region("延庆区").level == "district"
    assert lookup_region("正定县").level == "county"
    assert lookup_region("辛集市").level == "county"  # county-level city


@pytest.mark.parametrize(
    "name, short", [("延庆区", "延庆"), ("恩施土家族苗族自治州", "恩施"), ("广西壮族自治区", "广西"), ("内蒙古自治区", "内蒙古"), ("赵县", "赵")]
)
def test_short_name(name, short):
    assert short_name(name) == short
