"""Wall-clock time per stage of a run, for what the step events cannot tell apart.

``govreport run`` prints a line per stage (pipelines.runner.stage_timings): most stages are the
duration of a Dagster step, read from the run's event log; the Pandera validation runs inside the
text and extract steps and is timed here (same process: the in-process executor).
"""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager

_totals: dict[str, float] = defaultdict(float)


@contextmanager
def timed(stage: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        _totals[stage] += time.perf_counter() - started


def reset() -> None:
    _totals.clear()


def totals() -> dict[str, float]:
    return dict(_totals)
