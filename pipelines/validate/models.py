"""Pandera models for the tables the pipeline loads, and a validator that names what is wrong.

The fact columns, their nullability and vocabularies come from pipelines/reference/fact_schema.csv
(via pipelines.model); tests/test_schemas.py holds FactsModel to that file.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipelines.model import vocabulary

PERIOD_PATTERN = r"^(\d{4}|\d{4}-\d{4})$"


class FactsModel(pa.DataFrameModel):
    report_id: Series[str]
    fact_id: Series[str] = pa.Field(unique=True)
    part: Series[str] = pa.Field(isin=vocabulary("part"))
    section: Series[str] = pa.Field(nullable=True)
    subject: Series[str] = pa.Field(str_length={"min_value": 1})
    indicator_code: Series[str] = pa.Field(nullable=True)
    metric: Series[str] = pa.Field(isin=vocabulary("metric"))
    value: Series[float]
    value_high: Series[float] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    value_normalized: Series[float] = pa.Field(nullable=True)
    unit_normalized: Series[str] = pa.Field(nullable=True)
    comparator: Series[str] = pa.Field(isin=vocabulary("comparator"))
    period: Series[str] = pa.Field(nullable=True, str_matches=PERIOD_PATTERN)
    status: Series[str] = pa.Field(isin=vocabulary("status"))
    basis: Series[str] = pa.Field(nullable=True)
    evidence: Series[str] = pa.Field(str_length={"min_value": 1})
    char_start: Series[int] = pa.Field(ge=0)
    char_end: Series[int] = pa.Field(ge=0)
    pegged_to: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check(error="char_end must be greater than char_start")
    def span_is_forward(cls, df: pd.DataFrame) -> Series[bool]:
        return df["char_end"] > df["char_start"]

    @pa.dataframe_check(error="value_high must not be below value")
    def range_is_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["value_high"].isna() | (df["value_high"] >= df["value"])


class ReportsModel(pa.DataFrameModel):
    report_id: Series[str] = pa.Field(unique=True, str_matches=r"^\S+$")
    region_code: Series[str] = pa.Field(str_matches=r"^\d{6}$")
    region_name: Series[str] = pa.Field(str_length={"min_value": 2})
    region_level: Series[str] = pa.Field(nullable=True)
    report_year: Series[int] = pa.Field(ge=1978, le=2100)
    year_reviewed: Series[float] = pa.Field(nullable=True, ge=1977, le=2100)
    delivered_on: Series[pd.Timestamp] = pa.Field(nullable=True)
    session: Series[str] = pa.Field(nullable=True)
    speaker: Series[str] = pa.Field(nullable=True)
    title: Series[str] = pa.Field(nullable=True)
    source: Series[str]
    raw_path: Series[str] = pa.Field(nullable=True)
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    n_chars: Series[int] = pa.Field(gt=0)
    text: Series[str]

    class Config:
        strict = True


class SectionsModel(pa.DataFrameModel):
    report_id: Series[str]
    ordinal: Series[int] = pa.Field(ge=0)
    part: Series[str] = pa.Field(isin=vocabulary("part"))
    title: Series[str] = pa.Field(nullable=True)
    char_start: Series[int] = pa.Field(ge=0)
    char_end: Series[int] = pa.Field(ge=0)

    class Config:
        strict = True

    @pa.dataframe_check(error="char_end must not be before char_start")
    def span_is_forward(cls, df: pd.DataFrame) -> Series[bool]:
        return df["char_end"] >= df["char_start"]


@dataclass(frozen=True)
class Violation:
    report_id: str
    message: str


def violations(model: type[pa.DataFrameModel], df: pd.DataFrame, table: str) -> list[Violation]:
    """Validate df against model; one Violation per report naming the table, columns, checks and rows."""
    try:
        model.validate(df, lazy=True)
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
