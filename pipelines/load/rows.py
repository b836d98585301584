"""Landing rows from read reports: the frames the Pandera models validate and the load writes."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from pipelines.model import DocumentRecord


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
                "document_kind": r.document.kind or "report",
                "source_format": r.document.source_format,
                "furniture_lines_removed": r.document.furniture_lines,
                "furniture_chars_removed": r.document.furniture_chars,
            }
        )
        for i, s in enumerate(r.document.sections):
            sections.append(
                {"report_id": r.report_id, "ordinal": i, "part": s.part, "title": s.title, "char_start": s.start, "char_end": s.end}
            )
    report_df = pd.DataFrame(reports, columns=list(_REPORT_FIELDS))
    report_df = report_df.astype(
        {
            "report_year": "int64",
            "n_chars": "int64",
            "year_reviewed": "float64",
            "furniture_lines_removed": "int64",
            "furniture_chars_removed": "int64",
        }
    )
    report_df["delivered_on"] = pd.to_datetime(report_df["delivered_on"])
    section_df = pd.DataFrame(sections, columns=["report_id", "ordinal", "part", "title", "char_start", "char_end"])
    return report_df, section_df.astype({"ordinal": "int64", "char_start": "int64", "char_end": "int64"})


_REPORT_FIELDS = (
    "report_id region_code region_name region_level report_year year_reviewed delivered_on session speaker "
    "title source raw_path sha256 n_chars text document_kind source_format furniture_lines_removed furniture_chars_removed"
).split()
