"""Adding one report to a warehouse of N reports (default 1,000) and rebuilding what depends on it.

Builds a synthetic landing of ``--reports`` reports (the generator of scripts/benchmark_scale.py:
real region codes, 200 facts per report, 20 % about catalog indicators) in a temporary DuckDB
file, then times, as the Dagster dbt step does them (pipelines.transform.build):

  1. the first build: ``dbt build --full-refresh`` (no recorded build), then the publication;
  2. a run with nothing new: the plan says skip (no dbt at all);
  3. one report added (``load_reports`` of one more report): the plan says incremental, and
     ``dbt build`` with GOVREPORT_REPORTS_LOADED_AFTER in its environment replaces that report's rows in the models
     keyed by report (int_indicator_facts, fct_indicator_facts) while the derived marts rebuild
     from them; then the publication of the marts;
  4. for comparison, what every run did before: ``dbt build --full-refresh`` of the same warehouse.

Prints the seconds of each step, the per-node seconds of the two incremental models, and the
ratio of (3) to (4) and to the 10-second target. Prints, never asserts.

    .venv/bin/python scripts/benchmark_incremental.py                 # 1,000 reports
    .venv/bin/python scripts/benchmark_incremental.py --reports 5000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from benchmark_scale import batch_frames, setup_generator  # noqa: E402

from pipelines.load.warehouse import REPORT_TABLES, load_reports  # noqa: E402
from pipelines.publish.marts import publish_marts  # noqa: E402
from pipelines.transform.build import BuildPlan, plan_build, record_build, record_publication  # noqa: E402

PROJECT = REPO / "dbt_project"
INCREMENTAL = ("int_indicator_facts", "fct_indicator_facts")


def dbt(wh: Path, work: Path, args: list[str], plan: BuildPlan | None = None) -> tuple[float, dict[str, float]]:
    exe = Path(sys.executable).with_name("dbt")
    env = {**os.environ, "GOVREPORT_WAREHOUSE": str(wh), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    if plan is not None:
        plan.apply_env(env)
    cmd = [str(exe), "build", *args, "--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT),
           "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"dbt build {' '.join(args)} failed:\n{done.stdout[-4000:]}")
    results = json.loads((work / "target" / "run_results.json").read_text())["results"]
    nodes = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results}
    return seconds, nodes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000, help="reports already in the warehouse (default 1000)")
    ap.add_argument("--facts-per-report", type=int, default=200)
    ap.add_argument("--text-chars", type=int, default=2000, help="characters of text per report (default 2000)")
    ap.add_argument("--workdir", type=Path, help="default: a new temporary folder, removed at the end")
    args = ap.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="govreport-incremental-"))
    work.mkdir(parents=True, exist_ok=True)
    wh = work / "govreport.duckdb"
    marts, parquet = work / "marts.duckdb", work / "marts"
    figures: dict[str, float] = {}

    def show(name: str, seconds: float, note: str = "") -> None:
        figures[name] = seconds
        print(f"  {name:<52} {seconds:8.2f} s  {note}", flush=True)

    print(f"workdir {work}; {os.cpu_count()} cpus; load average {os.getloadavg()[0]:.2f}", flush=True)
    try:
        gen = duckdb.connect()
        meta = setup_generator(gen, args.reports + 1, args.text_chars)
        con = duckdb.connect(str(wh))
        t0 = time.perf_counter()
        for lo in range(0, args.reports, 500):
            frames = batch_frames(gen, lo, min(args.reports, lo + 500), args.facts_per_report, 0.2,
                                  args.text_chars, meta["n_indicators"])
            load_reports(con, dict(zip(REPORT_TABLES, frames, strict=True)))
        con.close()
        show(f"load {args.reports:,} reports", time.perf_counter() - t0)

        plan = plan_build(str(wh))
        seconds, _ = dbt(wh, work, plan.args, plan)
        record_build(str(wh), plan)
        show(f"first dbt build ({plan.mode})", seconds)
        t0 = time.perf_counter()
        publish_marts(str(wh), marts, parquet)
        record_publication(str(wh))
        show("publication (all marts)", time.perf_counter() - t0)

        t0 = time.perf_counter()
        again = plan_build(str(wh))
        show(f"nothing new: plan ({again.mode})", time.perf_counter() - t0, again.reason)

        print(f"one report added to {args.reports:,}:", flush=True)
        frames = batch_frames(gen, args.reports, args.reports + 1, args.facts_per_report, 0.2,
                              args.text_chars, meta["n_indicators"])
        t_add = time.perf_counter()
        con = duckdb.connect(str(wh))
        load_reports(con, dict(zip(REPORT_TABLES, frames, strict=True)))
        con.close()
        show("  load the report", time.perf_counter() - t_add)
        t0 = time.perf_counter()
        plan = plan_build(str(wh))
        _, nodes = dbt(wh, work, plan.args, plan)
        record_build(str(wh), plan)
        incremental = time.perf_counter() - t0
        show(f"  dbt build ({plan.mode}: {plan.reason})", incremental)
        for name in INCREMENTAL:
            print(f"      {name:<48} {nodes.get(name, float('nan')):8.2f} s", flush=True)
        t0 = time.perf_counter()
        publish_marts(str(wh), marts, parquet)
        record_publication(str(wh))
        show("  publication", time.perf_counter() - t0)
        total = time.perf_counter() - t_add
        show("  total: one report added and rebuilt", total)

        print("before (every build a full rebuild), same warehouse:", flush=True)
        seconds, full_nodes = dbt(wh, work, ["--full-refresh", "--threads", "1"])
        show("  dbt build --full-refresh --threads 1", seconds)
        for name in INCREMENTAL:
            print(f"      {name:<48} {full_nodes.get(name, float('nan')):8.2f} s", flush=True)
        n = duckdb.connect(str(wh), read_only=True).execute("select count(*) from marts.fct_indicator_facts").fetchone()[0]
        print(f"fct_indicator_facts rows: {n:,}", flush=True)
        print(f"ratio incremental dbt / full rebuild: {incremental / seconds:.2f}")
        print(f"one report added: {total:.1f} s (target 10 s: {total / 10:.2f} of it); "
              f"load average now {os.getloadavg()[0]:.2f}")
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
