"""pipelines.ingest.fetch and pipelines.ingest.store against a local HTTP server (127.0.0.1)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from httpserver import PAGES_DIR, Route

from pipelines.errors import FetchError
from pipelines.ingest.fetch import USER_AGENT, FetchResult, fetch
from pipelines.ingest.store import latest_version, list_versions, store_version
from pipelines.text.decode import document_text
from pipelines.text.metadata import find_metadata

pytestmark = pytest.mark.slow  # Dagster, dbt, the CLI in a subprocess or an HTTP server

FAST = {"timeout": 1.0, "retries": 1, "backoff": 0.01}


@pytest.mark.parametrize(
    "name, code, year, needle",
    [
        ("changan_2024_utf8.html", "130102", 2024, "一般公共预算收入完成31.2亿元,增长7.1%"),
        ("changan_2023_gbk.html", "130102", 2023, "地区生产总值完成485.1亿元,同比增长3.9%"),
        ("linan_2024_big5.html", "330112", 2024, "穩中向好態勢,發展質量持續提升"),
        ("wuhou_2024_pdf.txt", "510107", 2024, "一般公共预算收入完成60132.9亿元,增长77.8%"),
    ],
)
def test_fetch_fixture_pages(http_server, name, code, year, needle):
    url = http_server.url(f"/pages/{name}")
    result = fetch(url, **FAST)
    assert (result.url, result.final_url, result.status) == (url, url, 200)
    assert result.content == (PAGES_DIR / name).read_bytes()
    assert result.fetched_at.tzinfo is not None
    text = document_text(result.content, content_type=result.content_type, filename=result.final_url)
    assert needle in text
    meta = find_metadata(text)
    assert (meta.region.code, meta.report_year) == (code, year)


def test_honest_user_agent(http_server):
    fetch(http_server.url("/pages/changan_2024_utf8.html"), **FAST)
    assert http_server.user_agents == [USER_AGENT]


def test_same_host_redirect_followed(http_server):
    result = fetch(http_server.url("/moved"), **FAST)
    assert result.final_url == http_server.url("/pages/changan_2024_utf8.html")


def test_retry_after_5xx(http_server):
    result = fetch(http_server.url("/flaky"), **FAST)
    assert result.status == 200 and http_server.hits["/flaky"] == 2


@pytest.mark.parametrize(
    "path, problem",
    [
        ("/gone", "HTTP 404"),
        ("/error", "HTTP 500 (2 attempts)"),
        ("/elsewhere", "redirect to another host (localhost) refused"),
        ("/image.png", "not a report document: Content-Type 'image/png'"),
        ("/tiny", "empty or tiny page"),
    ],
)
def test_failures_name_url_and_problem(http_server, path, problem):
    url = http_server.url(path)
    with pytest.raises(FetchError) as err:
        fetch(url, **FAST)
    assert str(err.value).startswith(f"fetch {url}: ")
    assert problem in str(err.value)
    assert err.value.stage == "ingest" and err.value.source == url


def test_404_is_not_retried(http_server):
    with pytest.raises(FetchError):
        fetch(http_server.url("/gone"), **FAST)
    assert http_server.hits["/gone"] == 1


def test_other_host_is_never_contacted(http_server):
    with pytest.raises(FetchError):
        fetch(http_server.url("/elsewhere"), **FAST)
    assert sum(http_server.hits.values()) == 1


def test_timeout_is_retried_then_reported(http_server):
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0.3s \(2 attempts\)"):
        fetch(http_server.url("/slow"), timeout=0.3, retries=1, backoff=0.01)
    assert time.monotonic() - start < 3
    assert http_server.hits["/slow"] == 2


def test_size_limit(http_server):
    with pytest.raises(FetchError, match="too large"):
        fetch(http_server.url("/big"), max_bytes=100_000, **FAST)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x.html", "file:///etc/passwd", "/etc/passwd", "http:///nohost"])
def test_only_http_urls(url):
    with pytest.raises(FetchError, match="only http and https|no host"):
        fetch(url, **FAST)


# --- store ----------------------------------------------------------------------------------


def test_unchanged_refetch_writes_nothing_and_changed_page_adds_a_version(http_server, tmp_path):
    raw = tmp_path / "raw"
    page = (PAGES_DIR / "changan_2024_utf8.html").read_bytes()
    url = http_server.route("/report", Route(body=page, content_type="text/html; charset=utf-8"))

    first = store_version(raw, "130102-2024", fetch(url, **FAST))
    assert first.is_new and first.path.parent == raw / "130102-2024" and first.path.suffix == ".html"
    assert first.path.read_bytes() == page
    side = json.loads(first.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert side["url"] == url and side["final_url"] == url and side["status"] == 200
    assert side["sha256"] == first.sha256 and side["headers"]["content-type"] == "text/html; charset=utf-8"
    assert datetime.fromisoformat(side["fetched_at"]).tzinfo is not None

    files_before = sorted(p.name for p in (raw / "130102-2024").iterdir())
    again = store_version(raw, "130102-2024", fetch(url, **FAST))
    assert not again.is_new and again.path == first.path
    assert sorted(p.name for p in (raw / "130102-2024").iterdir()) == files_before

    changed = page.replace("512.3亿元".encode(), "515.0亿元".encode())
    http_server.route("/report", Route(body=changed, content_type="text/html; charset=utf-8"))
    second = store_version(raw, "130102-2024", fetch(url, **FAST))
    assert second.is_new and second.path != first.path and second.sha256 != first.sha256
    assert first.path.read_bytes() == page  # the old version is untouched
    assert [v.path for v in list_versions(raw, "130102-2024")] == [first.path, second.path]
    assert latest_version(raw, "130102-2024").path == second.path
    assert len(list((raw / "130102-2024").iterdir())) == 4  # two versions, two sidecars


def test_reverting_page_is_a_new_latest_version(tmp_path):
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    a = FetchResult("http://x.test/r", "http://x.test/r", 200, {"content-type": "text/plain"}, b"A" * 300, t0)
    b = FetchResult("http://x.test/r", "http://x.test/r", 200, {"content-type": "text/plain"}, b"B" * 300, t0 + timedelta(days=1))
    a2 = FetchResult("http://x.test/r", "http://x.test/r", 200, {"content-type": "text/plain"}, b"A" * 300, t0 + timedelta(days=2))
    for r in (a, b, a2):
        assert store_version(tmp_path, "110119-2023", r).is_new
    assert latest_version(tmp_path, "110119-2023").path.read_bytes() == b"A" * 300
    assert latest_version(tmp_path, "110119-2023").path.suffix == ".txt"
    assert len(list_versions(tmp_path, "110119-2023")) == 3


def test_latest_version_of_unknown_report(tmp_path):
    assert latest_version(tmp_path, "110119-2023") is None


def test_failed_fetch_leaves_raw_untouched(http_server, tmp_path):
    url = http_server.url("/pages/changan_2024_utf8.html")
    v = store_version(tmp_path, "130102-2024", fetch(url, **FAST))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(FetchError):
        store_version(tmp_path, "130102-2024", fetch(http_server.url("/error"), **FAST))
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    assert latest_version(tmp_path, "130102-2024").path == v.path


def test_a_page_of_furniture_only_is_refused_when_read(http_server, tmp_path):
    """The fetch checks bytes; the text stage refuses a page whose text is tiny once the page
    furniture is removed, before anything is registered."""
    from pipelines.errors import DocumentError
    from pipelines.ingest.catalog import read_catalog
    from pipelines.runner import register_source

    url = http_server.url("/furniture-only")
    with pytest.raises(DocumentError, match="furniture-only: (no text in the document|empty or tiny page)"):
        register_source(tmp_path, url, fetcher=lambda u: fetch(u, retries=0))
    assert read_catalog(tmp_path) == []
    assert not [p for p in tmp_path.iterdir() if p.is_dir()]  # no raw version kept
