"""pipelines.text.metadata.find_metadata on the seed, the fixture pages and edge cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipelines.text.decode import document_text
from pipelines.text.metadata import cn_int, find_metadata, report_year_from_delivery

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
SEED = ROOT / "raw" / "000_c4f1182ef43108cd.txt"


def meta_of(path: Path):
    return find_metadata(document_text(path.read_bytes(), content_type=None, filename=path.name))


def test_seed_metadata():
    m = meta_of(SEED)
    assert m.title == "北京市延庆区2023年政府工作报告"
    assert m.region_name == "北京市延庆区"
    assert m.region is not None and m.region.code == "110119" and m.region.level == "district"
    assert m.region.former_names == ("延庆县",)
    assert (m.report_year, m.year_reviewed) == (2023, 2022)
    assert m.delivered_on == date(2022, 12, 21)
    assert m.session == "北京市延庆区第三届人民代表大会第三次会议"
    assert (m.speaker, m.speaker_title) == ("叶大华", "北京市延庆区人民政府区长")


@pytest.mark.parametrize(
    "name, code, year, reviewed, delivered, speaker, speaker_title",
    [
        ("changan_2024_utf8.html", "130102", 2024, 2023, date(2024, 1, 8), "王示例", "石家庄市长安区人民政府区长"),
        ("changan_2023_gbk.html", "130102", 2023, 2022, date(2022, 12, 28), "王示例", "石家庄市长安区人民政府代区长"),
        ("linan_2024_big5.html", "330112", 2024, 2023, date(2024, 1, 16), "李示範", "杭州市臨安區人民政府區長"),
        ("wuhou_2024_pdf.txt", "510107", 2024, 2023, date(2024, 1, 10), "赵示例", "成都市武侯区人民政府区长"),
    ],
)
def test_fixture_pages(name, code, year, reviewed, delivered, speaker, speaker_title):
    m = meta_of(PAGES / name)
    assert m.region is not None and m.region.code == code
    assert (m.report_year, m.year_reviewed, m.delivered_on) == (year, reviewed, delivered)
    assert (m.speaker, m.speaker_title) == (speaker, speaker_title)


def test_traditional_text_keeps_strings_as_written():
    m = meta_of(PAGES / "linan_2024_big5.html")
    assert m.title == "杭州市臨安區2024年政府工作報告"
    assert m.region_name == "杭州市臨安區"
    assert m.session == "杭州市臨安區第二屆人民代表大會第四次會議"
    assert m.region.full_name == "浙江省杭州市临安区" and "临安县" in m.region.former_names


def test_title_without_year_uses_delivery_date_and_session():
    text = (
        "政府工作报告\n——二〇二二年十二月二十一日在北京市延庆区第三届人民代表大会第三次会议上\n"
        "区长  张某某\n各位代表:\n一、过去一年工作回顾\n"
    )
    m = find_metadata(text)
    assert m.delivered_on == date(2022, 12, 21)
    assert m.report_year == 2023 and m.year_reviewed == 2022
    assert m.region.code == "110119"
    assert m.speaker == "张某某" and m.speaker_title == "区长"


def test_region_from_speaker_title_when_title_and_session_have_none():
    text = "政府工作报告\n——2024年2月1日在第一次会议上\n延庆县人民政府县长  张某某\n"
    m = find_metadata(text)
    assert m.region.code == "110119"  # the former name resolves to the current unit
    assert m.report_year == 2024


def test_nothing_found():
    m = find_metadata("这是一段与政府无关的文字。\n没有标题,也没有日期。")
    assert m.region is None and m.report_year is None and m.year_reviewed is None and m.title is None


def test_unknown_region_is_reported_as_found_but_unresolved():
    m = find_metadata("火星市2024年政府工作报告\n")
    assert m.region is None and m.region_name == "火星市" and m.report_year == 2024


def test_review_heading_gives_year_reviewed():
    m = find_metadata("某某县2024年政府工作报告\n第一部分  2022年工作情况\n")  # as written, even if unusual
    assert m.year_reviewed == 2022


@pytest.mark.parametrize(
    "delivered, year", [(date(2022, 12, 21), 2023), (date(2023, 1, 5), 2023), (date(2023, 3, 30), 2023), (date(2023, 6, 1), None)]
)
def test_report_year_from_delivery(delivered, year):
    assert report_year_from_delivery(delivered) == year


@pytest.mark.parametrize("s, n", [("2022", 2022), ("二〇二三", 2023), ("十二", 12), ("二十一", 21), ("十", 10), ("三", 3)])
def test_cn_int(s, n):
    assert cn_int(s) == n


def test_year_before_region_in_title():
    m = find_metadata("2023年北京市延庆区政府工作报告\n")
    assert m.region.code == "110119" and m.report_year == 2023 and m.region_name == "北京市延庆区"
