"""The `govreport` command: run the pipeline, extract or score one document, add sources, and
look at the published marts (show, export, status, docs)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

from pipelines import settings
from pipelines.errors import IngestError, ReportWarning

_started = {"at": time.time()}  # when the process started; main() moves it to each call's start


def _ensure_dagster_home() -> Path:
    home = settings.dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(settings.DAGSTER_YAML, encoding="utf-8")
    else:
        text = config.read_text(encoding="utf-8")
        if "\nnux:" not in "\n" + text:  # written by an older govreport: the community pop-up off too
            config.write_text(text.rstrip("\n") + "\nnux:\n  enabled: false\n", encoding="utf-8")
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
    from pipelines.transform.manifest import ManifestError, prepare_manifest
    from pipelines.transform.staging import stale_files

    _ensure_dagster_home()
    for path in stale_files():
        print(f"warning: {path} disagrees with the table contracts in pipelines/reference/: "
              "run `.venv/bin/python scripts/generate_dbt_yaml.py`", file=sys.stderr)
    try:
        path = prepare_manifest()
    except ManifestError as exc:
        print(f"govreport prepare: {exc}", file=sys.stderr)
        return 1
    print(f"dbt manifest ready: {path}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    _apply_path_options(args)
    _ensure_dagster_home()
    from pipelines.runner import run_all, summary

    started = _started["at"]  # start-up counts from the command's start (imports, definitions, sync)
    outcome = run_all(started=started, rebuild=args.rebuild)
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


def _facts_of_file(args: argparse.Namespace, *, input_offsets: bool = False):
    """Read args.file (region and year on the command line win over the text) and extract its
    facts; warns on stderr when the region or the year cannot be told (periods stay empty).
    With ``input_offsets``, two more columns locate each number in the file as decoded
    (:func:`pipelines.text.offsets.with_input_offsets`)."""
    from pipelines.extract.facts import facts_of_document
    from pipelines.text.document import read_document
    from pipelines.text.offsets import with_input_offsets

    data, name = _read_input(args.file)
    doc = read_document(data, filename=name, region=args.region, report_year=args.report_year)
    for message in doc.warnings:
        print(f"warning: {args.file}: {message}", file=sys.stderr)
    meta = doc.meta
    if meta.report_year is None:
        print(f"warning: {args.file}: no report year found (give --report-year): periods left empty", file=sys.stderr)
    if meta.region is None:
        said = f"region {meta.region_name!r} is not in pipelines/reference/regions.csv" if meta.region_name else "no region found"
        print(f"warning: {args.file}: {said} (give --region with a full name such as 北京市延庆区)", file=sys.stderr)
    report_id = f"{meta.region.code}-{meta.report_year}" if meta.region and meta.report_year else Path(name).stem
    facts = facts_of_document(doc, report_id=report_id)
    return with_input_offsets(facts, doc.text, data, filename=name) if input_offsets else facts


def cmd_extract(args: argparse.Namespace) -> int:
    facts = _facts_of_file(args, input_offsets=True)
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
    from pipelines.ingest.fetch import has_credentials, strip_credentials
    from pipelines.runner import register_source

    status = 0
    for source in args.sources:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ReportWarning)
                entry, added = register_source(
                    settings.raw_dir(), source, region=args.region, report_year=args.report_year, notes=args.notes
                )
            for w in caught:
                print(f"warning: {w.message}", file=sys.stderr)
        except Exception as exc:  # noqa: BLE001 - each source is reported, the others still go on
            stage = getattr(exc, "stage", None)
            print(f"error: {stage + ': ' if stage else ''}{exc}", file=sys.stderr)
            status = 1
            continue
        if has_credentials(source):
            print(
                f"note: the credentials in {strip_credentials(source)} were used for this fetch only and are not "
                "stored; later fetches read them from GOVREPORT_HTTP_CREDENTIALS (host=user:password)",
                file=sys.stderr,
            )
        verb = "added" if added else "already in the catalog (nothing to do)"
        print(f"{entry.report_id}: {strip_credentials(source)} {verb}")
        if not added and (args.region or args.report_year):
            print(
                f"note: the catalog keeps its values for {entry.report_id} ({entry.region}, {entry.report_year}); "
                "edit raw/sources.csv to change them",
                file=sys.stderr,
            )
    if status == 0:
        print("next: `govreport run` (or the sensor, or the daily schedule) processes it")
    return status


def cmd_discover(args: argparse.Namespace) -> int:
    """Register the new work reports a listing page links (and its following pages)."""
    _apply_path_options(args)
    from pipelines.runner import discover_reports

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReportWarning)
        found = discover_reports(settings.raw_dir(), args.url, remember=not args.once)
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    print(f"{args.url}: {len(found.pages)} listing page(s) read, {len(found.added)} report(s) added, {len(found.skipped)} link(s) skipped")
    for url, report_id in found.added:
        print(f"added {report_id}: {url}")
    for url, reason in found.skipped:
        print(f"skipped {url}: {reason}")
    if not args.once:
        print(f"the listing is kept in {settings.raw_dir() / 'listings.csv'}: the listings_sensor polls it for new reports")
    if found.added:
        print("next: `govreport run` (or the sensor, or the daily schedule) processes them")
    return 0


def _marts_path(args: argparse.Namespace) -> Path:
    return Path(args.marts).resolve() if getattr(args, "marts", None) else settings.marts_path()


def cmd_show(args: argparse.Namespace) -> int:
    from pipelines.publish import browse

    con = browse.connect(_marts_path(args))
    try:
        filters = dict(region=args.region, year=args.year, indicator=args.indicator,
                       cols=args.columns.split(",") if args.columns else None, all_columns=args.all_columns)
        total = browse.select(con, args.table, **filters).aggregate("count(*)").fetchall()[0][0]
        browse.show(browse.select(con, args.table, limit=args.limit, **filters), max_rows=args.limit)
    finally:
        con.close()
    if total == 0:
        print(f"govreport show: no rows in {args.table} for these filters", file=sys.stderr)
    elif total > args.limit:
        print(f"the first {args.limit} of {total} rows (--limit to see more)", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pipelines.publish import browse

    out = Path(args.out) if args.out else settings.warehouse_dir() / "export"
    con = browse.connect(_marts_path(args))
    try:
        paths = browse.export(con, args.format, out, args.tables or None)
    finally:
        con.close()
    for path in paths:
        print(path)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from pipelines.publish import browse

    home = _ensure_dagster_home()
    for line in browse.status_lines(_marts_path(args), settings.warehouse_path(), home, n_failures=args.failures):
        print(line)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """`dbt docs generate --static` through the venv's dbt (in this process: dbt need not be on
    the PATH); the static page holds the manifest and catalog inline and opens offline."""
    from dbt.cli.main import dbtRunner

    _ensure_dagster_home()
    os.environ.setdefault("GOVREPORT_WAREHOUSE", settings.warehouse_path())
    project = str(settings.dbt_project_dir())
    result = dbtRunner().invoke(
        ["docs", "generate", "--static", "--project-dir", project, "--profiles-dir", project, "--quiet"]
    )
    if not result.success:
        print(f"govreport docs: dbt docs generate failed in {project}: {result.exception}", file=sys.stderr)
        return 1
    page = settings.dbt_project_dir() / "target" / "static_index.html"
    print(f"dbt docs (one file, opens offline): {page}")
    print(f"open it in a browser: file://{page}")
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govreport")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout without install
        return "unknown"


MARTS_HELP = "published marts file (default: warehouse/marts.duckdb or GOVREPORT_MARTS), e.g. --marts /data/marts.duckdb"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govreport",
        description=__doc__,
        epilog="examples:\n  govreport run\n  govreport show target_vs_actual --region yanqing --year 2023\n"
        "  govreport export --format xlsx\n  govreport status\n  govreport docs\n"
        "every command has its own help: govreport show --help",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="materialize every asset for every report into the warehouse")
    p.add_argument("--raw-dir", help="raw documents and sources.csv (default: raw/ or GOVREPORT_RAW_DIR), e.g. --raw-dir ./raw")
    p.add_argument("--warehouse", help="DuckDB warehouse file (default: warehouse/govreport.duckdb or GOVREPORT_WAREHOUSE), "
                   "e.g. --warehouse /tmp/govreport.duckdb")
    p.add_argument("--rebuild", action="store_true",
                   help="go through every report and rebuild every mart (dbt --full-refresh), even when nothing "
                   "changed since the last run, e.g. after editing the warehouse by hand: govreport run --rebuild")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("extract", help="print the facts of one document (no warehouse)")
    p.add_argument("file", help="a .txt/.html file, or - for stdin, e.g. raw/000_c4f1182ef43108cd.txt")
    p.add_argument("--region", help="region name, wins over the text, e.g. --region 北京市延庆区")
    p.add_argument("--report-year", type=int, help="report year, wins over the text, e.g. --report-year 2023")
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl", help="output format (default jsonl), e.g. --format csv")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score the extractor on FILE against a gold CSV")
    p.add_argument("gold", help="the gold annotation, e.g. tests/gold/yanqing_2023_gold.csv")
    p.add_argument("file", help="the report it annotates, e.g. raw/000_c4f1182ef43108cd.txt")
    p.add_argument("--region", help="region name, wins over the text, e.g. --region 北京市延庆区")
    p.add_argument("--report-year", type=int, help="report year, wins over the text, e.g. --report-year 2023")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("add", help="register a report source (URL or file) in raw/sources.csv")
    p.add_argument("sources", nargs="+", metavar="URL_OR_FILE",
                   help="one or more URLs or local files, e.g. https://example.gov.cn/2024gzbg.html ./report.html")
    p.add_argument("--region", help="region name when the page does not say, e.g. --region 北京市延庆区")
    p.add_argument("--report-year", type=int, help="report year when the page does not say, e.g. --report-year 2024")
    p.add_argument("--notes", help="a note kept in the catalog row, e.g. --notes 'PDF converted by hand'")
    p.add_argument("--raw-dir", help="raw documents and sources.csv (default: raw/ or GOVREPORT_RAW_DIR), e.g. --raw-dir ./raw")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("discover", help="register the work reports a government site's listing page links")
    p.add_argument("url", help="the listing page (its next pages are followed)")
    p.add_argument("--raw-dir")
    p.add_argument("--once", action="store_true", help="do not keep the listing in raw/listings.csv for the sensor")
    p.set_defaults(func=cmd_discover)

    p = sub.add_parser("prepare", help="parse the dbt project (manifest for the Dagster definitions)")
    p.set_defaults(func=cmd_prepare)

    p = sub.add_parser("show", help="print a published mart as a table in the terminal",
                       description="Print a mart of marts.duckdb, filtered, with names beside codes.",
                       epilog="examples:\n  govreport show cross_region_targets --year 2026 --indicator gdp\n"
                       "  govreport show target_vs_actual --region yanqing\n  govreport show uncoded_subjects --limit 20",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("table", help="a mart of docs/marts.md, e.g. indicator_panel or cross_region_targets "
                   "(a wrong name lists them all)")
    p.add_argument("--region", help="region code or part of its Chinese, pinyin or English name, e.g. --region 110119, "
                   "--region 延庆, --region yanqing")
    p.add_argument("--year", type=int, help="the year (year, target_year or report_year of the mart), e.g. --year 2026")
    p.add_argument("--indicator", help="indicator code or part of its name, e.g. --indicator gdp, --indicator 生产总值")
    p.add_argument("--columns", help="comma-separated columns instead of the default ones, e.g. --columns year,value,unit")
    p.add_argument("--all-columns", action="store_true", help="every column of the mart, e.g. --all-columns")
    p.add_argument("--limit", type=int, default=50, help="the first rows printed (default 50), e.g. --limit 200")
    p.add_argument("--marts", help=MARTS_HELP)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("export", help="write the published marts as CSV, Excel or Parquet files",
                       epilog="examples:\n  govreport export --format xlsx\n"
                       "  govreport export --format csv --out /tmp/marts target_vs_actual cross_region_targets",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("tables", nargs="*", metavar="TABLE", help="marts to export (default: all), e.g. target_vs_actual targets")
    p.add_argument("--format", choices=["csv", "xlsx", "parquet"], default="csv",
                   help="csv (UTF-8 with BOM, one file per mart), xlsx (one workbook, a sheet per mart and a "
                   "dictionary sheet) or parquet; e.g. --format xlsx")
    p.add_argument("--out", help="output folder (default: warehouse/export), e.g. --out ./export")
    p.add_argument("--marts", help=MARTS_HELP)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("status", help="reports published, the last runs and the recent failures")
    p.add_argument("--failures", type=int, default=10, help="recent failures listed at most (default 10), e.g. --failures 30")
    p.add_argument("--marts", help=MARTS_HELP)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("docs", help="generate the static dbt docs (one HTML file, offline) and print its path")
    p.set_defaults(func=cmd_docs)
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
