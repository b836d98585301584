"""Landing rows from read reports: the frames the Pandera schemas validate and the load writes.

The builders here say what each column holds; :func:`pipelines.contracts.frame` gives the frame
its columns, order and dtypes from the table's contract, and refuses a row that misses a column
of the contract or has one it lacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from pipelines.contracts import ContractError, frame
from pipelines.model import DocumentRecord


def report_row(r: DocumentRecord) -> dict:
    m, region = r.document.meta, r.document.meta.region
    return {
        "report_id": r.report_id,
        "region_code": region.code if region else None,
        "region_name": region.full_name if region else m.region_name,
        "region_level": region.level if region else None,
        "report_year": m.report_year,
        "year_reviewed": m.year_reviewed,
        "delivered_on": m.delivered_on,
        "session": m.session,
        "speaker": m.speaker,
        "title": m.title,
        "source": r.source,
        "raw_path": r.raw_path,
        "sha256": r.sha256,
        "n_chars": len(r.document.text),
        "text": r.document.text,
        "document_kind": r.document.kind or "report",
        "source_format": r.document.source_format,
        "furniture_lines_removed": r.document.furniture_lines,
        "furniture_chars_removed": r.document.furniture_chars,
    }


def section_rows(r: DocumentRecord) -> list[dict]:
    return [
        {"report_id": r.report_id, "ordinal": i, "part": s.part, "title": s.title, "char_start": s.start, "char_end": s.end}
        for i, s in enumerate(r.document.sections)
    ]


def document_tables(records: Iterable[DocumentRecord]) -> dict[str, pd.DataFrame]:
    """landing.reports and landing.sections rows (without the columns the load sets) of the records."""
    records = list(records)
    return {
        "reports": frame("reports", [report_row(r) for r in records]),
        "sections": frame("sections", [row for r in records for row in section_rows(r)]),
    }


def landing_batch(records: Iterable[DocumentRecord], facts: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The frames the load writes for these reports: the rows each record carries (validated by the
    text stage) and each report's facts (validated by the extract stage), concatenated."""
    parts: dict[str, list[pd.DataFrame]] = {"reports": [], "sections": [], "facts": []}
    for r in records:
        rows = getattr(r, "rows", None) or {}
        if not {"reports", "sections"} <= set(rows):
            raise ContractError(
                f"{r.report_id}: the document carries no validated landing rows: materialize report_documents again"
            )
        parts["reports"].append(rows["reports"])
        parts["sections"].append(rows["sections"])
        parts["facts"].append(facts[r.report_id])
    return {table: concat(table, frames) for table, frames in parts.items()}


def concat(table: str, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames of several reports as one (an empty frame in the contract's dtypes for none)."""
    return pd.concat(frames, ignore_index=True) if frames else frame(table, [])
