"""The test suite's time: the fast layer (``pytest -m "not slow"``, one process) and the whole suite
(``pytest -n auto``, as scripts/test.sh runs it), each timed once in this checkout.

Prints, for each: wall seconds, CPU seconds of pytest and every process it waited for (workers,
dbt, the CLI in subprocesses), the 1-minute load average before and after, the pass/fail line,
and the ratio of the wall time to issue 12's target (fast layer 30 s, whole suite 180 s on an
idle machine). Prints, never asserts; the exit status is pytest's.

    .venv/bin/python scripts/benchmark_tests.py            # both
    .venv/bin/python scripts/benchmark_tests.py --fast     # the fast layer only
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"fast layer": 30.0, "whole suite": 180.0}


def timed(name: str, args: list[str]) -> int:
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="govreport-bench-", dir=os.environ.get("TMPDIR")) as tmp:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp}/pt", *args],
                              cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = [line for line in done.stdout.splitlines() if line.strip()][-1:] or ["(no output)"]
    target = TARGETS[name]
    print(f"{name:12s} wall {wall:7.1f} s   CPU {cpu:7.1f} s   load {load_before:.2f} -> {os.getloadavg()[0]:.2f}   "
          f"wall/target {wall / target:.2f} (target {target:g} s)   {last[0].strip('= ')}")
    return done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fast", action="store_true", help="the fast layer only")
    opts = parser.parse_args()
    print(f"{os.cpu_count()} cores; TMPDIR={os.environ.get('TMPDIR', '(unset)')}")
    status = timed("fast layer", ["-m", "not slow"])
    if not opts.fast:
        status = timed("whole suite", ["-n", "auto"]) or status
    sys.exit(status)


if __name__ == "__main__":
    main()
