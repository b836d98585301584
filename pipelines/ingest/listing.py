"""Listing pages: a government site's list of its work reports, and the catalog of the listings
the ``listings_sensor`` polls (``<raw dir>/listings.csv``).

``report_links`` reads a listing page's links (bytes and links only, lxml); ``discover`` follows
the listing's pagination, registers the new reports through a ``register`` callable (the
runner's ``register_source``) and says which links it skipped and why. ``poll_listing`` is one
polite poll of a listing (robots.txt, a per-host rate limit, a conditional request).
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import re
import tempfile
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path

import httpx

from pipelines.errors import CatalogError, FetchError, IngestError
from pipelines.ingest.catalog import read_catalog
from pipelines.ingest.fetch import DEFAULT_TIMEOUT, USER_AGENT, FetchResult, fetch
from pipelines.ingest.links import Link, host_of, next_page_url, page_links

LISTINGS_NAME = "listings.csv"
MAX_LISTING_PAGES = 10  # pages of one listing followed by one discover
MIN_HOST_INTERVAL = 2.0  # seconds between two requests to the same host (listings sensor)

_REPORT_TITLE = re.compile(r"政府工作(?:报告|報告)")
_NOT_THE_REPORT = re.compile(r"解读|解讀|图解|圖解|问答|答记者问|一图|学习|辅导|新闻发布|视频|直播|摘要|摘登|要点|意见建议|征求")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?")
_CN_YEAR = re.compile(r"([二][〇○零][〇○零一二三四五六七八九]{2})\s*年")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}


@dataclass(frozen=True)
class ReportLink:
    url: str
    title: str
    year: int


def title_year(title: str) -> int | None:
    """The year a link's title names (2024年, 二〇二四年, or a bare 2024), else None."""
    if m := _CN_YEAR.search(title):
        return int("".join(_CN_DIGITS[c] for c in m.group(1)))
    if m := _YEAR.search(title):
        return int(m.group(1))
    return None


def classify_link(link: Link) -> tuple[ReportLink | None, str | None]:
    """``(ReportLink, None)`` for a link to a work report (its title names 政府工作报告 and a year
    and it is not an interpretation, summary or news about it), else ``(None, reason)``; reason
    None for links that are not about a work report at all (navigation, other documents)."""
    if not _REPORT_TITLE.search(link.text):
        return None, None
    if _NOT_THE_REPORT.search(link.text):
        return None, f"not the report itself: {link.text}"
    year = title_year(link.text)
    if year is None:
        return None, f"no year in the title: {link.text}"
    return ReportLink(link.url, link.text, year), None


def report_links(data: bytes, url: str, content_type: str | None = None) -> tuple[list[ReportLink], list[tuple[str, str]]]:
    """The work-report links of one listing page (same host only, first occurrence of each URL)
    and the skipped ones as ``(url, reason)``."""
    found: dict[str, ReportLink] = {}
    skipped: list[tuple[str, str]] = []
    for link in page_links(data, url, content_type):
        report, reason = classify_link(link)
        if report is None:
            if reason:
                skipped.append((link.url, reason))
            continue
        if host_of(link.url) != host_of(url):
            skipped.append((link.url, f"on another host ({host_of(link.url)}) than the listing"))
            continue
        found.setdefault(report.url, report)
    return list(found.values()), skipped


@dataclass
class Discovery:
    listing: str
    pages: list[str] = field(default_factory=list)  # the listing pages read
    added: list[tuple[str, str]] = field(default_factory=list)  # (url, report_id)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)


def discover(
    listing_url: str,
    register: Callable[..., tuple],
    *,
    raw_dir: Path | str,
    fetcher: Callable[[str], FetchResult] = fetch,
    max_pages: int = MAX_LISTING_PAGES,
    first_page: FetchResult | None = None,
) -> Discovery:
    """Read a listing page and its following pages, register every new work-report link with
    ``register(url, report_year=None)`` (which returns ``(entry, added)``) and tell the rest.

    A link already in the catalog, a link whose page cannot be registered (the error's message),
    a link that is not a report or has no year is in ``skipped`` with its reason. Raises
    FetchError when the listing's first page cannot be fetched; a following listing page that
    fails ends the pagination (in ``skipped``)."""
    result = Discovery(listing_url)
    known = {e.source for e in read_catalog(raw_dir)}
    page = first_page or fetcher(listing_url)
    seen_pages = {listing_url}
    links: dict[str, ReportLink] = {}
    while True:
        result.pages.append(page.final_url)
        found, skipped = report_links(page.content, page.final_url, page.content_type)
        for link in found:
            links.setdefault(link.url, link)
        result.skipped.extend(s for s in skipped if s not in result.skipped)
        following = next_page_url(page.content, page.final_url, page.content_type)
        if following is None or following in seen_pages or len(result.pages) >= max_pages:
            break
        seen_pages.add(following)
        try:
            page = fetcher(following)
        except FetchError as exc:
            result.skipped.append((following, f"listing page not read: {exc}"))
            break
    for link in links.values():
        if link.url in known:
            result.skipped.append((link.url, "already in the catalog"))
            continue
        try:
            entry, added = register(link.url)
        except (IngestError, OSError, ValueError) as exc:
            result.skipped.append((link.url, str(exc)))
            continue
        if added:
            result.added.append((link.url, entry.report_id))
        else:
            result.skipped.append((link.url, f"already in the catalog as {entry.report_id}"))
    return result


# --- the catalog of listing pages -----------------------------------------------------------


@dataclass(frozen=True)
class ListingEntry:
    url: str
    region: str = ""  # optional: the region the listing belongs to, as the user named it
    notes: str = ""
    added_at: str = ""


