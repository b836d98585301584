"""pipelines.ingest.catalog: raw/sources.csv, registration (pipelines.runner.register_source), discover_local_files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from httpserver import PAGES_DIR

from pipelines.errors import CatalogError, FetchError
from pipelines.ingest.catalog import catalog_path, discover_local_files, read_catalog
from pipelines.ingest.fetch import fetch
from pipelines.ingest.store import latest_version, list_versions
from pipelines.runner import register_source

ROOT = Path(__file__).resolve().parent.parent


def fast_fetch(url):
    return fetch(url, timeout=1.0, retries=0)


def test_committed_catalog_registers_the_seed():
    entries = read_catalog(ROOT / "raw")
    seed = [e for e in entries if e.source == "000_c4f1182ef43108cd.txt"]
    assert len(seed) == 1
    e = seed[0]
    assert (e.report_id, e.region, e.report_year, e.region_code) == ("110119-2023", "北京市延庆区", 2023, "110119")
    assert e.path(ROOT / "raw").is_file() and not e.is_url
    assert e.source not in [p.name for p in discover_local_files(ROOT / "raw")]


def test_add_local_file_in_raw_reads_region_and_year(tmp_path):
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "wuhou.txt")
    assert [p.name for p in discover_local_files(tmp_path)] == ["wuhou.txt"]
    entry, added = register_source(tmp_path, str(tmp_path / "wuhou.txt"), notes="synthetic")
    assert added
    assert (entry.report_id, entry.source, entry.region, entry.report_year, entry.notes) == (
        "510107-2024", "wuhou.txt", "四川省成都市武侯区", 2024, "synthetic"
    )
    assert entry.added_at.endswith("+00:00")
    assert read_catalog(tmp_path) == [entry]
    assert discover_local_files(tmp_path) == []
    header = catalog_path(tmp_path).read_text(encoding="utf-8").splitlines()[0]
    assert header == "report_id,source,region,report_year,notes,added_at"


def test_same_source_twice_is_a_noop(tmp_path):
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "wuhou.txt")
    first, added = register_source(tmp_path, "wuhou.txt")
    before = catalog_path(tmp_path).read_bytes()
    again, added_again = register_source(tmp_path, str(tmp_path / "wuhou.txt"))
    assert added and not added_again and again == first
    assert catalog_path(tmp_path).read_bytes() == before


def test_file_outside_raw_is_copied_in(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    outside = tmp_path / "incoming" / "linan.html"
    outside.parent.mkdir()
    shutil.copy(PAGES_DIR / "linan_2024_big5.html", outside)
    entry, added = register_source(raw, str(outside))
    assert added and entry.source == "linan.html" and entry.report_id == "330112-2024"
    assert (raw / "linan.html").read_bytes() == outside.read_bytes()
    assert register_source(raw, str(outside)) == (entry, False)


def test_arguments_override_the_document(tmp_path):
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "w.txt")
    entry, _ = register_source(tmp_path, "w.txt", region="延庆县", report_year=2015)
    assert (entry.report_id, entry.region, entry.report_year) == ("110119-2015", "北京市延庆区", 2015)


def test_missing_region_and_year_is_a_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("这是一份会议纪要,没有标题和日期。\n" * 20, encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        register_source(tmp_path, "notes.txt")
    msg = str(err.value)
    assert "notes.txt" in msg and "no region and no report year" in msg and "--region" in msg
    assert read_catalog(tmp_path) == []
    assert register_source(tmp_path, "notes.txt", region="北京市延庆区", report_year=2023)[1]


def test_unknown_or_ambiguous_region_argument(tmp_path):
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "w.txt")
    with pytest.raises(CatalogError, match="w.txt: unknown or ambiguous region '朝阳区'"):
        register_source(tmp_path, "w.txt", region="朝阳区", report_year=2024)


def test_report_id_conflict(tmp_path):
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "a.txt")
    shutil.copy(PAGES_DIR / "wuhou_2024_pdf.txt", tmp_path / "b.txt")
    register_source(tmp_path, "a.txt")
    with pytest.raises(CatalogError, match="report 510107-2024 .* already registered from a.txt"):
        register_source(tmp_path, "b.txt")


def test_missing_or_unsupported_file(tmp_path):
    with pytest.raises(CatalogError, match="no such file"):
        register_source(tmp_path, "nope.html")
    (tmp_path / "r.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CatalogError, match="only .html, .htm, .txt, .pdf, .docx, .doc files"):
        register_source(tmp_path, "r.xls")


def test_add_url_fetches_metadata_and_keeps_the_first_version(http_server, tmp_path):
    url = http_server.url("/pages/changan_2024_utf8.html")
    entry, added = register_source(tmp_path, url, fetcher=fast_fetch)
    assert added and entry.is_url and (entry.source, entry.report_id) == (url, "130102-2024")
    v = latest_version(tmp_path, "130102-2024")
    assert v is not None and v.metadata()["url"] == url
    assert register_source(tmp_path, url, fetcher=fast_fetch) == (entry, False)
    assert http_server.hits["/pages/changan_2024_utf8.html"] == 1  # the no-op does not fetch


def test_add_url_with_region_and_year_still_fetches_it(http_server, tmp_path):
    url = http_server.url("/pages/changan_2023_gbk.html")
    entry, added = register_source(tmp_path, url, region="石家庄市长安区", report_year=2023, fetcher=fast_fetch)
    assert added and entry.report_id == "130102-2023"
    assert http_server.hits["/pages/changan_2023_gbk.html"] == 1 and len(list_versions(tmp_path, "130102-2023")) == 1

    dead = http_server.url("/gone")
    with pytest.raises(FetchError, match="404"):
        register_source(tmp_path, dead, region="北京市延庆区", report_year=2021, fetcher=fast_fetch)
    assert [e.source for e in read_catalog(tmp_path)] == [url]


def test_two_years_of_one_region_and_another_region(http_server, tmp_path):
    ids = [
        register_source(tmp_path, http_server.url(f"/pages/{name}"), fetcher=fast_fetch)[0].report_id
        for name in ("changan_2024_utf8.html", "changan_2023_gbk.html", "linan_2024_big5.html")
    ]
    assert ids == ["130102-2024", "130102-2023", "330112-2024"]
    assert [e.report_id for e in read_catalog(tmp_path)] == ids


def test_failed_fetch_registers_nothing(http_server, tmp_path):
    with pytest.raises(FetchError, match="HTTP 404"):
        register_source(tmp_path, http_server.url("/gone"), fetcher=fast_fetch)
    assert read_catalog(tmp_path) == [] and not catalog_path(tmp_path).exists()
