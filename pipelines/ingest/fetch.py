"""Fetch one report page over HTTP(S), politely and defensively.

``fetch`` returns the raw bytes with their headers, or raises ``FetchError`` whose message names the
URL and the problem. It never writes anything: storing is ``pipelines.ingest.store``.
"""

from __future__ import annotations

import os
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import httpx

from pipelines.errors import FetchError

USER_AGENT = "govreport/0.1 (+research pipeline)"
DEFAULT_TIMEOUT = 20.0  # seconds, for connect / read / write / pool each
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_RETRIES = 3  # attempts after the first one, on 5xx / 429 / timeouts / connection errors
DEFAULT_BACKOFF = 1.0  # seconds; waits backoff, 2*backoff, 4*backoff ...
MAX_REDIRECTS = 5
MIN_BYTES = 200  # a response body smaller than this is an empty or tiny page
ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/pdf",
    "application/x-pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",  # .docx
    "application/msword",  # .doc: accepted here, refused with advice by the text stage
)
# bytes that tell a document whatever its Content-Type says (octet-stream downloads of PDF / Word)
DOCUMENT_SIGNATURES = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
DEFAULT_DEADLINE = 120.0  # seconds for the whole fetch: every attempt, redirect, read and backoff


def max_document_bytes() -> int:
    """The size limit of one document, fetched or local (GOVREPORT_MAX_BYTES, default 20 MiB)."""
    return int(os.environ.get("GOVREPORT_MAX_BYTES") or DEFAULT_MAX_BYTES)


def fetch_deadline() -> float:
    """The overall deadline of one fetch (GOVREPORT_FETCH_DEADLINE seconds, default 120)."""
    return float(os.environ.get("GOVREPORT_FETCH_DEADLINE") or DEFAULT_DEADLINE)


# --- credentials: never stored, never published ---------------------------------------------


def has_credentials(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.username is not None or parts.password is not None


def strip_credentials(url: str) -> str:
    """``url`` without its ``user:password@`` part (the form that is stored, logged and published)."""
    parts = urlsplit(url.strip())
    if parts.username is None and parts.password is None:
        return url.strip()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def credentials_for(url: str) -> tuple[str, str] | None:
    """Credentials for ``url``: those written in it, else ``GOVREPORT_HTTP_CREDENTIALS``
    (``host=user:password`` pairs separated by spaces or ``;``), the one place they are kept."""
    parts = urlsplit(url.strip())
    if parts.username is not None:
        return unquote(parts.username), unquote(parts.password or "")
    host = (parts.hostname or "").lower()
    for pair in os.environ.get("GOVREPORT_HTTP_CREDENTIALS", "").replace(";", " ").split():
        name, _, secret = pair.partition("=")
        if name.lower() == host and secret:
            user, _, password = secret.partition(":")
            return user, password
    return None


@dataclass(frozen=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after (same-host) redirects
    status: int
    headers: dict[str, str]  # response headers, lower-case names
    content: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def is_http_url(source: str) -> bool:
    return urlsplit(source.strip()).scheme.lower() in ("http", "https")


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}")
    if not parts.hostname:
        raise FetchError(url, "the URL has no host")


def _check_content_type(url: str, content_type: str | None, content: bytes) -> None:
    media = (content_type or "").split(";")[0].strip().lower()
    if media in ACCEPTED_TYPES:
        return
    if content.lstrip()[:8].startswith(DOCUMENT_SIGNATURES):
        return  # a PDF or Word file served as application/octet-stream or the like
    if not media:  # no header: accept what looks like markup or text
        head = content[:1024].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
            return
        raise FetchError(url, "no Content-Type and the body does not look like HTML")
    raise FetchError(
        url, f"not a report document: Content-Type {media!r} (HTML, plain text, PDF and Word are accepted)"
    )


def _check_not_tiny(url: str, result: FetchResult) -> None:
    if len(result.content) < MIN_BYTES:
        raise FetchError(url, f"empty or tiny page ({len(result.content)} bytes)", status=result.status)


class _Deadline(Exception):
    pass


def _check_deadline(deadline_at: float | None) -> None:
    if deadline_at is not None and time.monotonic() > deadline_at:
        raise _Deadline()


def _read_limited(url: str, response: httpx.Response, max_bytes: int, deadline_at: float | None = None) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"too large: {int(declared)} bytes declared, the limit is {max_bytes}", status=response.status_code)
    chunks, size = [], 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(url, f"too large: more than {max_bytes} bytes", status=response.status_code)
            chunks.append(chunk)
            _check_deadline(deadline_at)  # a server trickling bytes never outlasts the deadline
    except httpx.DecodingError as exc:
        encoding = response.headers.get("content-encoding", "?")
        raise FetchError(
            url, f"the body cannot be decoded (Content-Encoding {encoding}: {exc})", status=response.status_code
        ) from exc
    return decode_x_gzip(url, b"".join(chunks), response.headers.get("content-encoding"), max_bytes)


