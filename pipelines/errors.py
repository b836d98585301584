"""Ingest error classes. Each carries the pipeline stage it belongs to and the source it concerns,
so the Dagster assets can record them in ``landing.ingest_errors`` (source, report_id, stage,
message) without parsing messages."""

from __future__ import annotations


class IngestError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing message naming the source."""

    stage = "ingest"

    def __init__(self, message: str, *, source: str | None = None, report_id: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.report_id = report_id


class FetchError(IngestError):
    """An HTTP fetch failed or returned something that is not a report page (404, 5xx after
    retries, timeout, redirect to another host, non-HTML content, too large, empty or tiny)."""

    stage = "ingest"

    def __init__(self, url: str, problem: str, *, status: int | None = None, report_id: str | None = None):
        super().__init__(f"fetch {url}: {problem}", source=url, report_id=report_id)
        self.url = url
        self.problem = problem
        self.status = status


class DecodeError(IngestError, ValueError):
    """The bytes could not be decoded as text."""

    stage = "text"


class CatalogError(IngestError):
    """A source could not be registered (no region or year, unknown region, conflicting report id)."""

    stage = "ingest"


class StoreError(IngestError):
    """The raw store refused a write (it never overwrites)."""

    stage = "ingest"


class DocumentError(IngestError, ValueError):
    """The document cannot be read or loaded as a work report; the message says why."""

    stage = "text"


class PaginationError(FetchError):
    """A multi-page article could not be fetched whole (a page failed, or the next-page links loop);
    ``pages`` holds the FetchResults fetched before the failure, in order (kept as raw versions)."""

    def __init__(self, url: str, problem: str, *, pages: list | None = None, status: int | None = None):
        super().__init__(url, problem, status=status)
        self.pages = list(pages or [])


class ReportWarning(UserWarning):
    """A document was read, but something deserves a look (a given year or region contradicting
    the text); the message names the source."""
