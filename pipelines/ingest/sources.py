"""Getting a catalog entry's raw bytes: fetch a URL into an immutable raw version, or take a
file already in raw/."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.errors import PaginationError
from pipelines.ingest.catalog import read_local_file
from pipelines.ingest.links import fetch_article
from pipelines.ingest.store import store_article


@dataclass(frozen=True)
class RawPage:
    report_id: str
    source: str
    path: str  # the raw version the document is read from
    sha256: str
    content_type: str | None
    is_new: bool  # a new raw version was written by this fetch
    more_paths: tuple[str, ...] = ()  # the raw versions of pages 2..N of a multi-page article


def acquire(raw_dir: Path, entry: Any) -> RawPage:
    """Fetch a URL source with the following pages of a multi-page article (keeping a new version
    of a page only when it changed) or read a file source. A PaginationError (a missing page, a
    loop) is raised after the pages fetched before it are kept."""
    if entry.is_url:
        try:
            pages = fetch_article(entry.source)
        except PaginationError as exc:
            store_article(raw_dir, entry.report_id, exc.pages)
            raise
        stored = store_article(raw_dir, entry.report_id, pages)
        first = stored[0]
        return RawPage(
            entry.report_id,
            entry.source,
            str(first.path),
            first.sha256 if len(stored) == 1 else hashlib.sha256("".join(s.sha256 for s in stored).encode()).hexdigest(),
            pages[0].content_type,
            any(s.is_new for s in stored),
            tuple(str(s.path) for s in stored[1:]),
        )
    path = (raw_dir / entry.source).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: listed in {raw_dir / 'sources.csv'} but missing")
    digest = hashlib.sha256(read_local_file(path, source=entry.source)).hexdigest()
    return RawPage(entry.report_id, entry.source, str(path), digest, None, False)
