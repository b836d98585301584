"""From raw bytes to a Document (text, metadata, sections): the text stage, read once per report.

Pure functions: the Dagster assets and the CLI call them.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipelines.errors import CatalogError, DocumentError, ReportWarning
from pipelines.model import Document, DocumentRecord, Region, ReportMeta, report_year_problem
from pipelines.text.decode import decode_document
from pipelines.text.metadata import find_metadata
from pipelines.text.normalize import normalize_text, to_simplified
from pipelines.text.regions import lookup_region
from pipelines.text.structure import split_sections

MIN_TEXT_CHARS = 100  # a document whose text (furniture removed) is shorter than this is an empty or tiny page


def apply_overrides(meta: ReportMeta, *, region: str | None, report_year: int | None) -> tuple[ReportMeta, list[str]]:
    """Values given by the user (command line or sources.csv) win over what the text says.
    Returns the metadata and the warnings for given values that contradict the text (a given
    report year other than the text's: the text's year reviewed is then not kept either)."""
    warnings: list[str] = []
    if region:
        found = meta.region
        meta = replace(meta, region_name=region, region=lookup_region(region))
        if found is not None and meta.region is not None and found.code != meta.region.code:
            warnings.append(
                f"the given region {meta.region.full_name} ({meta.region.code}) contradicts the text, "
                f"which names {found.full_name} ({found.code}); the given region is used"
            )
    if report_year:
        text_year = meta.report_year
        if text_year is not None and text_year != report_year:
            warnings.append(
                f"the given report year {report_year} contradicts the text, which gives {text_year}; "
                f"{report_year} is used and the year reviewed is taken as {report_year - 1}"
            )
            year_reviewed = None
        else:
            year_reviewed = meta.year_reviewed if meta.year_reviewed and meta.year_reviewed < report_year else None
        meta = replace(meta, report_year=report_year, year_reviewed=year_reviewed or report_year - 1)
    if meta.report_year and not meta.year_reviewed:
        meta = replace(meta, year_reviewed=meta.report_year - 1)
    return meta, warnings


def _emit(doc: Document, source: str) -> None:
    for message in doc.warnings:
        warnings.warn(ReportWarning(f"{source}: {message}"), stacklevel=3)


def _join_pages(texts: list[str]) -> str:
    """The texts of an article's pages, in order; lines that repeat the first page's opening
    (the title, the byline on every page) are left out of the following pages."""
    if not texts:
        return ""
    opening = {line.strip() for line in texts[0].split("\n")[:10] if line.strip()}
    out = [texts[0]]
    for text in texts[1:]:
        lines = text.split("\n")
        while lines and (not lines[0].strip() or lines[0].strip() in opening):
            lines.pop(0)
        out.append("\n".join(lines))
    return "\n".join(out)


def read_document(
    data: bytes,
    *,
    filename: str,
    content_type: str | None = None,
    region: str | None = None,
    report_year: int | None = None,
    source: str | None = None,
    more_pages: list[tuple[bytes, str | None, str]] | None = None,
) -> Document:
    """Bytes (HTML, text, PDF, Word) -> Document: text, metadata (the given region and year win,
    a contradiction becomes a warning in ``Document.warnings``), sections, format and the page
    furniture removed. ``more_pages``: ``(data, content_type, filename)`` of the following pages
    of a multi-page article, whose texts are joined in order. Raises DocumentError (naming
    ``source``, default ``filename``) for what cannot be read or holds no text."""
    source = source or filename
    first = decode_document(data, content_type=content_type, filename=filename, source=source)
    decoded = [first] + [
        decode_document(d, content_type=ct, filename=fn, source=source) for d, ct, fn in (more_pages or [])
    ]
    text = normalize_text(_join_pages([d.text for d in decoded])) if len(decoded) > 1 else first.text
    if not text.strip():
        raise DocumentError(f"{source}: no text in the document", source=source)
    meta, warned = apply_overrides(find_metadata(text), region=region, report_year=report_year)
    doc = Document(
        text=text,
        meta=meta,
        sections=split_sections(text),
        source_format=first.format,
        furniture_lines=sum(d.furniture_lines for d in decoded),
        furniture_chars=sum(d.furniture_chars for d in decoded),
        warnings=warned,
    )
    doc.kind = document_kind(doc)
    return doc


def check_report_year(year: int, source: str) -> None:
    """Refuse a report year outside 1978 (the first reform-era reports) .. next year."""
    if problem := report_year_problem(year):
        raise CatalogError(f"{source}: {problem}", source=source)


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
    :func:`apply_overrides` makes the given values win over the text; a contradiction is emitted
    as a :class:`ReportWarning`). Raises CatalogError naming ``source`` when the region is unknown,
    either value is missing or the year is outside 1978..next year, DocumentError when the bytes
    are not a readable document or hold under MIN_TEXT_CHARS characters of text."""
    if report_year is not None:
        check_report_year(report_year, source)
    if region and lookup_region(region) is None:
        raise CatalogError(f"{source}: unknown or ambiguous region {region!r} (give the full name, e.g. 北京市延庆区)", source=source)
    doc = read_document(data, filename=filename, content_type=content_type, region=region, report_year=report_year, source=source)
    if len(doc.text.strip()) < MIN_TEXT_CHARS:
        raise DocumentError(
            f"{source}: empty or tiny page: {len(doc.text.strip())} characters of text after removing page furniture",
            source=source,
        )
    _emit(doc, source)
    meta = doc.meta
    missing = [what for what, value in (("region", meta.region), ("report year", meta.report_year)) if value is None]
    if missing:
        found = f" (the document names {meta.region_name!r}, not in the region table)" if meta.region_name and meta.region is None else ""
        raise CatalogError(
            f"{source}: no {' and no '.join(missing)} found in the document{found}; "
            f"give them with --region NAME / --report-year YYYY",
            source=source,
        )
    check_report_year(meta.report_year, source)
    return meta.region, meta.report_year


