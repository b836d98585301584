"""Plain data types shared by the text modules, the extractor and the Dagster assets.

Everything here is pure Python: no Dagster, no I/O.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pipelines.contracts import REFERENCE_DIR, contract

__all__ = ["REFERENCE_DIR", "Region", "ReportMeta", "Section", "Document", "DocumentRecord", "fact_schema",
           "fact_columns", "vocabulary"]


@dataclass(frozen=True)
class Region:
    code: str  # GB/T 2260 code, 6 digits (e.g. 110119)
    name: str  # official current name (e.g. 延庆区)
    full_name: str  # with parents (e.g. 北京市延庆区)
    level: str  # province | city | district | county | town
    parent_code: str | None = None
    former_names: tuple[str, ...] = ()



# --- the GB/T 2260 region table (reference data; name matching lives in pipelines.text.regions) ---

REGIONS_CSV = REFERENCE_DIR / "regions.csv"


def region_files() -> list[Path]:
    """regions.csv, then GOVREPORT_EXTRA_REGIONS (a CSV in the same columns, for units newer than
    the packaged table, or the fictional region of the synthetic end-to-end test)."""
    extra = os.environ.get("GOVREPORT_EXTRA_REGIONS")
    return [REGIONS_CSV, *([Path(extra)] if extra else [])]


@cache
def regions() -> dict[str, Region]:
    """All regions by code."""
    out = {}
    for path in region_files():
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                out[row["region_code"]] = _region(row)
    return out


def _region(row: dict[str, str]) -> Region:
    return Region(
        code=row["region_code"],
        name=row["name"],
        full_name=row["full_name"],
        level=row["level"],
        parent_code=row["parent_code"] or None,
        former_names=tuple(n for n in row["former_names"].split("|") if n),
    )


def get_region(code: str) -> Region | None:
    return regions().get(str(code))


def regions_by_full_name() -> dict[str, Region]:
    """Regions by their full name as the table writes it (北京市延庆区), the form the catalog keeps."""
    return {r.full_name: r for r in regions().values()}


@dataclass
class ReportMeta:
    """What a report says about itself; any field may be None when not found."""

    region_name: str | None = None  # as found, e.g. 北京市延庆区
    region: Region | None = None  # resolved against pipelines/reference/regions.csv
    report_year: int | None = None  # the year in the title: 2023 for 北京市延庆区2023年政府工作报告
    year_reviewed: int | None = None  # the year the review part is about (usually report_year - 1)
    delivered_on: date | None = None  # 2022-12-21
    session: str | None = None  # 北京市延庆区第三届人民代表大会第三次会议
    speaker: str | None = None  # 叶大华
    speaker_title: str | None = None  # 北京市延庆区人民政府区长
    title: str | None = None  # 北京市延庆区2023年政府工作报告


@dataclass(frozen=True)
class Section:
    """A span of the document text. part is front | review | plan; title is the numbered
    heading as written (None for the text of a part before its first numbered heading)."""

    part: str
    title: str | None
    start: int
    end: int


DOCUMENT_KINDS = ("report", "excerpt", "news_summary")
FIRST_REPORT_YEAR = 1978  # the first reform-era reports; nothing earlier is a report year here


def report_year_problem(year: int) -> str | None:
    """Why ``year`` cannot be a report year (outside 1978..next year), or None when it can."""
    last = date.today().year + 1
    if FIRST_REPORT_YEAR <= int(year) <= last:
        return None
    return f"report year {year} is outside {FIRST_REPORT_YEAR}..{last} (give four digits, e.g. --report-year 2024)"


@dataclass
class Document:
    """A decoded, normalized report ready for extraction."""

    text: str  # normalized text as written (NFKC, glosses removed, PDF breaks repaired); offsets refer to it
    meta: ReportMeta = field(default_factory=ReportMeta)
    sections: list[Section] = field(default_factory=list)
    source_format: str = "text"  # html | text | pdf | docx
    furniture_lines: int = 0  # page-furniture lines removed from the text
    furniture_chars: int = 0  # their characters (blank-stripped)
    kind: str | None = None  # report | excerpt | news_summary (document_kind); None until classified
    warnings: list[str] = field(default_factory=list)  # given values contradicting the text, ...


@dataclass
class DocumentRecord:
    """A report read by the text stage: its id and source, the raw version read and the Document.

    ``rows``: the report's landing rows (``reports``, ``sections``: DataFrames) as the text stage
    validated them; the load writes exactly these. Empty outside the pipeline (CLI, eval)."""

    report_id: str
    source: str
    raw_path: str | None
    sha256: str
    document: Document
    rows: dict[str, Any] = field(default_factory=dict)


def fact_schema() -> list[dict[str, str]]:
    """The fact contract (pipelines/reference/fact_schema.csv): one dict per column, in order."""
    return [dict(c.row) for c in contract("facts").columns]


def fact_columns() -> list[str]:
    return contract("facts").names


def vocabulary(column: str) -> list[str]:
    """Allowed values of a fact column (empty list when the column is free text)."""
    return list(contract("facts").column(column).allowed_values)
