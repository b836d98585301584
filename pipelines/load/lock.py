"""One writer of the warehouse at a time, for every path (CLI, UI, sensor, schedule).

* :func:`hold_warehouse` takes an exclusive ``flock`` on ``<warehouse>.lock``. It is re-entrant
  within a process (``govreport run`` holds it around the run and the run's resource takes it
  again); a second process waits, and says for what: the lock file names its holder (PID, host,
  run id, since when).
* :func:`warehouse_holder` asks DuckDB whether another process holds the warehouse file itself
  (a BI tool, a notebook, even read-only): DuckDB refuses at once and names the holder's PID. It
  is asked before any work, so a held warehouse fails a run within seconds, in one line.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import duckdb

_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>\S+)(?: \(PID (?P<pid>\d+)\))?")

_held: dict[str, tuple[object, int]] = {}  # lock path -> (open handle, depth), this process
_guard = threading.Lock()


def is_local_file(database: str) -> bool:
    return not (database.startswith("md:") or database == ":memory:")


def lock_file(database: str) -> Path:
    wh = Path(database)
    return wh.with_name(wh.name + ".lock")


def describe_holder(path: Path) -> str:
    """Who holds the lock according to the lock file ("PID 123 on host, run abc, since ...")."""
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "another process"
    if not info:
        return "another process"
    said = f"PID {info.get('pid')} on {info.get('host')}"
    if info.get("run_id"):
        said += f", run {info['run_id']}"
    if info.get("since"):
        said += f", since {info['since']}"
    return said


@contextmanager
def hold_warehouse(
    database: str, *, run_id: str | None = None, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the warehouse's lock file for the block (re-entrant in one process)."""
    if not is_local_file(database):
        yield
        return
    path = lock_file(database)
    key = str(path.resolve())
    with _guard:
        if key in _held:
            handle, depth = _held[key]
            _held[key] = (handle, depth + 1)
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                handle, depth = _held[key]
                _held[key] = (handle, depth - 1)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"waiting for the warehouse {database}: its lock {path} is held by {describe_holder(path)}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "run_id": run_id,
                    "since": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                }
            )
        )
        handle.flush()
        with _guard:
            _held[key] = (handle, 1)
        try:
            yield
        finally:
            with _guard:
                _held.pop(key, None)
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def holds_warehouse(database: str) -> bool:
    """True when this process holds the warehouse lock."""
    return is_local_file(database) and str(lock_file(database).resolve()) in _held


def held_message(database: str, error: BaseException) -> str:
    """One line naming the warehouse and, where DuckDB gives it, the process holding it."""
    m = _HOLDER.search(str(error))
    who = "another process"
    if m:
        who = f"PID {m.group('pid')} ({m.group('exe')})" if m.group("pid") else m.group("exe")
    return (
        f"the warehouse {database} is held by {who}: DuckDB lets no run write it while another process "
        "has it open (even read-only); close that session (BI tools: open warehouse/marts.duckdb read-only "
        "instead) and run again"
    )


def is_lock_conflict(error: BaseException) -> bool:
    text = str(error)
    return "Could not set lock" in text or "Conflicting lock" in text


def warehouse_holder(database: str, *, wait: float = 2.0) -> str | None:
    """None when this process can open the warehouse for writing, else the one-line message of
    :func:`held_message`. Retries for ``wait`` seconds (a reader closing just now is no fault)."""
    if not is_local_file(database):
        return None
    deadline = time.monotonic() + wait
    while True:
        try:
            duckdb.connect(database).close()
            return None
        except duckdb.Error as exc:
            if not is_lock_conflict(exc):
                raise
            if time.monotonic() >= deadline:
                return held_message(database, exc)
            time.sleep(0.25)
