"""Every quantitative fact of a report, with what it measures (the fact contract).

``extract_facts`` reads the Simplified copy of the text (same length, so offsets hold in the
text as written) and returns one row per fact in the columns of ``fact_schema.csv``. It is a
sequence of named passes over a compact copy of the text:

1. :func:`~pipelines.extract.measures.read_measures` — numbers with unit and comparator;
2. :func:`~pipelines.extract.clauses.fact_for` — one fact per measure (metric, subject, basis);
3. :mod:`~pipelines.extract.lists` — ``分别``/``均`` distribution, changes then stocks, re-mentions;
4. :mod:`~pipelines.extract.ranks` — ranks, runs of years, flattened tables, pegged targets;
5. :mod:`~pipelines.extract.periods` with :mod:`~pipelines.extract.timeframe` — part, status, period;
6. the contract: offsets, evidence and units as written, ids, indicator codes.

The grammar's patterns live in :mod:`pipelines.extract.grammar`, its words in ``lexicon/*.csv``.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd
from pandas.arrays import StringArray

from pipelines.extract.clauses import fact_for
from pipelines.extract.core import Doc, Fact, Measure
from pipelines.extract.grammar import shortest
from pipelines.extract.indicators import indicator_for
from pipelines.extract.labels import drop_grade_labels
from pipelines.extract.layout import compact, english_sentence_at, english_spans
from pipelines.extract.lists import (
    added_then_total,
    distribute,
    drop_rementions,
    list_pairs,
    owned_measures,
    pegged_facts,
    shared_heads,
    spread_both,
    spread_shared,
    spread_thresholds,
    urban_rural_pairs,
)
from pipelines.extract.measures import read_measures
from pipelines.extract.normalize_subject import normalize_subject
from pipelines.extract.periods import period_of, status_of
from pipelines.extract.ranks import consecutive_facts, rank_facts, resolve_ranks, table_facts
from pipelines.extract.ratios import unitless_ratio_measures
from pipelines.extract.subjects import tidy
from pipelines.extract.timeframe import frame_at, frames
from pipelines.extract.units import normalize
from pipelines.model import Document, Section, fact_schema
from pipelines.text.normalize import to_simplified
from pipelines.text.structure import split_sections


def _written_unit(text: str, f: Fact) -> str:
    """The unit as written (億元 in a Traditional text); fixed units for %, 个百分点, 位."""
    if f.unit != f.m.unit or not f.m.unit_spans:
        return f.unit
    spans = f.m.unit_spans
    if len(spans) == 1 or len(spans) == 2 and spans[0][1] == spans[1][0]:
        written = text[spans[0][0]:spans[-1][1]]  # one span, or a magnitude right before its unit (亿 元)
    else:
        written = "".join(text[a:b] for a, b in spans)
    return written if len(written) == len(f.unit) else f.unit


def _written_basis(text: str, simp: str, f: Fact) -> str | None:
    if not f.basis:
        return f.basis
    at = simp.rfind(f.basis, 0, f.m.cmp_start)
    return text[at:at + len(f.basis)] if at >= 0 else f.basis


def _compact_sections(sections: list[Section], pos: Sequence[int], n: int) -> list[Section]:
    """Sections in the offsets of the compact copy (pos: compact -> original)."""
    out = []
    for sec in sections:
        a, b = bisect_left(pos, sec.start), bisect_left(pos, sec.end)
        if b > a or not out:
            out.append(Section(sec.part, sec.title, a, b))
    if out:
        out[0] = Section(out[0].part, out[0].title, 0, out[0].end)
        out[-1] = Section(out[-1].part, out[-1].title, out[-1].start, n)
    return out


def _fact_id(report_id: str, start: int, end: int, metric: str, subject: str) -> str:
    key = f"{report_id}|{start}|{end}|{metric}|{subject}"
    return hashlib.sha1(key.encode("utf-8")).digest()[:8].hex()  # the first 16 hex digits


def empty_facts() -> pd.DataFrame:
    return _frame([])


_STRING = pd.StringDtype()


@cache
def _schema() -> tuple[tuple[str, str], ...]:
    """(column, dtype) of ``fact_schema.csv``, read once."""
    return tuple((c["column"], c["dtype"]) for c in fact_schema())


# the values of a row as ``extract_facts`` builds it (a tuple: a dict per fact took a tenth of
# the time of the final loop); ``_frame`` puts them in the order and dtypes of fact_schema.csv
ROW_COLUMNS = ("report_id", "fact_id", "part", "section", "subject", "indicator_code", "metric", "value",
               "value_high", "unit", "value_normalized", "unit_normalized", "comparator", "period", "status",
               "basis", "evidence", "char_start", "char_end", "subject_normalized", "pegged_to")


@cache
def _row_order() -> tuple[int, ...]:
    """For each column of fact_schema.csv, its index in ``ROW_COLUMNS``. Raises ValueError when
    the two name different columns (the schema file is the contract)."""
    names = [name for name, _ in _schema()]
    if sorted(names) != sorted(ROW_COLUMNS):
        raise ValueError(f"fact_schema.csv columns {names} differ from the row built: {ROW_COLUMNS}")
    return tuple(ROW_COLUMNS.index(name) for name in names)


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """The rows (tuples in the order of ``ROW_COLUMNS``) as a DataFrame in the columns and dtypes
    of ``fact_schema.csv``; each column is built typed at once (a column of objects cast
    afterwards took a fifth of the extraction time), the columns taken from the rows by one
    ``zip`` and the strings given to ``StringArray`` directly."""
    schema = _schema()
    by_row = list(zip(*rows, strict=True)) if rows else [()] * len(ROW_COLUMNS)
    columns = [by_row[i] for i in _row_order()]
    cols = {}
    for (name, dtype), values in zip(schema, columns, strict=True):
        if dtype == "float64":
            cols[name] = np.array(values, dtype="float64")  # None -> NaN
        elif dtype == "int64":
            cols[name] = np.array(values, dtype="int64")
        else:
            cols[name] = StringArray._from_sequence(np.array(values, dtype=object), dtype=_STRING)  # None -> <NA>
    return pd.DataFrame(cols, copy=False)


def extract_facts(
    text: str,
    *,
    report_id: str,
    year_reviewed: int | None,
    report_year: int | None,
    sections: list[Section] | None = None,
) -> pd.DataFrame:
    """Every quantitative fact of ``text`` in the columns of ``fact_schema.csv``, in reading order."""
    if not text:
        return empty_facts()
    simp = to_simplified(text)
    if len(simp) != len(text):  # the contract says same length; never trust offsets otherwise
        simp = text
    if sections is None:
        sections = [Section(x.part, text[x.start:x.start + len(x.title)] if x.title else None, x.start, x.end)
                    for x in split_sections(text)]  # the same Simplified copy (cached)
    # read a compact copy: PDF line wraps and page furniture left out; pos maps back
    cp = compact(simp, text)
    pos = cp.pos
    orig_text = text
    text, simp = cp.written, cp.text
    sections = _compact_sections(sections, pos, len(simp))
    doc = Doc(simp, sections)
    ranked, rank_spans = rank_facts(doc)
    measures = drop_grade_labels(simp, read_measures(doc, rank_spans))
    measures = sorted(measures + unitless_ratio_measures(doc, measures), key=lambda x: x.num_start)

    facts: list[Fact] = []
    prev: Measure | None = None
    for meas in measures:
        sent = doc.segment_start(meas.num_start)
        prev_fact = facts[-1] if facts and facts[-1].m.num_start >= sent else None
        f = fact_for(doc, meas, prev if prev and prev.num_start >= sent else None, prev_fact)
        facts.append(f)
        prev = meas
    distribute(doc, facts)
    urban_rural_pairs(doc, facts)
    list_pairs(doc, facts)
    facts += spread_both(doc, facts)
    facts += spread_shared(doc, facts)
    facts += spread_thresholds(doc, facts)
    added_then_total(doc, facts)
    facts = drop_rementions(doc, facts)
    shared_heads(doc, facts)
    owned_measures(doc, facts)
    facts += resolve_ranks(doc, ranked, facts)
    facts += consecutive_facts(doc, facts)
    facts += table_facts(doc)
    facts += pegged_facts(doc)
    facts.sort(key=lambda f: (f.m.num_start, f.subj_start))

    rows = []
    seen: set[str] = set()
    sec_starts = [x.start for x in sections]
    marks = frames(simp, sections, year_reviewed, report_year)
    mark_starts = [m[0] for m in marks]
    english = english_spans(simp)
    simplified_as_written = text == simp  # most reports: a subject read in simp is the one written
    for f in facts:
        if not f.subject.strip() or len(f.subject) >= _ENGLISH_SHORTEST and _ENGLISH_WORDS.search(f.subject) \
                or english and english_sentence_at(simp, f.m.num_start, english):
            continue  # an English sentence of a bilingual page gives no fact
        k = bisect_right(sec_starts, f.m.num_start) - 1
        sec = sections[max(k, 0)]
        frame = frame_at(marks, mark_starts, f.m.cmp_start) if sec.part != "front" else None
        part = frame.part if frame is not None else sec.part
        status = status_of(doc, sec.part, f.m.cmp_start, frame)
        period = period_of(doc, f, status, year_reviewed, report_year, frame)
        if status == "target" and _is_past(period, year_reviewed):
            status = "actual"  # a figure dated to a year already reviewed is no target (news summaries, excerpts)
        ev_start = min(f.subj_start, f.m.cmp_start)
        ev_end = max(f.subj_end, f.m.meas_end, f.evidence_end)
        tidied = tidy(f.subject)  # the subject in the Simplified copy: its indicator
        as_written = not simplified_as_written and f.subject == simp[f.subj_start:f.subj_end]
        subject = tidy(text[f.subj_start:f.subj_end]) if as_written else tidied
        char_start, char_end = pos[f.m.num_start], pos[f.m.num_end - 1] + 1
        fid = _fact_id(report_id, char_start, char_end, f.metric, subject)
        if fid in seen:
            continue
        seen.add(fid)
        vn, un = normalize(f.value, f.unit)
        vh = f.m.value_high
        if vh is not None and f.metric == "growth_pct" and f.m.unit == "倍":
            vh *= 100
        rows.append((  # in the order of ROW_COLUMNS
            report_id,  # report_id
            fid,  # fact_id
            part,  # part
            sec.title,  # section
            subject,  # subject
            indicator_for(tidied),  # indicator_code
            f.metric,  # metric
            f.value,  # value
            vh,  # value_high
            _written_unit(text, f) or None,  # unit: NULL: a ratio or score written without unit
            vn,  # value_normalized
            un,  # unit_normalized
            f.m.comparator,  # comparator
            period,  # period
            status,  # status
            text[f.m.num_start:f.m.num_end] if f.pegged_to else _written_basis(text, simp, f),  # basis
            orig_text[pos[ev_start]:pos[ev_end - 1] + 1],  # evidence
            char_start,  # char_start
            char_end,  # char_end
            normalize_subject(subject),  # subject_normalized
            f.pegged_to,  # pegged_to
        ))
    return _frame(rows)


# three Latin words in a row: the subject comes from an English sentence (a bilingual page)
_ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}(?:\s+[A-Za-z]{2,}){2,}")
_ENGLISH_SHORTEST = shortest(_ENGLISH_WORDS)  # 8: most subjects are shorter, no search


def _is_past(period: str | None, year_reviewed: int | None) -> bool:
    """A single-year period no later than the year reviewed: a result, whatever the frame says."""
    return bool(period) and period.isdigit() and year_reviewed is not None and int(period) <= year_reviewed


def facts_of_document(doc: Document, *, report_id: str) -> pd.DataFrame:
    """The one road from a read document to its facts, taken by the ``indicator_facts`` asset,
    ``govreport extract`` and ``govreport eval``: the document's text, sections, report year and
    year reviewed go to :func:`extract_facts`. Returns the fact table (columns of fact_schema.csv)."""
    return extract_facts(
        doc.text,
        report_id=report_id,
        year_reviewed=doc.meta.year_reviewed,
        report_year=doc.meta.report_year,
        sections=doc.sections,
    )
