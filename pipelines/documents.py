"""From raw bytes to a Document (text, metadata, sections), and from Documents to landing rows.

Pure functions: the Dagster assets and the CLI call them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from pipelines.ingest.decode import document_text
from pipelines.model import Document, ReportMeta
from pipelines.regions import lookup_region
from pipelines.text.metadata import find_metadata
from pipelines.text.normalize import to_simplified
from pipelines.text.structure import split_sections


class DocumentError(ValueError):
    """The document cannot be loaded as a work report; the message says why."""


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


@dataclass
class DocumentRecord:
    report_id: str
    source: str
    raw_path: str | None
    sha256: str
    document: Document


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


def document_tables(records: Iterable[DocumentRecord]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """landing.reports and landing.sections rows (without loaded_at) for the given records."""
    reports, sections = [], []
    for r in records:
        m, region = r.document.meta, r.document.meta.region
        reports.append(
            {
                "report_id": r.report_id,
                "region_code": region.code if region else None,
                "region_name": region.full_name if region else m.region_name,
                "region_level": region.level if region else None,
                "report_year": m.report_year,
                "year_reviewed": m.year_reviewed,
                "delivered_on": pd.Timestamp(m.delivered_on) if m.delivered_on else pd.NaT,
                "session": m.session,
                "speaker": m.speaker,
                "title": m.title,
                "source": r.source,
                "raw_path": r.raw_path,
                "sha256": r.sha256,
                "n_chars": len(r.document.text),
                "text": r.document.text,
            }
        )
        for i, s in enumerate(r.document.sections):
            sections.append(
                {"report_id": r.report_id, "ordinal": i, "part": s.part, "title": s.title, "char_start": s.start, "char_end": s.end}
            )
    report_df = pd.DataFrame(reports, columns=list(_REPORT_FIELDS))
    report_df = report_df.astype({"report_year": "int64", "n_chars": "int64", "year_reviewed": "float64"})
    report_df["delivered_on"] = pd.to_datetime(report_df["delivered_on"])
    section_df = pd.DataFrame(sections, columns=["report_id", "ordinal", "part", "title", "char_start", "char_end"])
    return report_df, section_df.astype({"ordinal": "int64", "char_start": "int64", "char_end": "int64"})


_REPORT_FIELDS = (
    "report_id region_code region_name region_level report_year year_reviewed delivered_on session speaker "
    "title source raw_path sha256 n_chars text"
).split()