LISTING_COLUMNS = [f.name for f in fields(ListingEntry)]


def listings_path(raw_dir: Path | str) -> Path:
    return Path(raw_dir) / LISTINGS_NAME


def read_listings(raw_dir: Path | str) -> list[ListingEntry]:
    """The registered listing pages (empty when raw/listings.csv does not exist). Raises
    CatalogError naming the file and line for a row without a URL."""
    path = listings_path(raw_dir)
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i, row in enumerate(rows, start=2):
        url = (row.get("url") or "").strip()
        if not url.lower().startswith(("http://", "https://")):
            raise CatalogError(f"{path} line {i}: malformed row {row!r} (no http(s) url)", source=str(path))
        out.append(ListingEntry(url, (row.get("region") or "").strip(), (row.get("notes") or "").strip(), (row.get("added_at") or "").strip()))
    return out


def add_listing(raw_dir: Path | str, url: str, *, region: str = "", notes: str = "") -> tuple[ListingEntry, bool]:
    """Register a listing page in raw/listings.csv (atomic rewrite under a lock); the same URL
    again is a no-op. Returns ``(entry, added)``."""
    raw_dir = Path(raw_dir)
    raw_dir.mkdir(parents=True, exist_ok=True)
    url = url.strip()
    with open(raw_dir / ".listings.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        entries = read_listings(raw_dir)
        for e in entries:
            if e.url == url:
                return e, False
        entry = ListingEntry(url, region or "", notes or "", datetime.now(timezone.utc).replace(microsecond=0).isoformat())
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=LISTING_COLUMNS, lineterminator="\n")
        w.writeheader()
        for e in [*entries, entry]:
            w.writerow(asdict(e))
        fd, tmp = tempfile.mkstemp(dir=raw_dir, prefix=".listings-", suffix=".csv")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(buf.getvalue())
        os.replace(tmp, listings_path(raw_dir))
        return entry, True


# --- polite polling -------------------------------------------------------------------------


class HostRateLimiter:
    """At most one request per ``interval`` seconds to each host: ``wait(url)`` sleeps as needed."""

    def __init__(self, interval: float = MIN_HOST_INTERVAL, *, clock=time.monotonic, sleep=time.sleep):
        self.interval = interval
        self._last: dict[str, float] = {}
        self._clock, self._sleep = clock, sleep

    def wait(self, url: str) -> float:
        """Sleep until the host of ``url`` may be asked again; returns the seconds slept."""
        host = host_of(url)
        now = self._clock()
        due = self._last.get(host, float("-inf")) + self.interval
        slept = 0.0
        if now < due:
            slept = due - now
            self._sleep(slept)
            now = self._clock()
        self._last[host] = now
        return slept


def robots_allows(url: str, *, timeout: float = DEFAULT_TIMEOUT, cache: dict | None = None) -> bool:
    """Whether the site's robots.txt lets ``govreport`` fetch ``url`` (urllib.robotparser). No
    robots.txt (4xx) allows everything; one that cannot be fetched (5xx, network) allows nothing,
    as robotparser does."""
    parts = httpx.URL(url)
    robots_url = f"{parts.scheme}://{parts.netloc.decode()}/robots.txt"
    cache = {} if cache is None else cache
    if robots_url not in cache:
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = httpx.get(robots_url, headers={"User-Agent": USER_AGENT}, timeout=timeout, follow_redirects=True)
        except httpx.HTTPError:
            parser.disallow_all = True
        else:
            if response.status_code >= 500:
                parser.disallow_all = True
            elif response.status_code >= 400:
                parser.allow_all = True
            else:
                parser.parse(response.text.splitlines())
        cache[robots_url] = parser
    return cache[robots_url].can_fetch(USER_AGENT, url)


@dataclass(frozen=True)
class PollResult:
    url: str
    status: str  # changed | unchanged | disallowed
    page: FetchResult | None  # the listing's first page when changed
    validators: dict[str, str]  # etag / last_modified to send next time


def poll_listing(
    url: str,
    validators: dict[str, str] | None = None,
    *,
    limiter: HostRateLimiter | None = None,
    robots_cache: dict | None = None,
    fetcher: Callable[..., FetchResult] = fetch,
) -> PollResult:
    """One polite look at a listing page: robots.txt first, the per-host rate limit, then a
    conditional GET with the ``etag`` / ``last_modified`` of the last poll (a 304 is
    ``unchanged``). Raises FetchError naming the URL when the listing cannot be fetched."""
    validators = dict(validators or {})
    if not robots_allows(url, cache=robots_cache):
        return PollResult(url, "disallowed", None, validators)
    if limiter is not None:
        limiter.wait(url)
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    page = fetcher(url, headers=headers)
    fresh = {k: v for k, v in (("etag", page.headers.get("etag")), ("last_modified", page.headers.get("last-modified"))) if v}
    if page.status == 304:
        return PollResult(url, "unchanged", None, {**validators, **fresh})
    return PollResult(url, "changed", page, fresh)


def polite_fetcher(
    limiter: HostRateLimiter, robots_cache: dict | None = None, fetcher: Callable[..., FetchResult] = fetch
) -> Callable[..., FetchResult]:
    """A fetch that asks robots.txt first and keeps the per-host rate limit (for the sensor's
    listing pages and the reports they link); a URL robots.txt disallows raises FetchError."""
    cache = {} if robots_cache is None else robots_cache

    def get(url: str, **kwargs) -> FetchResult:
        if not robots_allows(url, cache=cache):
            raise FetchError(url, "disallowed by the site's robots.txt")
        limiter.wait(url)
        return fetcher(url, **kwargs)

    return get
