"""Running one step of the pipeline over the reports of a run (one report, or a whole batch).

A report that fails is logged, recorded in landing.ingest_errors with the step's name and the
run id, and left out of the step's output (its stored result from an earlier run is removed by
the IO manager), so the other reports of a batch go on. A step in which every report failed
fails the run, with each report's error in the message. The assets' materialization metadata
lists the reports they hold.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.contracts import contract
from pipelines.load.warehouse import record_errors_or_keep
from pipelines.validate.models import Violation

T = TypeVar("T")


def record_errors(
    warehouse: DuckDBResource, stage: str, errors: dict[str, tuple[str | None, str]], run_id: str | None
) -> None:
    """Append the failures to landing.ingest_errors, or keep them beside the warehouse
    (pending_errors.jsonl) when it cannot be written now; the next run that can merges them."""
    rows = [
        dict(stage=stage, message=message, source=source, report_id=report_id, run_id=run_id)
        for report_id, (source, message) in errors.items()
    ]
    record_errors_or_keep(warehouse.database, rows)


class StepDeadlineExceeded(TimeoutError):
    """One report's step ran past GOVREPORT_STEP_DEADLINE."""


@contextmanager
def report_deadline(seconds: float, what: str) -> Iterator[None]:
    """Interrupt the block after ``seconds`` with StepDeadlineExceeded (SIGALRM; only in the main
    thread, where Dagster's in-process executor runs the steps; elsewhere the block is not timed)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise StepDeadlineExceeded(f"{what} ran past the step deadline of {seconds:g}s (GOVREPORT_STEP_DEADLINE)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
    deadline = settings.step_deadline()
    for report_id in report_ids:
        try:
            with report_deadline(deadline, f"{stage} of report {report_id}"):
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


def table_schema(table: str) -> dg.TableSchema:
    """landing.<table>'s contract as a Dagster column schema (shown in the UI)."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                c.name, c.dtype, description=c.description,
                constraints=dg.TableColumnConstraints(nullable=c.nullable, unique=contract(table).key == [c.name]),
            )
            for c in contract(table).columns
        ]
    )


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
            "rejected_report_count": len(bad),
            "violation_count": len(found),
            "valid_report_count": len(kept),
            "violations": dg.MetadataValue.md("\n".join(f"- {v.message}" for v in found) or "none"),
        },
        description="; ".join(v.message for v in found) or None,
    )
    return kept, check


def observe_reports(
    context: dg.AssetExecutionContext,
    asset_key: dg.AssetKey | str | list[str],
    per_report: dict[str, dict],
) -> None:
    """Metadata of each report on its own partition. A single-run backfill materializes every
    partition of the run with the same metadata (Dagster has no per-partition metadata for a
    range run), so each report's own counts are logged as an AssetObservation of its partition,
    shown in the partition's events in the UI."""
    key = dg.AssetKey.from_coercible(asset_key)
    for report_id, metadata in per_report.items():
        context.log_event(dg.AssetObservation(asset_key=key, partition=report_id, metadata=metadata))


def preview(df, n: int = 10, columns: list[str] | None = None) -> dg.MetadataValue:
    """The first rows as a Markdown table (MetadataValue.md): what the UI shows as a preview."""
    cols = [c for c in (columns or list(df.columns)) if c in df.columns]
    head = df[cols].head(n)

    def cell(v) -> str:
        import pandas as pd

        text = "" if v is None or (pd.api.types.is_scalar(v) and pd.isna(v)) else str(v)  # NaN, NA -> empty
        text = text.replace("|", "\\|").replace("\n", " ")
        return text if len(text) <= 60 else text[:57] + "..."

    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in head.itertuples(index=False)]
    return dg.MetadataValue.md("\n".join(lines) + f"\n\n{len(head)} of {len(df)} rows")
