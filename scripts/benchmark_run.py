"""The main job (`govreport run`) on the committed raw/, timed cold, warm and with one new report.

Copies raw/ (the seed and the provincial reports) into a temporary folder with its own warehouse
and DAGSTER_HOME, then runs ``python -m pipelines.cli run`` three times as a user would:

  1. cold: empty warehouse, one report left out of the catalog (every report read, extracted,
     validated, loaded; dbt builds from scratch; marts published; site written);
  2. warm: nothing changed (the README's "run it again");
  3. one new report: the left-out catalog row put back (that report through every stage, dbt
     incremental, marts published again).

For each run: the wall time of the whole command (interpreter start-up included) and the
per-stage lines ``govreport run`` prints (start-up, read, extract, validate, load, dbt, publish,
site), then the ratios warm / cold and each run / the 10-second target, and the load average
(the machine may be shared: compare runs made back to back).

``--repo DIR`` times another checkout of the project (e.g. an older commit in a git worktree)
with this interpreter: the before/after of docs/scale.md. Prints, never asserts.

    .venv/bin/python scripts/benchmark_run.py
    .venv/bin/python scripts/benchmark_run.py --repo /tmp/govreport-before
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAGE_LINE = re.compile(r"^\s+(start-up|read|extract|validate|load|dbt|publish|site|other)\s+(.*?)\s*(?:\(.*)?$")


def run(repo: Path, work: Path) -> tuple[float, dict[str, str], str]:
    env = {
        **os.environ,
        "GOVREPORT_RAW_DIR": str(work / "raw"),
        "GOVREPORT_WAREHOUSE": str(work / "warehouse" / "govreport.duckdb"),
        "DAGSTER_HOME": str(work / "dagster_home"),
        "PYTHONPATH": str(repo),
        "DO_NOT_TRACK": "1",
    }
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "run"], cwd=repo, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"govreport run failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    stages: dict[str, str] = {}
    plan = ""
    in_stages = False
    for line in done.stdout.splitlines():
        if line.startswith("this run:"):
            plan = line.removeprefix("this run:").strip()
        if line.startswith("time by stage"):
            in_stages = True
            continue
        m = STAGE_LINE.match(line) if in_stages else None
        if m:
            stages[m.group(1)] = m.group(2)
        elif in_stages:
            in_stages = False
    return seconds, stages, plan


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", type=Path, default=REPO, help="the checkout to time (default: this one)")
    ap.add_argument("--raw-dir", type=Path, default=REPO / "raw", help="the raw folder to copy (default raw/)")
    args = ap.parse_args()
    repo = args.repo.resolve()

    work = Path(tempfile.mkdtemp(prefix="govreport-run-"))
    try:
        shutil.copytree(args.raw_dir, work / "raw")
        (work / "warehouse").mkdir()
        catalog = work / "raw" / "sources.csv"
        lines = catalog.read_text(encoding="utf-8").splitlines(keepends=True)
        catalog.write_text("".join(lines[:-1]), encoding="utf-8")
        n = len(lines) - 2
        print(f"repo {repo}; {n + 1} reports in {args.raw_dir}; {os.cpu_count()} cpus", flush=True)

        results = {}
        for name, before in (
            (f"cold ({n} reports, empty warehouse)", None),
            ("warm (nothing changed)", None),
            ("one new report", lambda: catalog.write_text("".join(lines), encoding="utf-8")),
        ):
            if before:
                before()
            load = os.getloadavg()[0]
            seconds, stages, plan = run(repo, work)
            results[name] = seconds
            print(f"\n{name}: {seconds:.1f} s wall (load average {load:.2f} before, {os.getloadavg()[0]:.2f} after)")
            if plan:
                print(f"  {plan}")
            for stage, value in stages.items():
                print(f"  {stage:<9} {value}")
        cold, warm, new = results.values()
        print(f"\nratios: warm / cold {warm / cold:.2f}; one new report / cold {new / cold:.2f}; "
              f"warm / 10 s target {warm / 10:.2f}; one new report / 10 s target {new / 10:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
