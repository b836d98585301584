"""Links of a fetched HTML page: next-page links of multi-page articles and listings, and the
pages of an article fetched in order.

Bytes and links only (lxml): no text extraction here, that is the text stage's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from pipelines.errors import FetchError, PaginationError
from pipelines.ingest.fetch import FetchResult, fetch

MAX_ARTICLE_PAGES = 30  # a longer chain of next-page links is refused as a loop
# the text of a next-page link (a bare ">" or "»" is too often "more" or a breadcrumb to count)
_NEXT_TEXT = re.compile(r"^\s*[\[【]?\s*(?:下一页|下页|下一頁|后页|後頁|next(?:\s*page)?)\s*[\]】]?\s*[>›»]*\s*$", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:\-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:\-]+)", re.I)
_GB_LABELS = {"gb2312", "gbk", "gb_2312-80", "cp936", "x-gbk", "euc-cn"}
# page N of a CMS article or listing: a.html -> a_2.html -> a_3.html; index.html -> index_1.html
_PAGED = re.compile(r"^(?P<stem>.*?)(?:_(?P<n>\d{1,3}))?(?P<ext>\.s?html?)$", re.I)


@dataclass(frozen=True)
class Link:
    url: str  # absolute, without fragment
    text: str  # the link's text, whitespace collapsed


def host_of(url: str) -> str:
    """The host without ``www.`` (same-host checks)."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def _encoding(data: bytes, content_type: str | None) -> str | None:
    m = _CHARSET.search(content_type or "") or _META_CHARSET.search(data[:4096])
    if not m:
        return None
    label = (m.group(1).decode("ascii", "ignore") if isinstance(m.group(1), bytes) else m.group(1)).lower()
    return "gb18030" if label in _GB_LABELS else label


def page_links(data: bytes, base_url: str, content_type: str | None = None) -> list[Link]:
    """Every ``<a href>`` of an HTML page as an absolute http(s) URL with its text, in page order
    (empty for bytes that are not HTML)."""
    import lxml.etree
    import lxml.html

    if not data.strip() or data.lstrip()[:5] == b"%PDF-":
        return []
    try:
        parser = lxml.html.HTMLParser(encoding=_encoding(data, content_type))
        tree = lxml.html.fromstring(data, parser=parser)
    except (lxml.etree.ParserError, LookupError, ValueError):
        return []
    out = []
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        absolute = urljoin(base_url, href)
        parts = urlsplit(absolute)
        if parts.scheme.lower() not in ("http", "https"):
            continue
        out.append(Link(urlunsplit(parts._replace(fragment="")), re.sub(r"\s+", " ", a.text_content()).strip()))
    return out


def numbered_next(url: str) -> str | None:
    """The CMS address of the page after ``url``: ``a.html`` -> ``a_2.html``, ``a_2.html`` ->
    ``a_3.html``, ``index.html`` -> ``index_1.html`` (listings count from 1 after index)."""
    parts = urlsplit(url)
    name = parts.path.rsplit("/", 1)[-1]
    m = _PAGED.match(name)
    if not m:
        return None
    n = m.group("n")
    if n is None:
        following = 1 if m.group("stem").lower() == "index" else 2
    else:
        following = int(n) + 1
    path = parts.path[: len(parts.path) - len(name)] + f"{m.group('stem')}_{following}{m.group('ext')}"
    return urlunsplit(parts._replace(path=path, query="", fragment=""))


def next_page_url(data: bytes, url: str, content_type: str | None = None) -> str | None:
    """The next page of a multi-page article or listing on the same host: the link whose text is
    ``下一页`` (``下页``, ``后页``, ``next``), else a link to the numbered next page
    (:func:`numbered_next`); None on the last page."""
    links = [link for link in page_links(data, url, content_type) if host_of(link.url) == host_of(url) and link.url != url]
    for link in links:
        if _NEXT_TEXT.match(link.text):
            return link.url
    expected = numbered_next(url)
    if expected and any(link.url == expected for link in links):
        return expected
    return None


def fetch_article(
    url: str, *, fetcher: Callable[[str], FetchResult] = fetch, max_pages: int = MAX_ARTICLE_PAGES
) -> list[FetchResult]:
    """The pages of an article, first page first, following next-page links on the same host.

    Raises FetchError when the first page fails, PaginationError (``.pages``: the pages fetched
    so far, to be kept) when a following page fails (a missing page) or the links loop back to a
    page already fetched, or the chain is longer than ``max_pages``."""
    first = fetcher(url)
    pages = [first]
    seen = {url, first.final_url}
    while True:
        current = pages[-1]
        following = next_page_url(current.content, current.final_url, current.content_type)
        if following is None:
            return pages
        if following in seen:
            raise PaginationError(
                url,
                f"the next-page links loop: page {len(pages)} ({current.final_url}) leads back to {following} "
                f"({len(pages)} page(s) fetched and kept)",
                pages=pages,
            )
        if len(pages) >= max_pages:
            raise PaginationError(url, f"more than {max_pages} pages of next-page links ({len(pages)} fetched and kept)", pages=pages)
        try:
            page = fetcher(following)
        except FetchError as exc:
            raise PaginationError(
                url,
                f"page {len(pages) + 1} of the article is missing: {exc.problem} ({len(pages)} page(s) fetched and kept)",
                pages=pages,
                status=exc.status,
            ) from exc
        seen.update({following, page.final_url})
        pages.append(page)
