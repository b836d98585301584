"""The source catalog ``<raw dir>/sources.csv``: one row per report, committed with the project.

Columns: ``report_id,source,region,report_year,notes,added_at``. ``source`` is an http(s) URL or a
path relative to the raw dir. ``report_id`` is ``<region_code>-<report_year>``; the catalog's
region and year override what the document says about itself.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import fcntl
import io
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

from pipelines.errors import CatalogError, IngestError
from pipelines.ingest.fetch import FetchResult, fetch, has_credentials, is_http_url, strip_credentials
from pipelines.ingest.store import sha256_hex, store_version
from pipelines.model import Region, regions_by_full_name, report_year_problem

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
    """All catalog entries in file order (empty when the catalog does not exist yet).

    Parsed strictly (:func:`parse_catalog`): a malformed catalog raises CatalogError naming the
    file, the line and the problem; nothing is guessed, no row is dropped."""
    path = catalog_path(raw_dir)
    if not path.exists():
        return []
    return parse_catalog(path.read_bytes(), path=path, raw_dir=Path(raw_dir))


# --- strict reading -------------------------------------------------------------------------

_REPORT_ID_FORM = re.compile(r"^(?P<code>\d{6})-(?P<year>\d{4})$")


def _catalog_problem(path: Path, line: int, problem: str) -> CatalogError:
    return CatalogError(f"{path} line {line}: {problem}", source=str(path))


def check_source_inside(raw_dir: Path, source: str) -> str | None:
    """The problem with a catalog ``source``, or None: a URL must be http(s) without credentials;
    a path must be relative, without ``..``, and stay inside the raw dir (symbolic links too)."""
    if "://" in source or source.lower().startswith(("http:", "https:")):
        if not is_http_url(source):
            return f"source {source!r} is neither an http(s) URL nor a path inside the raw dir"
        if has_credentials(source):
            return "source URL carries credentials (user:password@): remove them from the catalog (see GOVREPORT_HTTP_CREDENTIALS)"
        return None
    if not source:
        return "empty source"
    p = Path(source)
    if p.is_absolute() or source.startswith("~"):
        return f"source {source!r} is an absolute path: sources are paths relative to the raw dir {raw_dir}"
    if ".." in p.parts:
        return f"source {source!r} leaves the raw dir ('..'): sources are paths inside {raw_dir}"
    try:
        (raw_dir / p).resolve().relative_to(raw_dir.resolve())
    except ValueError:
        return f"source {source!r} resolves outside the raw dir {raw_dir} (a symbolic link?)"
    return None


def parse_catalog(data: bytes, *, path: Path, raw_dir: Path) -> list[CatalogEntry]:
    """The entries of a catalog file's bytes, or CatalogError naming ``path``, the line and the
    problem: a byte-order mark, bytes that are not UTF-8, a header other than
    ``report_id,source,region,report_year,notes,added_at`` (unknown, missing or repeated
    columns), a row with too few or too many fields, a quote not closed on its line (which would
    swallow the rows after it), an empty or malformed report id, a year outside 1978..next year,
    a report id that contradicts its region or year, a duplicate report id or source, a source
    outside the raw dir or a URL carrying credentials. The region must be written as the region
    table writes its full name (北京市延庆区: what ``govreport add`` writes)."""
    by_full_name = regions_by_full_name()
    if data.startswith(codecs.BOM_UTF8):
        raise _catalog_problem(path, 1, "starts with a UTF-8 byte-order mark (BOM): save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _catalog_problem(path, line, f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    lines = text.splitlines(keepends=True)
    if not lines:
        return []
    out: list[CatalogEntry] = []
    seen_ids: dict[str, int] = {}
    seen_sources: dict[str, int] = {}
    header: list[str] | None = None
    for number, raw_line in enumerate(lines, start=1):
        if not raw_line.strip():
            continue  # blank lines carry nothing
        try:
            rows = list(csv.reader([raw_line], strict=True))
        except csv.Error as exc:
            problem = str(exc)
            if "end of data" in problem or "EOF" in problem:
                problem = 'a quote (") is not closed on its line: fields may not span lines (fix the quoting)'
            raise _catalog_problem(path, number, problem) from exc
        fields_ = rows[0] if rows else []
        if header is None:
            header = [f.strip() for f in fields_]
            unknown = [c for c in header if c not in COLUMNS]
            missing = [c for c in COLUMNS if c not in header]
            if unknown or missing or header != COLUMNS:
                said = []
                if unknown:
                    said.append(f"unknown column(s) {', '.join(map(repr, unknown))}")
                if missing:
                    said.append(f"missing column(s) {', '.join(missing)}")
                if not said:
                    said.append("columns repeated or out of order")
                raise _catalog_problem(path, number, f"header {'; '.join(said)}: expected {','.join(COLUMNS)}")
            continue
        if len(fields_) != len(COLUMNS):
            kind = "too few" if len(fields_) < len(COLUMNS) else "too many"
            raise _catalog_problem(
                path, number, f"{kind} fields: {len(fields_)} instead of {len(COLUMNS)} ({','.join(COLUMNS)})"
            )
        row = {c: v.strip() for c, v in zip(COLUMNS, fields_, strict=True)}
        rid, source, region = row["report_id"], row["source"], row["region"]
        m = _REPORT_ID_FORM.match(rid)
        if not m:
            raise _catalog_problem(path, number, f"report id {rid!r} is not <6-digit region code>-<year>")
        try:
            year = int(row["report_year"])
        except ValueError:
            raise _catalog_problem(path, number, f"report_year {row['report_year']!r} is not a year") from None
        if problem := report_year_problem(year):
            raise _catalog_problem(path, number, problem)
        if int(m.group("year")) != year:
            raise _catalog_problem(path, number, f"report id {rid} contradicts report_year {year}")
        if region:
            found = by_full_name.get(region)
            if found is None:
                raise _catalog_problem(
                    path, number,
                    f"unknown region {region!r}: write its full name as in pipelines/reference/regions.csv (e.g. 北京市延庆区)",
                )
            if found.code != m.group("code"):
                raise _catalog_problem(
                    path, number, f"report id {rid} contradicts region {region} (code {found.code})"
                )
        problem = check_source_inside(raw_dir, source)
        if problem:
            raise _catalog_problem(path, number, problem)
        if rid in seen_ids:
            raise _catalog_problem(path, number, f"duplicate report id {rid} (already on line {seen_ids[rid]})")
        if source in seen_sources:
            raise _catalog_problem(path, number, f"duplicate source {source} (already on line {seen_sources[source]})")
        seen_ids[rid], seen_sources[source] = number, number
        out.append(CatalogEntry(rid, source, region, year, row["notes"], row["added_at"]))
    return out


def _write_catalog(raw_dir: Path | str, entries: list[CatalogEntry]) -> None:
    """Rewrite the catalog atomically (temporary file, fsync, rename), keeping the file's mode
    (a new catalog gets the umask's default, never mkstemp's 0600)."""
    path = catalog_path(raw_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for e in entries:
        w.writerow({k: (" ".join(str(v).split()) if isinstance(v, str) else v) for k, v in asdict(e).items()})
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sources-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(buf.getvalue())
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)  # the catalog is the one file that is rewritten, atomically
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


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
    secret_source = source.strip()
    source = strip_credentials(secret_source) if is_http_url(secret_source) else secret_source
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
        # the credentials, if any, are used for this fetch only: they are never written anywhere
        fetched = fetcher(secret_source)
        data, content_type, filename = fetched.content, fetched.content_type, strip_credentials(fetched.final_url)
    else:
        path = Path(key) if Path(key).is_absolute() else raw_dir / key
        data, content_type, filename = read_local_file(path, source=source), None, path.name
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


# --- local files: the same limits as fetched pages ------------------------------------------


def read_local_file(path: Path, *, source: str | None = None, max_bytes: int | None = None) -> bytes:
    """The bytes of a local report file, checked like a fetched page: at most ``max_bytes``
    (default the fetch limit, GOVREPORT_MAX_BYTES), at least MIN_BYTES (an empty or tiny file
    is refused). Raises CatalogError naming the file."""
    from pipelines.ingest.fetch import MIN_BYTES, max_document_bytes

    limit = max_document_bytes() if max_bytes is None else max_bytes
    name = source or str(path)
    size = path.stat().st_size
    if size > limit:
        raise CatalogError(
            f"{name}: too large: {size} bytes, the limit is {limit} (GOVREPORT_MAX_BYTES)", source=name
        )
    if size < MIN_BYTES:
        raise CatalogError(f"{name}: empty or tiny file ({size} bytes)", source=name)
    return path.read_bytes()


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
