"""Soak test (not part of pytest): consecutive `govreport run`s with random kills and a BI reader.

    .venv/bin/python scripts/soak.py [--runs 20] [--kill-probability 0.5] [--seed 13] [--out FILE]

In a scratch workspace (a copy of the seed report and a few provincial reports, its own warehouse
and DAGSTER_HOME), it starts one clean run, then ``--runs`` runs of which each is, at random,
left alone or killed with SIGKILL after a random delay — either its whole process group or the
parent alone (signals go only to the processes this script starts). Meanwhile a "BI tool" keeps
opening the published marts.duckdb: mostly read-only, now and then read-write with a write (as
DBeaver or Superset may), and now and then it is killed in the middle of a write (leaving a WAL).

After every run it records: exit status or the kill, seconds, processes of the workspace left
alive (orphans), runs left STARTED in the Dagster instance after the next run began, and whether
the published copy opens. At the end it runs once more without kills and compares every table's
row count with the first clean run. It prints a Markdown report (docs/faults.md holds one).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

BI_READER = textwrap.dedent(
    """
    import random, sys, time, duckdb
    marts, seed = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(seed)
    ok = bad = writes = 0
    while True:
        try:
            if rnd.random() < 0.15:
                con = duckdb.connect(marts)                     # read-write, as BI tools default to
                con.execute("SET checkpoint_threshold = '1GB'")
                con.execute("CREATE OR REPLACE TABLE bi_scratch AS SELECT now() AS t")
                writes += 1
                print(f"write {writes}", flush=True)
                time.sleep(rnd.uniform(0.2, 1.5))
                con.close()
            else:
                con = duckdb.connect(marts, read_only=True)
                con.execute("select count(*) from dim_reports").fetchone()
                con.close()
                ok += 1
                print("read ok", flush=True)
        except Exception as exc:  # noqa: BLE001
            text = str(exc).splitlines()[0]
            kind = "busy" if ("lock" in text.lower() or "does not exist" in text or "No such file" in text) else "error"
            print(f"read {kind} {text}", flush=True)
        time.sleep(rnd.uniform(0.2, 0.8))
    """
)


def workspace(root: Path) -> dict[str, str]:
    raw = root / "raw"
    raw.mkdir(parents=True)
    lines = (REPO / "raw" / "sources.csv").read_text(encoding="utf-8").splitlines()
    keep = [lines[0], lines[1]]  # the seed
    shutil.copy(REPO / "raw" / "000_c4f1182ef43108cd.txt", raw)
    for line in lines[2:5]:  # three provincial reports
        source = line.split(",")[1]
        (raw / source).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "raw" / source, raw / source)
        keep.append(line)
    (raw / "sources.csv").write_text("\n".join(keep) + "\n", encoding="utf-8")
    (root / "warehouse").mkdir()
    home = root / "dagster_home"
    home.mkdir()
    sys.path.insert(0, str(REPO))
    from pipelines.settings import DAGSTER_YAML

    (home / "dagster.yaml").write_text(DAGSTER_YAML, encoding="utf-8")
    return {
        **os.environ,
        "GOVREPORT_RAW_DIR": str(raw),
        "GOVREPORT_WAREHOUSE": str(root / "warehouse" / "govreport.duckdb"),
        "DAGSTER_HOME": str(home),
        "DO_NOT_TRACK": "1",
    }


def processes_of(needle: bytes, exclude: set[int]) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in exclude:
            continue
        try:
            if needle in (entry / "environ").read_bytes():
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def counts(warehouse: str) -> dict[str, int]:
    import duckdb

    with duckdb.connect(warehouse, read_only=True) as con:
        tables = con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema IN ('landing', 'marts') AND table_type = 'BASE TABLE' AND table_name <> 'ingest_errors' ORDER BY 1"
        ).fetchall()
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for (t,) in tables}


def started_runs(home: str) -> int:
    import dagster as dg

    instance = dg.DagsterInstance.from_config(home)
    return len(instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])))


def run_once(env, kill: str | None, delay: float) -> tuple[str, float]:
    started = time.monotonic()
    proc = subprocess.Popen(
        [PYTHON, "-m", "pipelines.cli", "run"], cwd=REPO, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    if kill:
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            if kill == "group":
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
            proc.stderr.close()
            return f"killed ({kill}) at {delay:.0f}s", time.monotonic() - started
    err = proc.communicate(timeout=1800)[1].decode(errors="replace")
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    said = f"exit {proc.returncode}" + (f": {errors[0][:140]}" if errors else "")
    return said, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--kill-probability", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", help="also write the report to this file")
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="govreport-soak-"))
    env = workspace(root)
    needle = f"GOVREPORT_WAREHOUSE={env['GOVREPORT_WAREHOUSE']}".encode()
    marts = str(root / "warehouse" / "marts.duckdb")
    lines = [f"# soak: {args.runs} runs, kill probability {args.kill_probability}, seed {args.seed}", ""]

    said, seconds = run_once(env, None, 0)
    clean = counts(env["GOVREPORT_WAREHOUSE"])
    lines.append(f"clean run: {said} in {seconds:.0f}s; {sum(clean.values())} rows in {len(clean)} tables")
    lines += ["", "| # | what happened | s | orphans | STARTED runs | BI reads ok / busy / errors |", "|---|---|---|---|---|---|"]

    bi_log: list[str] = []
    bi = subprocess.Popen([PYTHON, "-c", BI_READER, marts, str(args.seed)], stdout=subprocess.PIPE, text=True, env=env)
    threading.Thread(target=lambda: [bi_log.append(line) for line in bi.stdout], daemon=True).start()
    exclude = {os.getpid(), bi.pid}
    typical = max(seconds, 20.0)
    problems = 0
    try:
        for i in range(1, args.runs + 1):
            kill = None
            if rnd.random() < args.kill_probability:
                kill = rnd.choice(["group", "parent"])
            delay = rnd.uniform(2, typical)
            before = len(bi_log)
            said, seconds = run_once(env, kill, delay)
            orphans = []
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                orphans = processes_of(needle, exclude)
                if not orphans:
                    break
                time.sleep(0.5)
            started = started_runs(env["DAGSTER_HOME"])
            window = bi_log[before:]
            ok = sum(1 for x in window if x.startswith("read ok"))
            busy = sum(1 for x in window if x.startswith("read busy"))
            errs = [x for x in window if x.startswith("read error")]
            if orphans or errs or (not said.startswith("killed") and started):
                problems += 1
            lines.append(
                f"| {i} | {said} | {seconds:.0f} | {len(orphans)} | {started} | {ok} / {busy} / {len(errs)}"
                + (f" ({errs[0][11:90]})" if errs else "") + " |"
            )
            print(lines[-1], flush=True)
            if rnd.random() < 0.2 and bi.poll() is None:  # the BI tool crashes (perhaps mid-write)
                bi.kill()
                bi.wait(timeout=10)
                bi = subprocess.Popen([PYTHON, "-c", BI_READER, marts, str(args.seed + i)], stdout=subprocess.PIPE, text=True, env=env)
                threading.Thread(target=lambda b=bi: [bi_log.append(line) for line in b.stdout], daemon=True).start()
                exclude.add(bi.pid)
    finally:
        bi.kill()
        bi.wait(timeout=10)

    said, seconds = run_once(env, None, 0)
    final = counts(env["GOVREPORT_WAREHOUSE"])
    started = started_runs(env["DAGSTER_HOME"])
    same = final == clean
    lines += [
        "",
        f"final run without kills: {said} in {seconds:.0f}s; STARTED runs left: {started}; "
        f"row counts {'equal' if same else 'DIFFER from'} the clean run's",
    ]
    if not same:
        lines += [f"  {k}: clean {clean.get(k)} final {final.get(k)}" for k in sorted(set(clean) | set(final)) if clean.get(k) != final.get(k)]
    lines.append(f"rows with problems (orphans, reader errors, STARTED after a clean run): {problems}")
    report = "\n".join(lines)
    print(report)
    if args.out:
        Path(args.out).write_text(report + "\n", encoding="utf-8")
    shutil.rmtree(root, ignore_errors=True)
    return 0 if same and not problems and not started else 1


if __name__ == "__main__":
    sys.exit(main())
