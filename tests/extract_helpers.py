"""Helpers for the extractor tests: run extract_facts on a snippet and pick rows."""

from __future__ import annotations

import pandas as pd

from pipelines.extract.facts import extract_facts


def facts(text: str, *, year_reviewed: int | None = 2022, report_year: int | None = 2023, plan: bool = False) -> pd.DataFrame:
    """Facts of a snippet; plan=True puts it under a plan heading."""
    if plan:
        text = "2023年主要目标任务\n" + text
    return extract_facts(text, report_id="t-2023", year_reviewed=year_reviewed, report_year=report_year)


def rows(df: pd.DataFrame, **where) -> pd.DataFrame:
    out = df
    for k, v in where.items():
        out = out[out[k] == v]
    return out


def one(df: pd.DataFrame, **where) -> dict:
    r = rows(df, **where)
    assert len(r) == 1, f"expected one row for {where}, got {len(r)}:\n{df.to_string()}"
    return r.iloc[0].to_dict()
