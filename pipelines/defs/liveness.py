"""Runs that die are found and marked failed, so the run queue (one run at a time) never stalls.

Every run records where it executes in its tags (``govreport/pid``, ``govreport/host``,
``govreport/pid_start``: the process's start time, so that a reused PID is not mistaken for the
run): ``govreport run`` at launch, runs launched by the daemon (sensor, schedule, UI) from their
warehouse-lock resource when they start. :func:`reap_dead_runs` marks failed every STARTING /
STARTED / CANCELING run of this host whose process is gone; the next run calls it before any
work, and so does the ``dead_run_sensor`` every 30 seconds.
"""

from __future__ import annotations

import os
import socket

import dagster as dg

PID_TAG, HOST_TAG, START_TAG = "govreport/pid", "govreport/host", "govreport/pid_start"

_LIVE_STATUSES = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


def process_start(pid: int) -> str | None:
    """The start time of a process (clock ticks since boot, /proc/<pid>/stat field 22), or None
    when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            stat = f.read()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def where_tags(pid: int | None = None) -> dict[str, str]:
    """The tags that tell where a run executes (this process by default)."""
    pid = pid or os.getpid()
    return {PID_TAG: str(pid), HOST_TAG: socket.gethostname(), START_TAG: process_start(pid) or ""}


def is_dead(run: dg.DagsterRun) -> bool:
    """True when the run's process (as its tags say) is gone from this host."""
    tags = run.tags
    if tags.get(HOST_TAG) != socket.gethostname() or not tags.get(PID_TAG, "").isdigit():
        return False  # another host, or not yet started: not ours to judge
    started = process_start(int(tags[PID_TAG]))
    return started is None or (bool(tags.get(START_TAG)) and started != tags[START_TAG])


def reap_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed every in-progress run of this host whose process is gone; returns their ids."""
    reaped = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=_LIVE_STATUSES)):
        if run.run_id and is_dead(run):
            instance.report_run_failed(
                run,
                message=f"process {run.tags[PID_TAG]} on {run.tags[HOST_TAG]} is gone (killed or crashed): "
                "run marked failed so that the queue goes on",
            )
            reaped.append(run.run_id)
    return reaped
