"""Leave alone the reports whose rows did not change since their last load.

A re-run over unchanged raw documents (the daily refresh, a second ``govreport run``) extracts
the same rows: replacing them would only move ``landing.reports.loaded_at`` and make dbt rebuild
what depends on them. Each report's rows (its reports row without ``loaded_at``, its sections and
its facts) get a SHA-256; ``pipeline_state.report_loads`` keeps the one of its last load. A report
is loaded when its digest differs or it is missing from ``landing.reports``.

The table also keeps each loaded report's *input key*: the SHA-256 of its raw bytes, its catalog
row (region, report year) and the code version (every file of pipelines/: modules, reference tables, lexicon
files). ``govreport run`` compares it with the raw file in raw/ and leaves out of the run the file
reports whose key is unchanged (pipelines.runner.reports_to_run): the same input through the
same code gives the same rows.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import duckdb
import pandas as pd

PACKAGE = Path(__file__).resolve().parent.parent

STATE_TABLE = "pipeline_state.report_loads"


def _ddl(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS pipeline_state")
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (report_id VARCHAR PRIMARY KEY, digest VARCHAR NOT NULL, input_key VARCHAR)"
    )
    con.execute(f"ALTER TABLE {STATE_TABLE} ADD COLUMN IF NOT EXISTS input_key VARCHAR")


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """SHA-256 of every file of the package (modules, reference tables, the grammar's lexicon files,
    templates) and of the extra regions file (GOVREPORT_EXTRA_REGIONS): a change to any of them
    re-runs every report."""
    digest = hashlib.sha256()
    files = sorted(p for p in PACKAGE.rglob("*") if p.suffix not in (".pyc", ".pyo"))
    extra = os.environ.get("GOVREPORT_EXTRA_REGIONS")
    if extra and Path(extra).is_file():
        files.append(Path(extra))
    lexicon = os.environ.get("GOVREPORT_LEXICON")  # a lexicon outside the package (pipelines.extract.words)
    if lexicon and Path(lexicon).is_dir():
        files += sorted(Path(lexicon).glob("*.csv"))
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def input_key(raw_sha256: str, region: str | None, report_year: int | str | None, source: str = "") -> str:
    """What a report's rows are made from: its raw bytes, its catalog row (region, report year and
    source, which landing.reports keeps) and the code."""
    text = f"{raw_sha256}|{region or ''}|{report_year or ''}|{source}|{code_version()}"
    return hashlib.sha256(text.encode()).hexdigest()


def loaded_input_keys(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """report_id -> input key of the reports in landing.reports (empty when never recorded)."""
    try:
        return dict(
            con.execute(
                f"SELECT s.report_id, s.input_key FROM {STATE_TABLE} s JOIN landing.reports r USING (report_id) "
                "WHERE s.input_key IS NOT NULL"
            ).fetchall()
        )
    except (duckdb.CatalogException, duckdb.BinderException):  # no state yet, or an older one
        return {}


def _groups(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    if frame.empty:
        return {}
    return {str(k): g for k, g in frame.groupby(frame["report_id"].astype(str), sort=False)}


def _json(frame: pd.DataFrame | None) -> str:
    if frame is None:
        return "[]"
    return frame.reset_index(drop=True).to_json(orient="split", date_format="iso", default_handler=str)


def digests(reports: pd.DataFrame, sections: pd.DataFrame, facts: pd.DataFrame) -> dict[str, str]:
    """SHA-256 of each report's rows, in the order the batch holds them."""
    reports = reports.drop(columns=["loaded_at"], errors="ignore")
    by_report, by_section, by_fact = _groups(reports), _groups(sections), _groups(facts)
    out = {}
    for rid, row in by_report.items():
        digest = hashlib.sha256()
        for part in (row, by_section.get(rid), by_fact.get(rid)):
            digest.update(_json(part).encode())
            digest.update(b"\0")
        out[rid] = digest.hexdigest()
    return out


def changed_reports(
    con: duckdb.DuckDBPyConnection,
    reports: pd.DataFrame,
    sections: pd.DataFrame,
    facts: pd.DataFrame,
    new: dict[str, str] | None = None,
) -> dict[str, str]:
    """The reports of the batch to load (digest differs or not in landing.reports): id -> digest."""
    _ddl(con)
    new = digests(reports, sections, facts) if new is None else new
    if not new:
        return {}
    ids = pd.DataFrame({"report_id": list(new)})  # noqa: F841  (read by DuckDB)
    con.register("_govreport_batch_ids", ids)
    try:
        loaded = dict(
            con.execute(
                f"SELECT s.report_id, s.digest FROM {STATE_TABLE} s JOIN landing.reports r USING (report_id) "
                "WHERE s.report_id IN (SELECT report_id FROM _govreport_batch_ids)"
            ).fetchall()
        )
    finally:
        con.unregister("_govreport_batch_ids")
    return {rid: d for rid, d in new.items() if loaded.get(rid) != d}


def record_loads(con: duckdb.DuckDBPyConnection, loaded: dict[str, str], keys: dict[str, str] | None = None) -> None:
    """Remember the digest (and the input key, when known) of each report of the batch."""
    if not loaded:
        return
    _ddl(con)
    keys = keys or {}
    frame = pd.DataFrame(  # noqa: F841  (read by DuckDB)
        {"report_id": list(loaded), "digest": list(loaded.values()), "input_key": [keys.get(r) for r in loaded]}
    )
    con.register("_govreport_digests", frame)
    try:
        con.execute(f"INSERT OR REPLACE INTO {STATE_TABLE} SELECT report_id, digest, input_key FROM _govreport_digests")
    finally:
        con.unregister("_govreport_digests")
