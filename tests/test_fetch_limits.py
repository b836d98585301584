"""An overall deadline per fetch (a trickling server on 127.0.0.1), the catalog lock released
after it, and credentials that are used but never stored."""

from __future__ import annotations

import base64
import fcntl
import json
import time

import pytest
from httpserver import Route

from pipelines.cli import main as cli
from pipelines.errors import FetchError
from pipelines.ingest.catalog import read_catalog
from pipelines.ingest.fetch import credentials_for, fetch, strip_credentials
from pipelines.runner import register_source


def test_a_trickling_server_hits_the_deadline_with_a_named_error(http_server):
    url = http_server.route("/trickle", Route(body=b"<html>" + b"x" * 400 + b"</html>", trickle=0.5))
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(url, timeout=5, retries=0, deadline=2.0)
    elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed  # one byte every 0.5 s never times out a read: the deadline ends it
    assert str(err.value) == f"fetch {url}: deadline exceeded: the fetch took more than 2s (GOVREPORT_FETCH_DEADLINE)"


def test_add_from_a_trickling_server_fails_in_time_and_releases_the_catalog_lock(http_server, tmp_path, monkeypatch):
    url = http_server.route("/trickle", Route(body=b"<html>" + b"x" * 400 + b"</html>", trickle=2.0))
    monkeypatch.setenv("GOVREPORT_FETCH_DEADLINE", "3")
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline exceeded"):
        register_source(tmp_path, url, region="北京市延庆区", report_year=2023)
    assert time.monotonic() - started < 10
    with open(tmp_path / ".sources.lock", "a") as lock:  # the lock is free again, at once
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert read_catalog(tmp_path) == []


def test_strip_credentials():
    assert strip_credentials("http://user:secret@example.gov.cn:8080/a?b=1#c") == "http://example.gov.cn:8080/a?b=1#c"
    assert strip_credentials("https://token@example.gov.cn/a") == "https://example.gov.cn/a"
    assert strip_credentials("https://example.gov.cn/a") == "https://example.gov.cn/a"


def test_credentials_come_from_the_url_or_the_environment(monkeypatch):
    assert credentials_for("http://u:p%40ss@h.gov.cn/") == ("u", "p@ss")
    monkeypatch.setenv("GOVREPORT_HTTP_CREDENTIALS", "other.cn=a:b; h.gov.cn=me:pw")
    assert credentials_for("http://h.gov.cn/x") == ("me", "pw")
    assert credentials_for("http://nobody.cn/x") is None


def test_credentials_are_sent_but_never_stored(http_server, tmp_path, capsys):
    url = http_server.url("/pages/changan_2024_utf8.html").replace("http://", "http://reader:s3cr3t-pw@")
    assert cli(["add", url, "--raw-dir", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "s3cr3t-pw" not in out.out + out.err
    expected = "Basic " + base64.b64encode(b"reader:s3cr3t-pw").decode()
    assert http_server.authorizations[-1] == expected  # used for the fetch
    (entry,) = read_catalog(tmp_path)
    assert entry.source == http_server.url("/pages/changan_2024_utf8.html")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"s3cr3t-pw" not in path.read_bytes(), path
            assert b"reader" not in path.read_bytes() or path.suffix != ".json", path
    sidecar = next(tmp_path.rglob("*.json"))
    assert json.loads(sidecar.read_text(encoding="utf-8"))["url"] == entry.source


def test_a_failed_fetch_with_credentials_does_not_show_them(http_server):
    url = http_server.url("/gone").replace("http://", "http://u:hidden-pw@")
    with pytest.raises(FetchError) as err:
        fetch(url, retries=0)
    assert "hidden-pw" not in str(err.value) and "HTTP 404" in str(err.value)
