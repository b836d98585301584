"""Running one step of the pipeline over the reports of a run (one report, or a whole batch).

A report that fails is logged, recorded in landing.ingest_errors with the step's name, and left
out of the step's output, so the other reports of a batch go on. A step in which every report
failed fails the run, with each report's error in the message. The assets' materialization
metadata lists the reports they hold, so the failed ones are the partitions missing there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.schemas import Violation
from pipelines.warehouse import record_error

T = TypeVar("T")


class ReportError(Exception):
    """A report cannot go on: the message names the source and the problem."""


def record_errors(warehouse: DuckDBResource, stage: str, errors: dict[str, tuple[str | None, str]]) -> None:
    if not errors:
        return
    with warehouse.get_connection() as con:
        for report_id, (source, message) in errors.items():
            record_error(con, stage=stage, message=message, source=source, report_id=report_id)


def each_report(
    context: dg.AssetExecutionContext,
    stage: str,
    report_ids: Iterable[str],
    step: Callable[[str], T],
    *,
    warehouse: DuckDBResource,
    source_of: Callable[[str], str | None] = lambda _: None,
) -> dict[str, T]:
    results: dict[str, T] = {}
    errors: dict[str, tuple[str | None, str]] = {}
    for report_id in report_ids:
        try:
            results[report_id] = step(report_id)
        except Exception as exc:  # noqa: BLE001 - every failure of one report is recorded, none lost
            source = source_of(report_id)
            message = f"{stage}: report {report_id} ({source or 'unknown source'}): {type(exc).__name__}: {exc}"
            context.log.error(message)
            errors[report_id] = (source, message)
    record_errors(warehouse, stage, errors)
    if errors and not results:
        raise dg.Failure(
            description="\n".join(message for _, message in errors.values()),
            metadata={"failed_reports": sorted(errors)},
        )
    return results


def pandera_check(check_name: str, found: list[Violation], warehouse: DuckDBResource) -> dg.AssetCheckResult:
    """The result of a blocking Pandera check; each violating report is also recorded (stage validate)."""
    record_errors(warehouse, "validate", {v.report_id: (None, v.message) for v in found})
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=not found,
        metadata={"violations": dg.MetadataValue.md("\n".join(f"- {v.message}" for v in found) or "none")},
        description="; ".join(v.message for v in found) or None,
    )
