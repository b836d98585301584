"""The `govreport` command: run the pipeline, extract or score one document, add sources."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from pipelines import settings
from pipelines.errors import IngestError

_started = {"at": time.time()}  # when the process started; main() moves it to each call's start


def _ensure_dagster_home() -> Path:
    home = settings.dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(settings.DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    return home


def _apply_path_options(args: argparse.Namespace) -> None:
    if getattr(args, "raw_dir", None):
        os.environ["GOVREPORT_RAW_DIR"] = str(Path(args.raw_dir).resolve())
    if getattr(args, "warehouse", None):
        wh = args.warehouse
        os.environ["GOVREPORT_WAREHOUSE"] = wh if wh.startswith("md:") else str(Path(wh).resolve())


def cmd_prepare(args: argparse.Namespace) -> int:
    """Parse the dbt project into target/manifest.json (what the Dagster definitions load)."""
    from dbt.cli.main import dbtRunner

    _ensure_dagster_home()
    os.environ.setdefault("GOVREPORT_WAREHOUSE", settings.warehouse_path())  # same profile as the runs
    project = str(settings.dbt_project_dir())
    result = dbtRunner().invoke(["parse", "--project-dir", project, "--profiles-dir", project, "--quiet"])
    if not result.success:
        print(f"govreport prepare: dbt parse failed in {project}: {result.exception}", file=sys.stderr)
        return 1
    print(f"dbt manifest ready: {settings.dbt_project_dir() / 'target' / 'manifest.json'}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    _apply_path_options(args)
    _ensure_dagster_home()
    from pipelines.runner import run_all, summary

    started = _started["at"]  # start-up counts from the command's start (imports, definitions, sync)
    outcome = run_all(started=started)
    print(summary(outcome, seconds=time.time() - started))
    for message in outcome.errors:
        print(f"error: {message}", file=sys.stderr)
    return 0 if outcome.success else 1


def _read_input(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(), "stdin.txt"
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    return p.read_bytes(), p.name


def _facts_of_file(args: argparse.Namespace):
    """Read args.file (region and year on the command line win over the text) and extract its
    facts; warns on stderr when the region or the year cannot be told (periods stay empty)."""
    from pipelines.extract.facts import facts_of_document
    from pipelines.text.document import read_document

    data, name = _read_input(args.file)
    doc = read_document(data, filename=name, region=args.region, report_year=args.report_year)
    meta = doc.meta
    if meta.report_year is None:
        print(f"warning: {args.file}: no report year found (give --report-year): periods left empty", file=sys.stderr)
    if meta.region is None:
        said = f"region {meta.region_name!r} is not in pipelines/reference/regions.csv" if meta.region_name else "no region found"
        print(f"warning: {args.file}: {said} (give --region with a full name such as 北京市延庆区)", file=sys.stderr)
    report_id = f"{meta.region.code}-{meta.report_year}" if meta.region and meta.report_year else Path(name).stem
    return facts_of_document(doc, report_id=report_id)


def cmd_extract(args: argparse.Namespace) -> int:
    facts = _facts_of_file(args)
    if args.format == "csv":
        facts.to_csv(sys.stdout, index=False)
    else:
        for record in facts.to_dict(orient="records"):
            clean = {k: (None if v != v else v) for k, v in record.items()}  # NaN -> null
            sys.stdout.write(json.dumps(clean, ensure_ascii=False, default=str) + "\n")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from pipelines.extract.evaluation import evaluate, format_report

    print(format_report(evaluate(Path(args.gold), _facts_of_file(args))))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    _apply_path_options(args)
    from pipelines.runner import register_source

    status = 0
    for source in args.sources:
        try:
            entry, added = register_source(
                settings.raw_dir(), source, region=args.region, report_year=args.report_year, notes=args.notes
            )
        except Exception as exc:  # noqa: BLE001 - each source is reported, the others still go on
            print(f"error: {exc}", file=sys.stderr)
            status = 1
            continue
        verb = "added" if added else "already in the catalog (nothing to do)"
        print(f"{entry.report_id}: {source} {verb}")
        if not added and (args.region or args.report_year):
            print(
                f"note: the catalog keeps its values for {entry.report_id} ({entry.region}, {entry.report_year}); "
                "edit raw/sources.csv to change them",
                file=sys.stderr,
            )
    if status == 0:
        print("next: `govreport run` (or the sensor, or the daily schedule) processes it")
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govreport", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="materialize every asset for every report into the warehouse")
    p.add_argument("--raw-dir", help="raw documents and sources.csv (default: raw/ or GOVREPORT_RAW_DIR)")
    p.add_argument("--warehouse", help="DuckDB warehouse file (default: warehouse/govreport.duckdb or GOVREPORT_WAREHOUSE)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("extract", help="print the facts of one document (no warehouse)")
    p.add_argument("file", help="a .txt/.html file, or - for stdin")
    p.add_argument("--region", help="region name, wins over the text")
    p.add_argument("--report-year", type=int, help="report year, wins over the text")
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score the extractor on FILE against a gold CSV")
    p.add_argument("gold")
    p.add_argument("file")
    p.add_argument("--region")
    p.add_argument("--report-year", type=int)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("add", help="register a report source (URL or file) in raw/sources.csv")
    p.add_argument("sources", nargs="+", metavar="URL_OR_FILE")
    p.add_argument("--region")
    p.add_argument("--report-year", type=int)
    p.add_argument("--notes")
    p.add_argument("--raw-dir")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("prepare", help="parse the dbt project (manifest for the Dagster definitions)")
    p.set_defaults(func=cmd_prepare)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is not None:  # called in-process (tests): this call's start, not the process's
        _started["at"] = time.time()
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError, KeyError, IngestError) as exc:
        print(f"govreport {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
