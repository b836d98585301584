"""raw/sources.csv is read strictly: every defect stops with the file, the line and the problem;
nothing is guessed, no row dropped. Checks at the door of `govreport add`: years, contradictions,
tiny and huge local files. Rewrites are atomic and keep the file's mode."""

from __future__ import annotations

import os
import shutil
import stat
import warnings
from pathlib import Path

import pytest
from httpserver import PAGES_DIR

from pipelines.cli import main as cli
from pipelines.errors import CatalogError, ReportWarning
from pipelines.ingest.catalog import catalog_path, read_catalog
from pipelines.runner import register_source

HEADER = "report_id,source,region,report_year,notes,added_at"
SEED = "110119-2023,000_c4f1182ef43108cd.txt,北京市延庆区,2023,seed,2026-11-26T16:47:14+00:00"
WUHOU = "510107-2024,wuhou.txt,四川省成都市武侯区,2024,,2026-11-26T16:47:14+00:00"


def write(raw: Path, *lines: str, prefix: bytes = b"") -> Path:
    path = catalog_path(raw)
    path.write_bytes(prefix + ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def refused(raw: Path, line: int, *words: str) -> str:
    with pytest.raises(CatalogError) as err:
        read_catalog(raw)
    message = str(err.value)
    assert message.startswith(f"{catalog_path(raw)} line {line}: "), message
    for word in words:
        assert word in message, message
    return message


def test_a_well_formed_catalog_reads(tmp_path):
    write(tmp_path, HEADER, SEED, "", WUHOU)  # a blank line carries nothing
    assert [e.report_id for e in read_catalog(tmp_path)] == ["110119-2023", "510107-2024"]


def test_an_unclosed_quote_stops_at_its_line_instead_of_swallowing_the_rows_after_it(tmp_path):
    broken = '110119-2023,000_c4f1182ef43108cd.txt,北京市延庆区,2023,"seed (unclosed,2026-11-26T16:47:14+00:00'
    write(tmp_path, HEADER, broken, WUHOU)
    refused(tmp_path, 2, "quote", "not closed")


def test_short_and_long_rows(tmp_path):
    write(tmp_path, HEADER, SEED, "510107-2024,wuhou.txt,四川省成都市武侯区")
    refused(tmp_path, 3, "too few fields", "3 instead of 6")
    write(tmp_path, HEADER, SEED + ",extra")
    refused(tmp_path, 2, "too many fields", "7 instead of 6")


def test_unknown_missing_or_reordered_columns(tmp_path):
    write(tmp_path, HEADER + ",licence", SEED + ",cc-by")
    refused(tmp_path, 1, "unknown column(s) 'licence'")
    write(tmp_path, "report_id,source,region,report_year,notes", "110119-2023,a.txt,北京市延庆区,2023,")
    refused(tmp_path, 1, "missing column(s) added_at")
    write(tmp_path, "source,report_id,region,report_year,notes,added_at", SEED)
    refused(tmp_path, 1, "out of order")


def test_a_byte_order_mark_is_named(tmp_path):
    write(tmp_path, HEADER, SEED, prefix=b"\xef\xbb\xbf")
    refused(tmp_path, 1, "byte-order mark")


def test_bytes_that_are_not_utf8(tmp_path):
    catalog_path(tmp_path).write_bytes((HEADER + "\n").encode() + "110119-2023,a.txt,北京市延庆区,2023,,\n".encode("gbk"))
    refused(tmp_path, 2, "not UTF-8")


def test_duplicate_report_ids_and_sources(tmp_path):
    write(tmp_path, HEADER, SEED, SEED.replace("000_c4f1182ef43108cd.txt", "other.txt"))
    refused(tmp_path, 3, "duplicate report id 110119-2023", "line 2")
    write(tmp_path, HEADER, SEED, SEED.replace("2023", "2024", 2).replace(",2024,", ",2024,"))
    refused(tmp_path, 3, "duplicate source 000_c4f1182ef43108cd.txt")


@pytest.mark.parametrize(
    "source, words",
    [
        ("../outside.txt", ("leaves the raw dir",)),
        ("sub/../../outside.txt", ("leaves the raw dir",)),
        ("/etc/passwd", ("absolute path",)),
        ("~/report.txt", ("absolute path",)),
        ("ftp://example.gov.cn/r.html", ("neither an http(s) URL",)),
        ("http://user:secret@example.gov.cn/r.html", ("credentials",)),
    ],
)
def test_a_source_outside_raw_is_refused(tmp_path, source, words):
    write(tmp_path, HEADER, f"110119-2023,{source},北京市延庆区,2023,,")
    message = refused(tmp_path, 2, *words)
    assert "secret" not in message


def test_a_symbolic_link_out_of_raw_is_refused(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "outside.txt", raw / "inside.txt")
    write(raw, HEADER, "110119-2023,inside.txt,北京市延庆区,2023,,")
    refused(raw, 2, "resolves outside the raw dir")


def test_a_report_id_contradicting_its_region_or_year(tmp_path):
    write(tmp_path, HEADER, "110119-2023,a.txt,北京市延庆区,2024,,")
    refused(tmp_path, 2, "report id 110119-2023 contradicts report_year 2024")
    write(tmp_path, HEADER, "110105-2023,a.txt,北京市延庆区,2023,,")
    refused(tmp_path, 2, "report id 110105-2023 contradicts region 北京市延庆区 (code 110119)")
    write(tmp_path, HEADER, "110119-1950,a.txt,北京市延庆区,1950,,")
    refused(tmp_path, 2, "outside 1978..")
    write(tmp_path, HEADER, "yanqing,a.txt,北京市延庆区,2023,,")
    refused(tmp_path, 2, "report id 'yanqing'")
    write(tmp_path, HEADER, "110119-2023,a.txt,北京市延庆区,twenty,,")
    refused(tmp_path, 2, "'twenty' is not a year")


def test_a_broken_catalog_stops_the_run_and_add_naming_the_line(workspace, capsys):
    path = workspace.raw / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + "110119-2024,x.txt\n", encoding="utf-8")
    before = path.read_bytes()
    assert cli(["add", str(PAGES_DIR / "wuhou_2024_pdf.txt")]) == 1
    err = capsys.readouterr().err
    assert f"{path} line 3: too few fields" in err
    assert path.read_bytes() == before  # nothing rewritten, no row lost


