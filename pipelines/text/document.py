"""From raw bytes to a Document (text, metadata, sections), and from Documents to landing rows.

Pure functions: the Dagster assets and the CLI call them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from pipelines.errors import CatalogError, DocumentError
from pipelines.model import Document, DocumentRecord, Region, ReportMeta
from pipelines.text.decode import document_text
from pipelines.text.metadata import find_metadata
from pipelines.text.normalize import to_simplified
from pipelines.text.regions import lookup_region
from pipelines.text.structure import split_sections

MIN_TEXT_CHARS = 100  # a document whose text (furniture removed) is shorter than this is an empty or tiny page


def apply_overrides(meta: ReportMeta, *, region: str | None, report_year: int | None) -> ReportMeta:
    """Values given by the user (command line or sources.csv) win over what the text says."""
    if region:
        meta = replace(meta, region_name=region, region=lookup_region(region))
    if report_year:
        year_reviewed = meta.year_reviewed if meta.year_reviewed and meta.year_reviewed < report_year else None
        meta = replace(meta, report_year=report_year, year_reviewed=year_reviewed or report_year - 1)
    if meta.report_year and not meta.year_reviewed:
        meta = replace(meta, year_reviewed=meta.report_year - 1)
    return meta


def read_document(
    data: bytes,
    *,
    filename: str,
    content_type: str | None = None,
    region: str | None = None,
    report_year: int | None = None,
) -> Document:
    if data.lstrip()[:5] == b"%PDF-":
        raise DocumentError(f"{filename}: a PDF file: govreport reads HTML and text; extract its text first (pdftotext)")
    text = document_text(data, content_type=content_type, filename=filename)
    if not text.strip():
        raise DocumentError(f"{filename}: no text in the document")
    meta = apply_overrides(find_metadata(text), region=region, report_year=report_year)
    return Document(text=text, meta=meta, sections=split_sections(text))


def identify_report(
    data: bytes,
    *,
    content_type: str | None,
    filename: str,
    source: str,
    region: str | None = None,
    report_year: int | None = None,
) -> tuple[Region, int]:
    """The region and report year a document is registered under (``govreport add``, files dropped
    into raw/): the document is read as the pipeline reads it (:func:`read_document`, whose
    :func:`apply_overrides` makes the given values win over the text). Raises CatalogError naming
    ``source`` when the region is unknown or either value is missing, DocumentError when the bytes
    are not a readable document or hold under MIN_TEXT_CHARS characters of text."""
    if region and lookup_region(region) is None:
        raise CatalogError(f"{source}: unknown or ambiguous region {region!r} (give the full name, e.g. 北京市延庆区)", source=source)
    doc = read_document(data, filename=filename, content_type=content_type, region=region, report_year=report_year)
    if len(doc.text.strip()) < MIN_TEXT_CHARS:
        raise DocumentError(
            f"{source}: empty or tiny page: {len(doc.text.strip())} characters of text after removing page furniture",
            source=source,
        )
    meta = doc.meta
    missing = [what for what, value in (("region", meta.region), ("report year", meta.report_year)) if value is None]
    if missing:
        found = f" (the document names {meta.region_name!r}, not in the region table)" if meta.region_name and meta.region is None else ""
        raise CatalogError(
            f"{source}: no {' and no '.join(missing)} found in the document{found}; "
            f"give them with --region NAME / --report-year YYYY",
            source=source,
        )
    return meta.region, meta.report_year


def require_loadable(doc: Document, source: str) -> None:
    """Loading into the warehouse insists on a known region and year and a report structure."""
    meta = doc.meta
    if meta.region is None:
        said = f"'{meta.region_name}' is not in pipelines/reference/regions.csv" if meta.region_name else (
            "no region found in the title or opening lines"
        )
        raise DocumentError(f"{source}: {said}; give it with --region (govreport add) or in sources.csv")
    if meta.report_year is None:
        raise DocumentError(f"{source}: no report year found in the title or the date delivered; give it with --report-year")
    signals = work_report_signals(doc)
    if len(signals) < 2:
        raise DocumentError(
            f"{source}: not a work report: {len(doc.text)} characters with "
            f"{', '.join(signals) or 'none'} of the signs of one (title 工作报告, address 各位代表, "
            "both a review part and a plan part, numbered sections)"
        )


def work_report_signals(doc: Document) -> list[str]:
    """The signs of a government work report that the document shows (two are required to load)."""
    head = to_simplified(doc.text[:600])
    parts = {s.part for s in doc.sections}
    found = {
        "title": "工作报告" in head,
        "address": "各位代表" in to_simplified(doc.text[:5000]) or "代表们" in head,
        "parts": {"review", "plan"} <= parts,
        "sections": any(s.title for s in doc.sections),
    }
    return [name for name, present in found.items() if present]


def build_document_record(page: Any, entry: Any | None) -> DocumentRecord:
    """page: what pipelines.ingest.acquire returns; entry: the report's sources.csv row."""
    path = Path(page.path)
    doc = read_document(
        path.read_bytes(),
        filename=path.name,
        content_type=getattr(page, "content_type", None),
        region=getattr(entry, "region", None) or None,
        report_year=int(entry.report_year) if entry is not None and getattr(entry, "report_year", None) else None,
    )
    require_loadable(doc, page.source)
    return DocumentRecord(page.report_id, page.source, str(path), page.sha256, doc)
