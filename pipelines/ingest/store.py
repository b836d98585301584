"""Immutable raw versions of fetched pages under the raw dir.

Layout::

    raw/<report_id>/<UTC timestamp>_<sha8>.<ext>     the bytes exactly as received
    raw/<report_id>/<UTC timestamp>_<sha8>.json      url, final_url, status, headers, fetched_at, sha256

The timestamp (``20260126T164500.123456Z``) sorts versions in fetch order; the newest is the
current one. A fetch whose bytes equal the newest version writes nothing; any other fetch adds a
version beside the old ones. Files are created exclusively: nothing is ever overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.errors import StoreError
from pipelines.ingest.fetch import FetchResult

_VERSION = re.compile(r"^(?P<ts>\d{8}T\d{6}(?:\.\d{6})?Z)_(?P<sha8>[0-9a-f]{8})\.(?P<ext>[A-Za-z0-9]+)$")
_REPORT_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-]*$")


@dataclass(frozen=True)
class StoredVersion:
    path: Path  # the raw bytes
    sha256: str
    is_new: bool  # False when the fetch matched the newest stored version (nothing written)

    @property
    def sidecar(self) -> Path:
        return self.path.with_suffix(".json")

    def metadata(self) -> dict:
        """The sidecar's content (url, final_url, status, headers, fetched_at, sha256 ...)."""
        return json.loads(self.sidecar.read_text(encoding="utf-8"))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_SIGNATURE_EXT = ((b"%PDF-", "pdf"), (b"PK\x03\x04", "docx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"))
_MEDIA_EXT = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
}


def extension_for(result: FetchResult) -> str:
    """``pdf``, ``docx`` or ``doc`` from the bytes' signature or the Content-Type; else ``html`` or
    ``txt`` from the Content-Type, else from the URL's suffix, else ``html``."""
    media = (result.content_type or "").split(";")[0].strip().lower()
    head = result.content.lstrip()[:8]
    for signature, ext in _SIGNATURE_EXT:
        if head.startswith(signature):
            return ext
    if media in _MEDIA_EXT:
        return _MEDIA_EXT[media]
    if media == "text/plain":
        return "txt"
    if "html" in media:
        return "html"
    suffix = Path(urlsplit(result.final_url).path).suffix.lower().lstrip(".")
    return suffix if suffix in ("html", "htm", "txt", "pdf", "docx", "doc") else "html"


def _report_dir(raw_dir: Path | str, report_id: str) -> Path:
    if not _REPORT_ID.match(report_id):
        raise StoreError(f"invalid report id {report_id!r}", report_id=report_id)
    return Path(raw_dir) / report_id


def list_versions(raw_dir: Path | str, report_id: str) -> list[StoredVersion]:
    """All stored versions of a report, oldest first."""
    folder = _report_dir(raw_dir, report_id)
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        m = _VERSION.match(p.name)
        if not m or m.group("ext") == "json" or not p.with_suffix(".json").exists():
            continue
        meta = json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))
        out.append(StoredVersion(path=p, sha256=meta["sha256"], is_new=False))
    return out


def latest_version(raw_dir: Path | str, report_id: str) -> StoredVersion | None:
    """The newest stored version of a report, or None when it was never fetched."""
    versions = list_versions(raw_dir, report_id)
    return versions[-1] if versions else None


def _write_exclusive(path: Path, data: bytes) -> None:
    """Write via a temporary file and a hard link, so the final name appears complete or not at all
    and an existing file is never replaced."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError as exc:
            raise StoreError(f"refusing to overwrite {path}") from exc
    finally:
        os.unlink(tmp)


def store_version(raw_dir: Path | str, report_id: str, result: FetchResult) -> StoredVersion:
    """Keep ``result`` as a new immutable version of the report unless it equals the newest one."""
    sha = sha256_hex(result.content)
    latest = latest_version(raw_dir, report_id)
    if latest is not None and latest.sha256 == sha:
        return StoredVersion(path=latest.path, sha256=sha, is_new=False)
    folder = _report_dir(raw_dir, report_id)
    folder.mkdir(parents=True, exist_ok=True)
    fetched_at = result.fetched_at.astimezone(timezone.utc)
    stamp = fetched_at.strftime("%Y%m%dT%H%M%S.%fZ")
    if latest is not None and stamp <= latest.path.name[: len(stamp)]:  # clock went back: keep the order
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    path = folder / f"{stamp}_{sha[:8]}.{extension_for(result)}"
    sidecar = {
        "report_id": report_id,
        "url": result.url,
        "final_url": result.final_url,
        "status": result.status,
        "headers": dict(result.headers),
        "fetched_at": fetched_at.isoformat(),
        "sha256": sha,
        "size": len(result.content),
        "file": path.name,
    }
    _write_exclusive(path, result.content)
    # the sidecar is written last: a version without its sidecar is ignored by list_versions
    _write_exclusive(path.with_suffix(".json"), json.dumps(sidecar, ensure_ascii=False, indent=2).encode("utf-8"))
    return StoredVersion(path=path, sha256=sha, is_new=True)


def store_article(raw_dir: Path | str, report_id: str, pages: list[FetchResult]) -> list[StoredVersion]:
    """Keep every page of a multi-page article as a raw version: page 1 as the report's version
    (:func:`store_version`, as for a one-page report), page N under ``raw/<report_id>/page-N/``
    (each unchanged page writes nothing). Returns the stored versions in page order."""
    stored = [store_version(raw_dir, report_id, pages[0])] if pages else []
    for n, page in enumerate(pages[1:], start=2):
        stored.append(store_version(_report_dir(raw_dir, report_id), f"page-{n}", page))
    return stored