def require_loadable(doc: Document, source: str) -> None:
    """Loading into the warehouse insists on a known region and year and a document that is a
    work report, an excerpt of one or a news summary of one (``doc.kind``)."""
    meta = doc.meta
    if meta.region is None:
        said = f"'{meta.region_name}' is not in pipelines/reference/regions.csv" if meta.region_name else (
            "no region found in the title or opening lines"
        )
        raise DocumentError(f"{source}: {said}; give it with --region (govreport add) or in sources.csv")
    if meta.report_year is None:
        raise DocumentError(f"{source}: no report year found in the title or the date delivered; give it with --report-year")
    if (doc.kind or document_kind(doc)) is None:
        raise DocumentError(
            f"{source}: not a work report, nor an excerpt or news summary of one: its {len(doc.text)} characters "
            "have no report title (政府工作报告), no address to the deputies (各位代表) and no review or plan part."
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


_EXCERPT_TITLE = re.compile(r"政府工作报告.{0,6}(?:摘要|摘登|摘编|节选|要点|全文摘)|(?:摘要|摘登|摘编|节选|要点)[)）】]?$")
_NEWS = re.compile(
    r"报告(?:指出|提出|显示|称|回顾|强调|明确|要求|表示|披露)|作(?:了)?政府工作报告|听取(?:和审议)?(?:了)?.{0,20}政府工作报告"
    r"|记者|通讯员|据悉|新华社|日报|融媒体中心"
)


def document_kind(doc: Document) -> str | None:
    """``report``, ``excerpt`` or ``news_summary``; None for a page that is none of them.

    * excerpt: the title says so (``政府工作报告(摘要)``, ``摘登``, ``节选``, ``要点``), or the
      text shows one sign of a report (:func:`work_report_signals`) and names 政府工作报告 without
      reading as news;
    * report: two signs or more;
    * news_summary: it names the 政府工作报告 and reads as news about it (``报告指出``, ``记者``,
      ``作政府工作报告``, ``听取...政府工作报告``).
    """
    simp = to_simplified(doc.text[:5000])
    title = to_simplified(doc.meta.title or simp.split("\n", 1)[0]).strip()
    signals = work_report_signals(doc)
    names_report = "工作报告" in simp
    if _EXCERPT_TITLE.search(title):
        return "excerpt"
    news = len(_NEWS.findall(simp))
    if len(signals) >= 2 and not (news >= 2 and "address" not in signals):
        return "report"
    if names_report and news:
        return "news_summary"
    if names_report and signals:
        return "excerpt"
    parts = {s.part for s in doc.sections}
    if names_report and parts & {"review", "plan"}:
        return "excerpt"
    return None


def build_document_record(page: Any, entry: Any | None) -> DocumentRecord:
    """page: what pipelines.ingest.acquire returns; entry: the report's sources.csv row."""
    path = Path(page.path)
    more = [(Path(p).read_bytes(), getattr(page, "content_type", None), Path(p).name) for p in getattr(page, "more_paths", ())]
    doc = read_document(
        path.read_bytes(),
        filename=path.name,
        content_type=getattr(page, "content_type", None),
        region=getattr(entry, "region", None) or None,
        report_year=int(entry.report_year) if entry is not None and getattr(entry, "report_year", None) else None,
        source=page.source,
        more_pages=more,
    )
    _emit(doc, page.source)
    require_loadable(doc, page.source)
    return DocumentRecord(page.report_id, page.source, str(path), page.sha256, doc)
