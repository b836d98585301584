"""The test suite's time: the fast layer (``pytest -m "not slow" -n auto``, on one pytest-xdist worker
per core as the README runs it while working; then in one process, ``-n0``, for comparison) and the
whole suite (``pytest -n auto``, as scripts/test.sh runs it), each timed once in this checkout.

Prints, for each: wall seconds, CPU seconds of pytest and every process it waited for (workers,
dbt, the CLI in subprocesses), the 1-minute load average before and after, the pass/fail line,
and the ratio of the wall time to issue 12's target (fast layer 30 s, whole suite 180 s on an
idle machine), then the tests that cost the most CPU seconds (setup, call and teardown, with the
processes each waited for: tests/conftest.py writes them when GOVREPORT_TEST_CPU_LOG is set) and
the CPU seconds per test file. CPU seconds, not wall time, are what to compare on a machine other
jobs share. Prints, never asserts; the exit status is pytest's.

    .venv/bin/python scripts/benchmark_tests.py            # both
    .venv/bin/python scripts/benchmark_tests.py --fast     # the fast layer only
    .venv/bin/python scripts/benchmark_tests.py --top 40 --basetemp /tmp/me-pt
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
TARGETS = {"fast layer": 30.0, "fast layer -n0": 30.0, "whole suite": 180.0}


def timed(name: str, args: list[str], top: int = 0, basetemp: str | None = None) -> int:
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="govreport-bench-", dir=os.environ.get("TMPDIR")) as tmp:
        cpu_log = Path(tmp) / "cpu.tsv"
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               f"--basetemp={basetemp or tmp + '/pt'}", *args],
                              cwd=REPO, capture_output=True, text=True,
                              env={**os.environ, "GOVREPORT_TEST_CPU_LOG": str(cpu_log)})
        per_test = read_cpu_log(cpu_log)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = [line for line in done.stdout.splitlines() if line.strip()][-1:] or ["(no output)"]
    target = TARGETS[name]
    print(f"{name:14s} wall {wall:7.1f} s   CPU {cpu:7.1f} s   load {load_before:.2f} -> {os.getloadavg()[0]:.2f}   "
          f"wall/target {wall / target:.2f} (target {target:g} s)   {last[0].strip('= ')}")
    if top:
        print_top(per_test, top)
    return done.returncode


def read_cpu_log(path: Path) -> list[tuple[float, str]]:
    """(CPU seconds, test id) per line of the log tests/conftest.py writes, most first."""
    if not path.exists():
        return []
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line]
    return sorted(((float(cpu), test) for cpu, test in rows), reverse=True)


def print_top(per_test: list[tuple[float, str]], top: int) -> None:
    """The ``top`` tests by CPU seconds, then the CPU seconds per test file (all of them)."""
    print(f"  CPU s of the tests: {sum(c for c, _ in per_test):.1f} over {len(per_test)} tests; the {top} most:")
    for cpu, test in per_test[:top]:
        print(f"  {cpu:7.1f}  {test}")
    files: dict[str, float] = {}
    for cpu, test in per_test:
        files[test.split("::")[0]] = files.get(test.split("::")[0], 0.0) + cpu
    print("  CPU s per file:")
    for file, cpu in sorted(files.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {cpu:7.1f}  {file}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fast", action="store_true", help="the fast layer only")
    parser.add_argument("--top", type=int, default=25, help="how many of the costliest tests to list (0: none)")
    parser.add_argument("--basetemp", help="pytest's --basetemp (default: a temporary folder, removed after)")
    opts = parser.parse_args()
    print(f"{os.cpu_count()} cores; TMPDIR={os.environ.get('TMPDIR', '(unset)')}")
    status = timed("fast layer", ["-m", "not slow", "-n", "auto"], basetemp=opts.basetemp and f"{opts.basetemp}-fast")
    status = timed("fast layer -n0", ["-m", "not slow", "-n0"], basetemp=opts.basetemp and f"{opts.basetemp}-fast0") or status
    if not opts.fast:
        status = timed("whole suite", ["-n", "auto"], opts.top, opts.basetemp) or status
    sys.exit(status)


if __name__ == "__main__":
    main()