def decode_x_gzip(url: str, body: bytes, content_encoding: str | None, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Undo ``Content-Encoding: x-gzip`` (the old name of gzip, which httpx leaves encoded);
    other encodings are httpx's. Raises FetchError naming the URL for a broken or oversized body."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    if "x-gzip" not in codings:
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, max_bytes + 1)
        if len(out) > max_bytes:
            raise FetchError(url, f"too large: more than {max_bytes} bytes once decompressed")
        if not inflater.eof:
            raise zlib.error("truncated gzip stream")
    except zlib.error as exc:
        raise FetchError(url, f"the body cannot be decoded (Content-Encoding x-gzip: {exc})") from exc
    return out


def _attempt(
    client: httpx.Client,
    url: str,
    max_bytes: int,
    deadline_at: float | None = None,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """One request, following same-host redirects by hand."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        _check_deadline(deadline_at)
        with client.stream("GET", current, headers=headers) as response:
            if response.is_redirect:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(url, f"redirect {response.status_code} without a Location", status=response.status_code)
                target = urljoin(current, location)
                if urlsplit(target).scheme.lower() not in ("http", "https"):
                    raise FetchError(url, f"redirect to a non-HTTP URL {target}", status=response.status_code)
                if _host(target) != _host(url):
                    raise FetchError(
                        url, f"redirect to another host ({urlsplit(target).hostname}) refused: {target}",
                        status=response.status_code,
                    )
                current = target
                continue
            if response.status_code >= 500 or response.status_code == 429:
                raise _Retryable(f"HTTP {response.status_code}", response.status_code)
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip(), status=response.status_code)
            if response.status_code == 304:  # a conditional request: unchanged since the last fetch
                return FetchResult(url, str(response.url), 304, {k.lower(): v for k, v in response.headers.items()}, b"")
            content = _read_limited(url, response, max_bytes, deadline_at)
            return FetchResult(
                url=url,
                final_url=strip_credentials(str(response.url)),
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                content=content,
            )
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


class _Retryable(Exception):
    def __init__(self, problem: str, status: int | None = None):
        super().__init__(problem)
        self.problem = problem
        self.status = status


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int | None = None,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    transport: httpx.BaseTransport | None = None,
    deadline: float | None = None,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """GET ``url`` and return its bytes, or raise ``FetchError`` naming the URL and the problem.

    * only ``http``/``https``; User-Agent ``govreport/0.1 (+research pipeline)``;
    * ``timeout`` seconds for connecting and for each read; ``retries`` more attempts with
      exponential ``backoff`` after 5xx, 429, timeouts and connection errors (4xx fails at once);
    * redirects followed only within the same host (``www.`` ignored), at most 5;
    * bodies over ``max_bytes`` are refused while streaming;
    * only ``text/html``, ``application/xhtml+xml``, ``text/plain``, PDF and Word are accepted
      (and bytes that are a PDF or Word file whatever their Content-Type);
    * ``Content-Encoding: x-gzip`` is decoded like gzip; a body that cannot be decoded is refused;
    * ``headers`` are added to the request (``If-None-Match`` / ``If-Modified-Since`` of a
      conditional request: a 304 answer comes back as a FetchResult with status 304 and no body);
    * an empty or tiny body (under 200 bytes) is refused; a page whose text is tiny is refused
      by the text stage (``pipelines.text.document.read_document``) when it is read;
    * the whole fetch (attempts, redirects, reads, backoff) ends by ``deadline`` seconds
      (default :func:`fetch_deadline`): a server trickling bytes fails with "deadline exceeded";
    * credentials in the URL (``user:password@``) or in ``GOVREPORT_HTTP_CREDENTIALS`` are sent
      as HTTP Basic auth and never appear in the result or in a message.
    """
    auth = credentials_for(url)
    url = strip_credentials(url)
    _check_url(url)
    limit = fetch_deadline() if deadline is None else deadline
    max_bytes = max_document_bytes() if max_bytes is None else max_bytes
    deadline_at = time.monotonic() + limit
    request_headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.1",
    }
    last: _Retryable | None = None
    with httpx.Client(
        headers=request_headers, timeout=httpx.Timeout(min(timeout, limit)), follow_redirects=False, transport=transport,
        auth=httpx.BasicAuth(*auth) if auth else None,
    ) as client:
        for attempt in range(retries + 1):
            if attempt:
                pause = backoff * 2 ** (attempt - 1)
                if time.monotonic() + pause > deadline_at:
                    break
                time.sleep(pause)
            try:
                result = _attempt(client, url, max_bytes, deadline_at, headers)
            except _Deadline:
                raise FetchError(url, f"deadline exceeded: the fetch took more than {limit:g}s (GOVREPORT_FETCH_DEADLINE)") from None
            except _Retryable as exc:
                last = exc
                continue
            except httpx.TimeoutException:
                last = _Retryable(f"timed out after {timeout:g}s")
                continue
            except httpx.TransportError as exc:
                last = _Retryable(f"connection failed ({type(exc).__name__}: {strip_credentials(str(exc))})")
                continue
            if result.status == 304:
                return result
            _check_content_type(url, result.content_type, result.content)
            _check_not_tiny(url, result)
            return result
    assert last is not None
    tries = retries + 1
    raise FetchError(url, f"{last.problem} ({tries} attempt{'s' if tries > 1 else ''})", status=last.status)
