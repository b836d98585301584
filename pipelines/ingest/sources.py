"""Getting a catalog entry's raw bytes: fetch a URL into an immutable raw version, or take a
file already in raw/."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.ingest.fetch import fetch
from pipelines.ingest.store import store_version
from pipelines.ingest.catalog import read_local_file


@dataclass(frozen=True)
class RawPage:
    report_id: str
    source: str
    path: str  # the raw version the document is read from
    sha256: str
    content_type: str | None
    is_new: bool  # a new raw version was written by this fetch


def acquire(raw_dir: Path, entry: Any) -> RawPage:
    """Fetch a URL source (keeping a new version only when the page changed) or read a file source."""
    if entry.is_url:
        result = fetch(entry.source)
        stored = store_version(raw_dir, entry.report_id, result)
        return RawPage(entry.report_id, entry.source, str(stored.path), stored.sha256, result.content_type, stored.is_new)
    path = (raw_dir / entry.source).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: listed in {raw_dir / 'sources.csv'} but missing")
    digest = hashlib.sha256(read_local_file(path, source=entry.source)).hexdigest()
    return RawPage(entry.report_id, entry.source, str(path), digest, None, False)
