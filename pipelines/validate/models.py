"""Pandera schemas of the landing tables, built from their contracts, and a validator that names
what is wrong.

Each landing table's schema comes from its contract CSV (pipelines/reference/, see
pipelines.contracts): dtype, nullability, vocabulary, key, bounds, pattern; strict and ordered,
so the frame holds exactly the contract's columns in its order (those the row builders set; the
load adds the ``set_by=load`` ones). The few checks across columns that a contract row cannot say
are :data:`ROW_CHECKS`, here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipelines.contracts import ContractColumn, contract

PANDERA_DTYPES = {"string": str, "float64": "float64", "date": "datetime64[ns]", "timestamp": "datetime64[ns]"}

# Checks across the columns of a row, per table (a contract row speaks of one column).
ROW_CHECKS: dict[str, list[pa.Check]] = {
    "facts": [
        pa.Check(lambda df: df["char_end"] > df["char_start"], error="char_end must be greater than char_start"),
        pa.Check(
            lambda df: df["value_high"].isna() | (df["value_high"] >= df["value"]),
            error="value_high must not be below value",
        ),
    ],
    "sections": [
        pa.Check(lambda df: df["char_end"] >= df["char_start"], error="char_end must not be before char_start"),
    ],
}


def _checks(c: ContractColumn) -> list[pa.Check]:
    checks = []
    if c.allowed_values:
        checks.append(pa.Check.isin(list(c.allowed_values)))
    if c.dtype == "string":
        if c.min is not None or c.max is not None:
            checks.append(pa.Check.str_length(
                min_value=int(c.min) if c.min is not None else None,
                max_value=int(c.max) if c.max is not None else None,
            ))
        if c.pattern:
            checks.append(pa.Check.str_matches(c.pattern))
    else:
        if c.min is not None:
            checks.append(pa.Check.ge(c.min))
        if c.max is not None:
            checks.append(pa.Check.le(c.max))
    return checks


def _column(c: ContractColumn, *, unique: bool) -> pa.Column:
    dtype = ("Int64" if c.nullable else "int64") if c.dtype == "int64" else PANDERA_DTYPES[c.dtype]
    return pa.Column(dtype, nullable=c.nullable, unique=unique, checks=_checks(c), description=c.description)


@cache
def landing_schema(table: str, reference_dir: Path | None = None) -> pa.DataFrameSchema:
    """The Pandera schema of landing.<table>'s validated frame, from its contract."""
    spec = contract(table, reference_dir)
    key = spec.key
    return pa.DataFrameSchema(
        {c.name: _column(c, unique=key == [c.name]) for c in spec.built},
        checks=ROW_CHECKS.get(table, []),
        unique=key if len(key) > 1 else None,  # the rows of a batch are unique on the table's key
        strict=True,
        ordered=True,
        name=f"landing.{table}",
    )


@dataclass(frozen=True)
class Violation:
    report_id: str
    message: str


def violations(schema: pa.DataFrameSchema, df: pd.DataFrame, table: str) -> list[Violation]:
    """Validate df against schema; one Violation per report naming the table, columns, checks and rows."""
    try:
        schema.validate(df, lazy=True)
        return []
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    # a DataFrame-level check reports each column of a failing row: fold those to the row
    row_check = (cases["schema_context"] == "DataFrameSchema") & cases["index"].notna()
    cases = cases.assign(
        column=cases["column"].mask(row_check, "<row>"),
        failure_case=cases["failure_case"].mask(row_check, ""),
    ).drop_duplicates(subset=["column", "check", "index"])
    by_report: dict[str, list[str]] = {}
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
        rows = [i for i in group["index"].tolist() if i is not None and not pd.isna(i)]
        column_label = column if isinstance(column, str) else "<table>"
        if not rows:  # a failure of the whole table (missing column, wrong dtype)
            values = ", ".join(group["failure_case"].astype(str).tolist()[:5])
            report_ids = df["report_id"].astype(str).unique() if "report_id" in df else ["?"]
            for rid in report_ids:
                by_report.setdefault(rid, []).append(f"column {column_label}: {check} ({values})")
            continue
        for rid, rid_rows in pd.Series(rows, index=rows).groupby(lambda i: str(df.loc[i, "report_id"])):
            idx = rid_rows.tolist()
            shown = [f"{i}: {df.loc[i, column]!r}" if column in df.columns else f"row {i}" for i in idx[:5]]
            more = f" and {len(idx) - 5} more" if len(idx) > 5 else ""
            by_report.setdefault(rid, []).append(
                f"column {column_label} failed {check} in {len(idx)} row(s) [{'; '.join(shown)}{more}]"
            )
    return [Violation(rid, f"{table}: report {rid}: " + " | ".join(msgs)) for rid, msgs in by_report.items()]


def validate_tables(
    tables: Mapping[str, pd.DataFrame], report_ids: list[str]
) -> tuple[dict[str, dict[str, pd.DataFrame]], list[Violation]]:
    """Validate a batch's landing frames (``{table: frame}``) against their schemas. Returns, for
    each report of ``report_ids`` without a violation, its rows of each table (slices of the
    validated frames: what the load will write), and the violations (one per report and table)."""
    found: list[Violation] = []
    for table, df in tables.items():
        found += violations(landing_schema(table), df, table)
    bad = {v.report_id for v in found}
    per_report: dict[str, dict[str, pd.DataFrame]] = {rid: {} for rid in report_ids if rid not in bad}
    for table, df in tables.items():
        groups = dict(tuple(df.groupby("report_id", sort=False))) if len(df) else {}
        for rid, rows in per_report.items():
            rows[table] = groups.get(rid, df.iloc[0:0])
    return per_report, found

