"""From bytes to a loadable Document: overrides, and the refusals that name the problem."""

import pytest
from conftest import SEED

from pipelines.text.document import DocumentError, read_document, require_loadable, work_report_signals


def test_the_seed_is_a_loadable_work_report():
    doc = read_document(SEED.read_bytes(), filename=SEED.name)
    require_loadable(doc, SEED.name)
    assert work_report_signals(doc) == ["title", "address", "parts", "sections"]
    assert (doc.meta.region.code, doc.meta.report_year, doc.meta.year_reviewed) == ("110119", 2023, 2022)


def test_command_line_values_win_over_the_text():
    """The given values win; a given year contradicting the text's (2023) is warned about, naming
    both, and the text's year reviewed (2022) is not kept beside it (issue 10)."""
    doc = read_document(SEED.read_bytes(), filename=SEED.name, region="延庆县", report_year=2024)
    assert (doc.meta.region.code, doc.meta.report_year, doc.meta.year_reviewed) == ("110119", 2024, 2023)
    assert len(doc.warnings) == 1 and "2024" in doc.warnings[0] and "2023" in doc.warnings[0]
    same = read_document(SEED.read_bytes(), filename=SEED.name, region="北京市延庆区", report_year=2023)
    assert same.warnings == [] and same.meta.year_reviewed == 2022


@pytest.mark.parametrize(
    "text, given, problem",
    [
        ("全区地区生产总值完成213亿元,增长4%。", {}, "no region found"),
        ("北京市延庆区政府工作报告\n各位代表:\n全区地区生产总值完成213亿元。", {}, "no report year"),
        (
            "延庆区图书馆开放时间调整的通知\n各位读者:自下月起开放时间调整为每天九点至二十点,共计11个小时。",
            {"region": "北京市延庆区", "report_year": 2023},
            "not a work report",
        ),
    ],
)
def test_refusals_name_the_file_and_the_problem(text, given, problem):
    doc = read_document(text.encode("utf-8"), filename="x.txt", **given)
    with pytest.raises(DocumentError, match=problem) as err:
        require_loadable(doc, "x.txt")
    assert str(err.value).startswith("x.txt: ")