def test_rewrites_keep_the_mode_and_are_atomic(tmp_path):
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "wuhou.txt")
    write(tmp_path, HEADER, SEED)
    shutil.copy(Path(__file__).parent.parent / "raw" / "000_c4f1182ef43108cd.txt", tmp_path)
    os.chmod(catalog_path(tmp_path), 0o664)
    register_source(tmp_path, "wuhou.txt")
    assert stat.S_IMODE(catalog_path(tmp_path).stat().st_mode) == 0o664
    assert [e.report_id for e in read_catalog(tmp_path)] == ["110119-2023", "510107-2024"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sources-")]  # no temporary file left


def test_a_new_catalog_gets_the_umask_mode_not_0600(tmp_path):
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "wuhou.txt")
    old = os.umask(0o022)
    try:
        register_source(tmp_path, "wuhou.txt")
    finally:
        os.umask(old)
    assert stat.S_IMODE(catalog_path(tmp_path).stat().st_mode) == 0o644


def test_notes_with_line_breaks_stay_on_one_line(tmp_path):
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "wuhou.txt")
    register_source(tmp_path, "wuhou.txt", notes='two\nlines, a "quote"')
    assert read_catalog(tmp_path)[0].notes == 'two lines, a "quote"'
    assert len(catalog_path(tmp_path).read_text(encoding="utf-8").splitlines()) == 2


# --- checks at the door ------------------------------------------------------------------------


def test_an_implausible_year_is_refused_at_once(tmp_path, capsys):
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "wuhou.txt")
    with pytest.raises(CatalogError, match=r"report year 24 is outside 1978\.\.\d{4}"):
        register_source(tmp_path, "wuhou.txt", report_year=24)
    assert cli(["add", str(tmp_path / "wuhou.txt"), "--raw-dir", str(tmp_path), "--report-year", "3024"]) == 1
    assert "report year 3024 is outside 1978.." in capsys.readouterr().err
    assert read_catalog(tmp_path) == []


def test_contradictions_are_warned_with_both_values(tmp_path, capsys):
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "wuhou.txt")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        entry, _ = register_source(tmp_path, "wuhou.txt", region="北京市延庆区", report_year=2022)
    said = " ".join(str(w.message) for w in caught if issubclass(w.category, ReportWarning))
    assert "北京市延庆区 (110119)" in said and "四川省成都市武侯区 (510107)" in said
    assert "the given report year 2022 contradicts the text, which gives 2024" in said
    assert entry.report_id == "110119-2022"  # the given values still win

    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "w2.txt")
    cli(["add", str(tmp_path / "w2.txt"), "--raw-dir", str(tmp_path), "--report-year", "2021"])
    assert "warning: " in capsys.readouterr().err


def test_local_files_are_checked_like_fetched_pages(tmp_path, monkeypatch):
    (tmp_path / "tiny.txt").write_text("北京市延庆区2023年政府工作报告", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"tiny.txt: empty or tiny file \(\d+ bytes\)"):
        register_source(tmp_path, "tiny.txt", region="北京市延庆区", report_year=2023)
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "wuhou.txt")
    monkeypatch.setenv("GOVREPORT_MAX_BYTES", "500")
    with pytest.raises(CatalogError, match=r"wuhou.txt: too large: \d+ bytes, the limit is 500"):
        register_source(tmp_path, "wuhou.txt")
    assert read_catalog(tmp_path) == []
