"""The source catalog ``<raw dir>/sources.csv``: one row per report, committed with the project.

Columns: ``report_id,source,region,report_year,notes,added_at``. ``source`` is an http(s) URL or a
path relative to the raw dir. ``report_id`` is ``<region_code>-<report_year>``; the catalog's
region and year override what the document says about itself.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

from pipelines.errors import CatalogError, IngestError
from pipelines.ingest.fetch import FetchResult, fetch, is_http_url
from pipelines.ingest.store import sha256_hex, store_version
from pipelines.model import Region, report_year_problem

CATALOG_NAME = "sources.csv"
LOCAL_SUFFIXES = (".html", ".htm", ".txt", ".pdf", ".docx", ".doc")


@dataclass(frozen=True)
class CatalogEntry:
    report_id: str
    source: str  # URL, or a path relative to the raw dir
    region: str  # the region's full name (北京市延庆区)
    report_year: int
    notes: str = ""
    added_at: str = ""  # ISO 8601, UTC

    @property
    def region_code(self) -> str:
        return self.report_id.split("-")[0]

    @property
    def is_url(self) -> bool:
        return is_http_url(self.source)

    def path(self, raw_dir: Path | str) -> Path | None:
        """The local file of a path source (None for a URL)."""
        return None if self.is_url else Path(raw_dir) / self.source


COLUMNS = [f.name for f in fields(CatalogEntry)]


def catalog_path(raw_dir: Path | str) -> Path:
    return Path(raw_dir) / CATALOG_NAME


def make_report_id(region_code: str, report_year: int) -> str:
    return f"{region_code}-{int(report_year)}"


def read_catalog(raw_dir: Path | str) -> list[CatalogEntry]:
    """All catalog entries in file order (empty when the catalog does not exist yet)."""
    path = catalog_path(raw_dir)
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i, row in enumerate(rows, start=2):
        try:
            out.append(
                CatalogEntry(
                    report_id=row["report_id"].strip(),
                    source=row["source"].strip(),
                    region=(row.get("region") or "").strip(),
                    report_year=int(row["report_year"]),
                    notes=(row.get("notes") or "").strip(),
                    added_at=(row.get("added_at") or "").strip(),
                )
            )
        except (KeyError, ValueError, AttributeError) as exc:
            raise CatalogError(f"{path} line {i}: malformed row {row!r} ({exc})", source=str(path)) from exc
    return out


def _write_catalog(raw_dir: Path | str, entries: list[CatalogEntry]) -> None:
    path = catalog_path(raw_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for e in entries:
        w.writerow(asdict(e))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sources-", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    os.replace(tmp, path)  # the catalog is the one file that is rewritten, atomically


def _relative_to_raw(raw_dir: Path, path: Path) -> str | None:
    try:
        return path.resolve().relative_to(raw_dir.resolve()).as_posix()
    except ValueError:
        return None


def _copy_into_raw(raw_dir: Path, src: Path) -> str:
    """Copy a local file from outside the raw dir into it (top level); an identical file already
    there is reused, a different one with the same name gets a ``_<sha8>`` suffix."""
    data = src.read_bytes()
    target = raw_dir / src.name
    if target.exists() and target.read_bytes() != data:
        target = raw_dir / f"{src.stem}_{sha256_hex(data)[:8]}{src.suffix}"
    if not target.exists():
        raw_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    return target.name


def normalize_source(raw_dir: Path | str, source: str, *, copy: bool = False) -> str:
    """The catalog form of a source: the URL as given, or the path relative to the raw dir
    (a file outside the raw dir is copied in when ``copy`` is true)."""
    source = source.strip()
    if is_http_url(source):
        return source
    if "://" in source:
        raise CatalogError(f"{source}: only http(s) URLs and local files can be added", source=source)
    raw_dir = Path(raw_dir)
    p = Path(source).expanduser()
    candidates = [p] if p.is_absolute() else [Path.cwd() / p, raw_dir / p]
    path = next((c for c in candidates if c.is_file()), None)
    if path is None:
        raise CatalogError(f"{source}: no such file", source=source)
    if path.suffix.lower() not in LOCAL_SUFFIXES:
        raise CatalogError(f"{source}: only {', '.join(LOCAL_SUFFIXES)} files can be added", source=source)
    rel = _relative_to_raw(raw_dir, path)
    if rel is not None:
        return rel
    return _copy_into_raw(raw_dir, path) if copy else str(path.resolve())


Identify = Callable[..., tuple[Region, int]]
"""``identify(data, *, content_type, filename, source, region, report_year) -> (Region, year)``:
reads a document's bytes and reconciles its region and report year with the given ones (the text
stage's ``pipelines.text.document.identify_report``); raises with a message naming the source."""


