"""Running one step of the pipeline over the reports of a run (one report, or a whole batch).

A report that fails is logged, recorded in landing.ingest_errors with the step's name and the
run id, and left out of the step's output (its stored result from an earlier run is removed by
the IO manager), so the other reports of a batch go on. A step in which every report failed
fails the run, with each report's error in the message. The assets' materialization metadata
lists the reports they hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.load.warehouse import record_error
from pipelines.validate.models import Violation

T = TypeVar("T")


def record_errors(
    warehouse: DuckDBResource, stage: str, errors: dict[str, tuple[str | None, str]], run_id: str | None
) -> None:
    if not errors:
        return
    with warehouse.get_connection() as con:
        for report_id, (source, message) in errors.items():
            record_error(con, stage=stage, message=message, source=source, report_id=report_id, run_id=run_id)


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
    record_errors(warehouse, stage, errors, context.run_id)
    if errors and not results:
        raise dg.Failure(
            description="\n".join(message for _, message in errors.values()),
            metadata={"failed_reports": sorted(errors)},
        )
    return results


def validated(
    context: dg.AssetExecutionContext,
    check_name: str,
    results: dict[str, T],
    found: list[Violation],
    warehouse: DuckDBResource,
) -> tuple[dict[str, T], dg.AssetCheckResult]:
    """Drop the reports that fail their Pandera model (recorded, stage validate) and the result of
    the blocking check: failed with severity ERROR (downstream does not run) when no report of the
    run is valid, with severity WARN when the valid ones go on without the rejected ones. Either
    way a rejected report never reaches the warehouse."""
    bad = {v.report_id for v in found}
    record_errors(warehouse, "validate", {v.report_id: (None, v.message) for v in found}, context.run_id)
    kept = {rid: value for rid, value in results.items() if rid not in bad}
    for v in found:
        context.log.error(v.message)
    check = dg.AssetCheckResult(
        check_name=check_name,
        passed=not found,
        severity=dg.AssetCheckSeverity.WARN if kept else dg.AssetCheckSeverity.ERROR,
        metadata={
            "rejected_reports": sorted(bad),
            "violations": dg.MetadataValue.md("\n".join(f"- {v.message}" for v in found) or "none"),
        },
        description="; ".join(v.message for v in found) or None,
    )
    return kept, check
