"""Faults named at once, nothing lost.

Fast tests: the dbt guard (dbt dies with its parent, and at the step deadline), dead runs marked
failed so that the run queue (one run at a time) goes on, a held warehouse refused in one line
within seconds, failures kept beside a held warehouse and merged later, a waiting run saying whom
it waits for, sensor run keys that carry raw versions, pruning.

The slow test (``-m slow``) kills real ``govreport run`` processes at several stages (their own
process group, or the parent alone) and checks: no orphan process, no STARTED run left behind,
the queue dequeues the next run, and the counts equal a clean run's.

Signals go only to processes these tests start. Network: none.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import from_seed_run
from test_pipeline import SYNTHETIC_2024, counts

from pipelines.defs.liveness import PID_TAG, reap_dead_runs, where_tags
from pipelines.load.lock import hold_warehouse, warehouse_holder
from pipelines.load.warehouse import ensure_landing, merge_pending_errors, pending_errors_file, record_errors_or_keep

pytestmark = pytest.mark.slow  # Dagster, dbt, subprocesses or a browser

GUARD = Path(sys.executable).parent / "govreport-dbt"
REPO = Path(__file__).resolve().parent.parent


def wait_for(predicate, timeout: float, what: str, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="utf-8")
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def cmdline(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}/cmdline").read_bytes()).replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def processes_of(warehouse: Path) -> list[int]:
    """Processes (other than this test's) whose environment points at this workspace's warehouse."""
    needle = f"GOVREPORT_WAREHOUSE={warehouse}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes() and alive(int(entry.name)):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


# --- the dbt guard -------------------------------------------------------------------------------

PARENT = textwrap.dedent(
    """
    import os, subprocess, sys, time
    child = subprocess.Popen([sys.argv[1], "30"], env={**os.environ, "GOVREPORT_DBT_REAL": "sleep"})
    print(child.pid, flush=True)
    time.sleep(60)
    """
)


@pytest.mark.skipif(not GUARD.exists(), reason="govreport-dbt not installed (run scripts/setup.sh)")
def test_dbt_dies_with_the_run_that_started_it():
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(GUARD)], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        wait_for(lambda: "sleep" in cmdline(child), 10, "the guard to become the real program")
        parent.kill()  # the parent alone, as `kill -9 <govreport run>` would
        parent.wait(timeout=10)
        wait_for(lambda: not alive(child), 10, "the child to die with its parent")
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(timeout=10)


@pytest.mark.skipif(not GUARD.exists(), reason="govreport-dbt not installed (run scripts/setup.sh)")
def test_dbt_is_ended_at_the_step_deadline():
    started = time.monotonic()
    done = subprocess.run(
        [str(GUARD), "30"], env={**os.environ, "GOVREPORT_DBT_REAL": "sleep", "GOVREPORT_STEP_DEADLINE": "1"}, timeout=20
    )
    assert done.returncode == -signal.SIGALRM and time.monotonic() - started < 10


# --- dead runs and the queue ---------------------------------------------------------------------


def dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait(timeout=10)
    return p.pid


def runs_to_dequeue(instance: dg.DagsterInstance) -> list[str]:
    """What the daemon's run coordinator would launch now (its own selection logic, without
    launching): QueuedRunCoordinatorDaemon._get_runs_to_dequeue."""
    from dagster._daemon.run_coordinator.queued_run_coordinator_daemon import QueuedRunCoordinatorDaemon

    daemon = QueuedRunCoordinatorDaemon(interval_seconds=1)
    return [r.run_id for r in daemon._get_runs_to_dequeue(instance, instance.get_concurrency_config(), None)]


def queued_run(instance: dg.DagsterInstance) -> dg.DagsterRun:
    """A run waiting in the queue, as the sensor or the schedule submits one (only listed here,
    never launched: the selection logic does not need its code location)."""
    from dagster._core.remote_origin import RegisteredCodeLocationOrigin, RemoteJobOrigin, RemoteRepositoryOrigin
    from dagster._core.utils import make_new_run_id

    origin = RemoteJobOrigin(
        repository_origin=RemoteRepositoryOrigin(
            code_location_origin=RegisteredCodeLocationOrigin(location_name="pipelines"),
            repository_name="__repository__",
        ),
        job_name="govreport_job",
    )
    run = dg.DagsterRun(
        job_name="govreport_job", run_id=make_new_run_id(), status=dg.DagsterRunStatus.QUEUED, remote_job_origin=origin
    )
    return instance.add_run(run)


def started_run(instance: dg.DagsterInstance, tags: dict[str, str]) -> dg.DagsterRun:
    from pipelines.definitions import defs

    job = defs().resolve_job_def("govreport_job")
    run = instance.create_run_for_job(job, tags=tags, status=dg.DagsterRunStatus.STARTED)
    return run


def test_a_dead_run_is_marked_failed_and_the_queue_goes_on(workspace):
    from pipelines.defs.automation import dead_run_sensor

    instance = dg.DagsterInstance.from_config(str(workspace.home))  # the dagster.yaml of the runs: queue of one
    dead = started_run(instance, {**where_tags(), PID_TAG: str(dead_pid())})
    living = started_run(instance, where_tags())  # this process: alive, left alone
    queued = queued_run(instance)
    instance.report_run_failed(living)  # leave the dead run alone in the only slot
    assert runs_to_dequeue(instance) == []  # the dead STARTED run holds the only slot: the queue stalls

    result = dead_run_sensor(dg.build_sensor_context(instance=instance))
    assert "marked 1 dead run(s) failed" in str(result.skip_message)
    assert instance.get_run_by_id(dead.run_id).status == dg.DagsterRunStatus.FAILURE
    assert runs_to_dequeue(instance) == [queued.run_id]  # the daemon would now launch it
    assert reap_dead_runs(instance) == []


def test_a_living_run_and_a_reused_pid_are_told_apart(workspace):
    instance = dg.DagsterInstance.from_config(str(workspace.home))
    mine = started_run(instance, where_tags())
    reused = started_run(instance, {**where_tags(), "govreport/pid_start": "1"})  # same PID, other process
    assert reap_dead_runs(instance) == [reused.run_id]
    assert instance.get_run_by_id(mine.run_id).status == dg.DagsterRunStatus.STARTED


# --- a held warehouse ----------------------------------------------------------------------------

HOLD = "import sys, duckdb, time; c = duckdb.connect(sys.argv[1], read_only=True); print('holding', flush=True); time.sleep(120)"


def small_warehouse(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        ensure_landing(con)
        con.execute("CREATE SCHEMA IF NOT EXISTS marts")
        con.execute("CREATE TABLE IF NOT EXISTS marts.dim_reports AS SELECT 'x' AS report_id")


def test_a_read_only_reader_holding_the_warehouse_stops_the_run_in_one_line(workspace):
    small_warehouse(workspace.warehouse)
    before = counts(workspace.warehouse)
    reader = subprocess.Popen([sys.executable, "-c", HOLD, str(workspace.warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "holding"
        done = subprocess.run(  # the timeout only guards against a hang: "at once" is checked below
            [sys.executable, "-m", "pipelines.cli", "run", "--rebuild"],  # every step runs, even with nothing changed
            capture_output=True, text=True, timeout=300, cwd=REPO,
        )
    finally:
        reader.kill()
        reader.wait(timeout=10)
    assert done.returncode != 0
    # refused before any work: no Dagster run was started (nothing waited on the lock, nothing ran)
    with dg.DagsterInstance.from_config(str(workspace.home)) as instance:
        assert instance.get_runs() == []
    console = done.stdout + done.stderr
    assert "Traceback" not in console, console
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("error: ")]
    assert f"the warehouse {workspace.warehouse} is held by PID {reader.pid}" in line
    assert "reports loaded" not in done.stdout  # no summary of an earlier build
    assert counts(workspace.warehouse) == before


def test_failures_that_cannot_reach_the_warehouse_are_kept_and_merged(workspace):
    small_warehouse(workspace.warehouse)
    row = dict(stage="text", message="text: report 110119-2023 (x.txt): DocumentError: …", source="x.txt",
               report_id="110119-2023", run_id="r1")
    reader = subprocess.Popen([sys.executable, "-c", HOLD, str(workspace.warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "holding"
        assert "is held by PID" in warehouse_holder(str(workspace.warehouse), wait=0.2)
        assert record_errors_or_keep(str(workspace.warehouse), [row]) is False
    finally:
        reader.kill()
        reader.wait(timeout=10)
    kept = pending_errors_file()
    assert kept.parent == workspace.out and json.loads(kept.read_text(encoding="utf-8"))["message"] == row["message"]
    with duckdb.connect(str(workspace.warehouse)) as con:
        assert merge_pending_errors(con) == 1
        assert con.execute("SELECT run_id, stage, report_id FROM landing.ingest_errors").fetchall() == [
            ("r1", "text", "110119-2023")
        ]
        assert merge_pending_errors(con) == 0
    assert not kept.exists()


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pipelines.load.lock import hold_warehouse
    with hold_warehouse(sys.argv[1], run_id="run-in-the-ui"):
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def test_a_waiting_run_says_whom_it_waits_for(workspace):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(workspace.warehouse), "2"], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    said: list[str] = []
    try:
        assert holder.stdout.readline().strip() == "locked"
        with hold_warehouse(str(workspace.warehouse), on_wait=said.append):
            pass
    finally:
        holder.kill()
        holder.wait(timeout=10)
    (message,) = said
    assert f"held by PID {holder.pid}" in message and "run run-in-the-ui" in message


def test_the_lock_is_reentrant_in_one_process(workspace):
    with hold_warehouse(str(workspace.warehouse)):
        with hold_warehouse(str(workspace.warehouse), on_wait=lambda m: pytest.fail(m)):
            pass


# --- changes never missed; bounded disk ---------------------------------------------------------


def test_sensor_run_keys_carry_the_raw_version(workspace, instance, resources):
    from pipelines.defs.automation import raw_folder_sensor

    def tick(cursor=None):
        return raw_folder_sensor(dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor))

    first = tick()
    (request,) = first.run_requests
    instance.add_dynamic_partitions("reports", ["110119-2023"])
    assert tick(first.cursor).run_requests == []  # nothing changed: nothing asked

    seed = next(workspace.raw.glob("000_*.txt"))
    seed.write_bytes(seed.read_bytes() + "\n(更正)\n".encode("utf-8"))  # the file changes
    changed = tick(first.cursor)
    (again,) = changed.run_requests
    assert again.run_key != request.run_key and again.tags == request.tags

    catalog = workspace.raw / "sources.csv"  # removed (row and file), then added back
    rows = catalog.read_text(encoding="utf-8")
    catalog.write_text(rows.splitlines()[0] + "\n", encoding="utf-8")
    seed.rename(workspace.root / seed.name)
    removed = tick(changed.cursor)
    assert removed.run_requests == []
    (workspace.root / seed.name).rename(seed)
    catalog.write_text(rows, encoding="utf-8")
    (readded,) = tick(removed.cursor).run_requests
    assert readded.tags == request.tags

    (workspace.raw / "yanqing_2024_synthetic.txt").write_text(SYNTHETIC_2024, encoding="utf-8")
    (new,) = tick(changed.cursor).run_requests  # a new report: its own range
    assert new.tags["dagster/asset_partition_range_start"] == "110119-2024"


def test_old_target_folders_and_compute_logs_are_pruned(tmp_path, workspace):
    from pipelines.defs.housekeeping import prune_run_files

    instance = dg.DagsterInstance.from_config(str(workspace.home))
    living = started_run(instance, where_tags())
    target, storage = tmp_path / "target", tmp_path / "storage"
    names = []
    for i in range(6):
        run_id = f"{i:08x}-0000-0000-0000-000000000000"
        d = target / f"govreport_dbt-{run_id[:7]}-abcdef{i}"
        (d / "compiled").mkdir(parents=True)
        (storage / run_id / "compute_logs").mkdir(parents=True)
        os.utime(d, (1000 + i, 1000 + i))
        os.utime(storage / run_id, (1000 + i, 1000 + i))
        names.append(d.name)
    old_live = target / f"govreport_dbt-{living.run_id[:7]}-0000000"
    old_live.mkdir()
    os.utime(old_live, (1, 1))
    (target / "manifest.json").write_text("{}", encoding="utf-8")
    removed = prune_run_files(instance, keep=2, target_dir=target, storage_dir=storage)
    assert removed == 8
    assert sorted(p.name for p in target.iterdir()) == sorted([*names[-2:], old_live.name, "manifest.json"])
    assert len(list(storage.iterdir())) == 2


# --- killing real runs ---------------------------------------------------------------------------


def start_run(workspace, n: int) -> subprocess.Popen:
    log = open(workspace.root / f"run-{n}.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "run", "--rebuild"],  # every step runs, even with nothing changed
        stdout=log, stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True,  # its own process group
    )


def running(run: subprocess.Popen, workspace, n: int, predicate):
    """predicate(), failing at once when the run ended before reaching the stage."""
    def check():
        value = predicate()
        if not value and run.poll() is not None:
            log = (workspace.root / f"run-{n}.log").read_text(encoding="utf-8", errors="replace")
            raise AssertionError(f"the run ended (exit {run.returncode}) before the stage:\n{log[-3000:]}")
        return value
    return check


def started_steps(instance: dg.DagsterInstance) -> set[str]:
    runs = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]), limit=1)
    if not runs:
        return set()
    events = instance.all_logs(runs[0].run_id, of_type=dg.DagsterEventType.STEP_START)
    return {e.step_key for e in events}


def dbt_child(pid: int) -> int | None:
    return next((c for c in children(pid) if " build" in cmdline(c) and "dbt" in cmdline(c)), None)


@pytest.mark.slow
def test_killed_runs_leave_no_orphan_no_started_run_and_the_same_counts(workspace, seed_run):
    from pipelines.runner import run_all

    instance = dg.DagsterInstance.from_config(str(workspace.home))
    from_seed_run(workspace, seed_run)  # a successful first run over the seed (tests/conftest.py)
    clean = counts(workspace.warehouse)
    stages = [
        # (what to wait for, whom to kill)
        ("report_documents", "group"),
        ("dbt", "parent"),
        ("published_marts", "group"),
    ]
    dbt_pids, killed = [], []
    for n, (stage, whom) in enumerate(stages):
        run = start_run(workspace, n)
        try:
            if stage == "dbt":
                dbt_pids.append(wait_for(running(run, workspace, n, lambda run=run: dbt_child(run.pid)), 240, "dbt to start"))
            else:
                wait_for(running(run, workspace, n, lambda stage=stage: stage in started_steps(instance)), 240, f"step {stage}")
            if whom == "group":
                os.killpg(run.pid, signal.SIGKILL)  # the run's own process group: started by this test
            else:
                os.kill(run.pid, signal.SIGKILL)  # the parent alone: its children must not outlive it
            run.wait(timeout=30)
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait(timeout=30)
        wait_for(lambda: not processes_of(workspace.warehouse), 15, f"no process left after the kill at {stage}")
        # the killed run is left STARTED (nobody told the instance); the one killed before it was
        # marked failed by this run before its work
        (left,) = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))
        killed.append(left.run_id)
    assert len(set(killed)) == len(stages)
    assert dbt_pids and not any(alive(p) for p in dbt_pids)

    # the queue: with those STARTED runs the daemon launches nothing; once they are found dead it does
    queued = queued_run(instance)
    assert runs_to_dequeue(instance) == []
    outcome = run_all(instance)  # the next run marks them failed before any work
    assert outcome.success, outcome.errors
    assert instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])) == []
    assert {instance.get_run_by_id(r).status for r in killed} == {dg.DagsterRunStatus.FAILURE}
    assert runs_to_dequeue(instance) == [queued.run_id]
    assert counts(workspace.warehouse) == clean
    assert not [p for p in workspace.out.iterdir() if p.name.startswith((".marts.duckdb.", "marts.build-"))
                and p.resolve() != (workspace.out / "marts").resolve()]
    with duckdb.connect(str(workspace.out / "marts.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from dim_reports").fetchone()[0] == clean["marts.dim_reports"]