def add_source(
    raw_dir: Path | str,
    source: str,
    region: str | None = None,
    report_year: int | None = None,
    notes: str | None = None,
    *,
    identify: Identify,
    fetcher: Callable[[str], FetchResult] = fetch,
) -> tuple[CatalogEntry, bool]:
    """Register a URL or a local file in the catalog; returns ``(entry, added)``.

    * the same source again (same URL, or same file in the raw dir) is a no-op: the existing entry
      and ``added=False``;
    * a local file outside the raw dir is copied into it (top level);
    * the document is read by ``identify`` (the text stage), which gives its region and year (the
      arguments win over the text) and refuses what is not readable; a URL is always fetched (a
      404, a PDF or a tiny page is refused before anything is registered), and that fetch is kept
      as the report's first raw version (``store_version``);
    * a report id already registered from another source raises CatalogError.
    Raises CatalogError (or FetchError) with a message naming the source; the catalog is then
    unchanged.
    """
    raw_dir = Path(raw_dir)
    raw_dir.mkdir(parents=True, exist_ok=True)
    # read-modify-write under a lock: the sensor and `govreport add` may add at the same time
    with open(raw_dir / ".sources.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _add_source(raw_dir, source, region, report_year, notes, identify, fetcher)


def _add_source(
    raw_dir: Path,
    source: str,
    region: str | None,
    report_year: int | None,
    notes: str | None,
    identify: Identify,
    fetcher: Callable[[str], FetchResult],
) -> tuple[CatalogEntry, bool]:
    raw_dir = Path(raw_dir)
    if report_year is not None and (problem := report_year_problem(report_year)):
        raise CatalogError(f"{source}: {problem}", source=source)  # before anything is fetched
    entries = read_catalog(raw_dir)
    key = normalize_source(raw_dir, source, copy=False)
    for e in entries:
        if e.source == key:
            return e, False
    if not is_http_url(key) and Path(key).is_absolute():
        # outside the raw dir: same content already registered under its copy?
        copied = raw_dir / Path(key).name
        if copied.exists() and copied.read_bytes() == Path(key).read_bytes():
            for e in entries:
                if e.source == copied.name:
                    return e, False

    fetched: FetchResult | None = None
    if is_http_url(key):  # fetched now, so that a dead or wrong URL is refused at once
        fetched = fetcher(key)
        data, content_type, filename = fetched.content, fetched.content_type, fetched.final_url
    else:
        path = Path(key) if Path(key).is_absolute() else raw_dir / key
        data, content_type, filename = path.read_bytes(), None, path.name
    found_region, year = identify(
        data, content_type=content_type, filename=filename, source=source, region=region, report_year=report_year
    )
    report_id = make_report_id(found_region.code, year)
    for e in entries:
        if e.report_id == report_id:
            raise CatalogError(
                f"{source}: report {report_id} ({found_region.full_name} {year}) is already registered from {e.source}",
                source=source,
                report_id=report_id,
            )

    if not is_http_url(key) and Path(key).is_absolute():
        key = normalize_source(raw_dir, key, copy=True)
    entry = CatalogEntry(
        report_id=report_id,
        source=key,
        region=found_region.full_name,
        report_year=year,
        notes=(notes or "").strip(),
        added_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
    )
    if fetched is not None:
        store_version(raw_dir, report_id, fetched)
    _write_catalog(raw_dir, [*entries, entry])
    return entry, True


def discover_local_files(raw_dir: Path | str) -> list[Path]:
    """Report files dropped at the top level of the raw dir (.html, .htm, .txt) not yet in the catalog."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        return []
    known = {e.source for e in read_catalog(raw_dir) if not e.is_url}
    return sorted(
        p
        for p in raw_dir.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and p.suffix.lower() in LOCAL_SUFFIXES
        and p.name not in known
    )


__all__ = [
    "CATALOG_NAME",
    "CatalogEntry",
    "CatalogError",
    "IngestError",
    "add_source",
    "catalog_path",
    "discover_local_files",
    "make_report_id",
    "read_catalog",
]
