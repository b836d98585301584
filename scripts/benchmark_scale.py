"""Scale benchmark: the landing load, dbt and the publication at national size.

The design target is ~2,800 county-level regions x 20 years = ~56,000 reports and ~10 million
facts. This script builds a synthetic landing schema of that size in a temporary DuckDB file
(nothing is written into the repo) and times the real code paths on it:

  (a) ``pipelines.load.warehouse.load_reports`` on batches of reports (``--batch``, default 500 per
      call, as the Dagster asset does for a run), then the replacement of one batch that is
      already loaded (delete + insert at full size);
  (b) ``dbt build`` (seeds, models, data tests, unit tests) and ``dbt run`` alone, against that
      warehouse, with the per-node timings of ``run_results.json``;
  (c) ``pipelines.publish.marts.publish_marts`` (marts.duckdb + Parquet).

Peak memory: this process after the loads (resource.getrusage), and each child process (dbt,
the publication) through os.wait4. Prints a table; ``--json FILE`` also writes the numbers.

The data (DuckDB SQL over range() and hash(), so the same arguments give the same rows):
* regions: real county/district codes of pipelines/reference/regions.csv, in a fixed
  pseudo-random order; report years 2005-2024 (``--reports`` / 20 regions);
* reports: ``--text-chars`` characters of text (default 200; a real report is ~15-40k
  characters, run ``--reports 2000 --text-chars 40000`` for the full-size-text variant), with a
  pegged target (``…增长与经济增长同步``) in the plan part of half of them; 19 sections
  (front, 8 review, 10 plan);
* facts: ``--facts-per-report`` (default 200), ``--catalog-share`` (default 0.2) of them about
  a catalog indicator of pipelines/reference/indicators.csv in a fixed layout per block of 10
  (levels and growth of the year reviewed as estimate or actual, a final actual of the year
  before that superseding last report's estimate, a second mention in the front part, three
  targets for the report year with comparators eq/approx/ge/le/gt/lt and some ranges, one
  5-year span), every indicator in a unit of its dimension (money sometimes in 万元, sometimes
  in 亿元, so units differ across reports); the rest with NULL indicator_code, metrics,
  statuses, comparators, parts, periods (year, span, NULL) and bases drawn from the
  vocabularies of pipelines/reference/fact_schema.csv; evidence strings of 10-40 characters.

Usage (run from the repo root):

    .venv/bin/python scripts/benchmark_scale.py                        # 56,000 reports, 11.2M facts
    .venv/bin/python scripts/benchmark_scale.py --reports 2000 --text-chars 40000
    .venv/bin/python scripts/benchmark_scale.py --reports 5600 --skip-dbt-run --json /tmp/b.json

Prints, never asserts. Speed targets are checked here, never with timing asserts in tests.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines.contracts import landing_contracts  # noqa: E402
from pipelines.load.warehouse import REPORT_TABLES, create_table_sql, load_reports  # noqa: E402

REFERENCE = REPO / "pipelines" / "reference"
FIRST_YEAR, LAST_YEAR = 2005, 2024

# unit used for a catalog level, by the indicator's unit_dimension
DIMENSION_UNIT = {
    "money": "亿元", "ratio": "%", "people": "万人", "count": "家", "area": "万亩",
    "mass": "万吨", "concentration": "微克/立方米",
}
# non-catalog facts: (subject, unit) pool, as in real reports
OTHER_SUBJECTS = [
    ("新建改造农村公路", "公里"), ("新增城镇就业", "人"), ("改造老旧小区", "个"), ("实施重点项目", "项"),
    ("新增市场主体", "家"), ("完成造林绿化", "万亩"), ("新建保障性住房", "万平方米"), ("接待游客", "万人次"),
    ("培育国家级高新技术企业", "家"), ("建成5G基站", "个"), ("争取上级资金", "亿元"), ("减税降费", "万元"),
    ("新增装机容量", "万千瓦"), ("粮食产量", "万吨"), ("新建改建学校", "处"), ("治理水土流失面积", "平方米"),
    ("全区排名", "位"), ("新增就业岗位", "个"), ("城镇化率", "%"), ("开工建设项目", "项"),
    ("举办招商活动", "场"), ("引进项目", "个"), ("新建污水管网", "公里"), ("开行班列", "条"),
]
FILLER = "坚持以人民为中心的发展思想，统筹发展和安全，推动经济社会高质量发展取得新成效。"
PEGGED = "城乡居民人均可支配收入增长与经济增长基本同步，"


def _rss_mib_self() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _sql_list(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def setup_generator(gen: duckdb.DuckDBPyConnection, n_reports: int, text_chars: int) -> dict:
    """Small tables the batches are generated from: regions, indicators, units, all reports."""
    gen.execute(f"""
        create table units as
        select unit, base_unit, cast(factor as double) as factor
        from read_csv('{REFERENCE / "units.csv"}', all_varchar = true)""")
    gen.execute(f"""
        create table ind as
        select row_number() over (order by indicator_code) - 1 as k, indicator_code, name_zh, unit_dimension
        from read_csv('{REFERENCE / "indicators.csv"}', all_varchar = true)""")
    cases = " ".join(f"when '{d}' then '{u}'" for d, u in DIMENSION_UNIT.items())
    gen.execute("alter table ind add column level_unit varchar")
    gen.execute(f"update ind set level_unit = case unit_dimension {cases} else '个' end")
    available = gen.execute(f"""
        select count(*) from read_csv('{REFERENCE / "regions.csv"}', all_varchar = true)
        where level in ('county', 'district')""").fetchone()[0]
    n_years = LAST_YEAR - FIRST_YEAR + 1
    n_regions = min(available, math.ceil(n_reports / n_years))
    first_year = min(FIRST_YEAR, LAST_YEAR + 1 - math.ceil(n_reports / n_regions))
    gen.execute(f"""
        create table reg as
        select row_number() over (order by hash(region_code)) - 1 as g, region_code, full_name, level
        from read_csv('{REFERENCE / "regions.csv"}', all_varchar = true)
        where level in ('county', 'district')
        qualify g < {n_regions}""")
    # reports in load order: year by year (the way a national backfill or the yearly refresh comes in)
    gen.execute(f"""
        create table rep as
        select row_number() over (order by y.year, r.g) - 1 as idx,
               r.region_code || '-' || y.year as report_id, r.region_code, r.full_name as region_name,
               r.level as region_level, y.year as report_year, y.year - 1 as year_reviewed,
               hash(r.region_code) % 54 as rseed
        from reg as r cross join (select range as year from range({first_year}, {LAST_YEAR + 1})) as y
        qualify idx < {n_reports}""")
    n_ind = gen.execute("select count(*) from ind").fetchone()[0]
    return {"n_regions": n_regions, "first_year": first_year, "n_indicators": n_ind, "text_chars": text_chars}


def batch_frames(gen: duckdb.DuckDBPyConnection, lo: int, hi: int, facts_per_report: int,
                 catalog_share: float, text_chars: int, n_ind: int):
    """reports, sections, facts DataFrames of the reports lo <= idx < hi."""
    fill = max(1, text_chars // len(FILLER) + 1)
    reports = gen.execute(f"""
        with r as (select * from rep where idx >= {lo} and idx < {hi}),
        t as (
            select r.*,
                   region_name || report_year || '年政府工作报告' as title,
                   case when hash(report_id, 'pegged') % 2 = 0 then '{PEGGED}' else '' end as pegged
            from r
        ),
        body as (
            select t.*,
                   left(title || '。过去一年' || repeat('{FILLER}', {fill}), greatest(40, {text_chars} * 6 // 10)) as front_review,
                   '{LAST_YEAR + 1}年主要预期目标是：' || pegged as plan_head
            from t
        )
        select report_id, region_code, region_name, region_level, cast(report_year as integer) as report_year,
               cast(year_reviewed as integer) as year_reviewed,
               make_date(cast(report_year as integer), 1, 5 + cast(hash(report_id) % 20 as integer)) as delivered_on,
               region_name || '第' || (report_year % 7 + 1) || '届人民代表大会第' || (report_year % 5 + 1) || '次会议' as session,
               '示例' || (hash(region_code) % 1000) as speaker,
               title,
               'https://example.gov.cn/' || region_code || '/' || report_year || '/gzbg.html' as source,
               'raw/' || report_id || '/page.html' as raw_path,
               sha256(report_id) as sha256,
               length(text) as n_chars,
               text,
               'report' as document_kind,
               'html' as source_format,
               0::bigint as furniture_lines_removed,
               0::bigint as furniture_chars_removed
        from (select *, front_review || left(plan_head || repeat('{FILLER}', {fill}),
                                              greatest(40, {text_chars} - length(front_review))) as text
              from body)
        order by idx""").df()
    sections = gen.execute(f"""
        with r as (
            select report_id, length(title) + 1 as rs,
                   greatest(40, {text_chars} * 6 // 10) as ps,
                   length(left(title || '。过去一年' || repeat('{FILLER}', {fill}), greatest(40, {text_chars} * 6 // 10)))
                     + greatest(40, {text_chars} - greatest(40, {text_chars} * 6 // 10)) as n
            from (select *, region_name || report_year || '年政府工作报告' as title from rep
                  where idx >= {lo} and idx < {hi})
        ),
        s as (
            select report_id, o, n,
                   case when o = 0 then 0
                        when o <= 8 then rs + (o - 1) * (ps - rs) // 8
                        else ps + (o - 9) * (n - ps) // 10 end as cs
            from r cross join (select range as o from range(19))
        )
        select report_id, cast(o as integer) as ordinal,
               case when o = 0 then 'front' when o <= 8 then 'review' else 'plan' end as part,
               case when o in (0, 1, 9) then null else '第' || o || '部分重点工作' end as title,
               cast(cs as integer) as char_start,
               cast(coalesce(lead(cs) over (partition by report_id order by o), n) as integer) as char_end
        from s order by report_id, o""").df()
    n_cat = int(round(facts_per_report * catalog_share))
    facts = gen.execute(f"""
        with r as (select * from rep where idx >= {lo} and idx < {hi}),
        f as (
            select r.*, i,
                   (hash(report_id, i, 1) % 1000000) / 1e6 as u1,
                   (hash(report_id, i, 2) % 1000000) / 1e6 as u2,
                   (hash(report_id, i, 3) % 1000000) / 1e6 as u3,
                   i < {n_cat} as cat,
                   i % 10 as p,
                   i // 10 as blk
            from r cross join (select range as i from range({facts_per_report}))
        ),
        c as (   -- the catalog layout of a block of 10 (see the docstring)
            select f.*,
                   (rseed + 3 * blk + case when p in (2, 3, 8) then 1 when p = 9 then 2 else 0 end) % {n_ind} as k,
                   case when p in (1, 3, 7, 8, 9) then 'growth_pct' else 'value' end as c_metric,
                   case when p in (6, 7, 8) then 'target'
                        when p = 4 or p = 9 then 'actual'
                        when hash(report_id, blk, 'st') % 100 < 65 then 'estimate' else 'actual' end as c_status,
                   case when p in (6, 7, 8) then 'plan' when p = 5 then 'front' else 'review' end as c_part,
                   case when p in (6, 7, 8) then report_year
                        when p = 4 then year_reviewed - 1
                        else year_reviewed end as c_year
            from f where cat
        ),
        v as (
            select c.*, ind.indicator_code as c_code, ind.name_zh as c_name, ind.level_unit,
                   -- a region's level of an indicator in a year: a base times 7% a year
                   (10 + (hash(region_code, k) % 5000) / 10.0) * pow(1.07, c_year - 2005) as lvl,
                   round(2 + (hash(region_code, k, c_year) % 80) / 10.0, 1) as grw
            from c join ind using (k)
        ),
        cat_rows as (
            select report_id, i, report_year, year_reviewed, blk, u1, u2, u3,
                   c_part as part, c_code as indicator_code, c_metric as metric, c_status as status,
                   cast(c_year as varchar) as period,
                   case when p = 9 then 'span' else 'year' end as period_kind,
                   case when c_metric = 'growth_pct' then '%'
                        when level_unit = '亿元' and hash(region_code, k, report_year) % 5 = 0 then '万元'
                        else level_unit end as unit,
                   case
                       when c_metric = 'growth_pct' and c_status = 'target' then round(grw + (u1 - 0.5) * 2, 1)
                       when c_metric = 'growth_pct' and c_status = 'estimate' then round(grw + (u1 - 0.5) * 0.4, 1)
                       when c_metric = 'growth_pct' then grw
                       when c_status = 'estimate' then lvl * (1 + (u1 - 0.5) * 0.02)
                       when c_status = 'target' then lvl * (1 + (u1 - 0.3) * 0.05)
                       else lvl end as raw_value,
                   case when c_status <> 'target' then 'eq'
                        when u2 < 0.40 then 'eq' when u2 < 0.65 then 'approx' when u2 < 0.85 then 'ge'
                        when u2 < 0.93 then 'le' when u2 < 0.97 then 'gt' else 'lt' end as comparator,
                   c_status = 'target' and u3 < 0.08 as is_range,
                   case when p = 9 then '年均' when c_metric = 'growth_pct' and u3 < 0.3 then '按不变价计算'
                        when c_metric = 'growth_pct' and u3 < 0.4 then '同口径'
                        when c_metric = 'growth_pct' then '同比' end as basis,
                   c_name as subject
            from v
        ),
        other_rows as (
            select report_id, i, report_year, year_reviewed, blk, u1, u2, u3,
                   case when u1 < 0.05 then 'front' when u1 < 0.80 then 'review' else 'plan' end as part,
                   cast(null as varchar) as indicator_code,
                   case when u2 < 0.78 then 'value' when u2 < 0.90 then 'growth_pct' when u2 < 0.94 then 'rank'
                        when u2 < 0.97 then 'change' else 'change_pp' end as metric,
                   case when u1 >= 0.80 then 'target' when u3 < 0.08 then 'estimate' else 'actual' end as status,
                   case when u3 < 0.07 then null
                        when u3 < 0.10 then 'span'
                        when u1 >= 0.80 then cast(report_year as varchar)
                        else cast(year_reviewed as varchar) end as period,
                   case when u3 >= 0.07 and u3 < 0.10 then 'span' else 'year' end as period_kind,
                   cast(null as varchar) as unit,
                   round(1 + (hash(report_id, i, 4) % 100000) / 10.0, 1) as raw_value,
                   case when u2 < 0.85 then 'eq' when u2 < 0.90 then 'approx' when u2 < 0.94 then 'gt'
                        when u2 < 0.97 then 'ge' when u2 < 0.99 then 'le' else 'lt' end as comparator,
                   false as is_range,
                   case when u3 > 0.95 then '累计' when u3 > 0.90 then '同比' when u3 > 0.88 then '较去年末' end as basis,
                   cast(null as varchar) as subject
            from f where not cat
        ),
        allf as (
            select * from cat_rows
            union all
            select * from other_rows
        ),
        pool as (select * from (values {", ".join(f"({j}, '{s}', '{u}')" for j, (s, u) in enumerate(OTHER_SUBJECTS))}) as t(j, s, u)),
        shaped as (
            select a.*,
                   coalesce(a.subject, pool.s) as subj,
                   case when a.metric in ('growth_pct', 'change_pp') then '%'
                        when a.metric = 'rank' then '位'
                        else coalesce(a.unit, pool.u) end as unit2
            from allf as a
            left join pool on pool.j = hash(a.report_id, a.i, 5) % {len(OTHER_SUBJECTS)}
        )
        select
            report_id,
            substr(md5(report_id || ':' || i), 1, 16)                                  as fact_id,
            part,
            case when part = 'front' then null else '第' || (1 + blk % 8) || '部分重点工作' end as section,
            subj                                                                        as subject,
            indicator_code,
            metric,
            round(raw_value, 2)                                                         as value,
            case when is_range then round(raw_value, 2) + 0.5 end                       as value_high,
            unit2                                                                       as unit,
            round(raw_value, 2) * units.factor                                          as value_normalized,
            units.base_unit                                                             as unit_normalized,
            comparator,
            case when period_kind = 'span' then (year_reviewed - 4) || '-' || year_reviewed else period end as period,
            status,
            basis,
            left(subj || case status when 'estimate' then '预计完成' when 'target' then '力争达到' else '达到' end
                 || round(raw_value, 2) || unit2 || coalesce('，' || basis, '')
                 || case when u3 < 0.3 then '，较上年有较大提升' else '' end, 60)         as evidence,
            cast(40 + i * 150 as bigint)                                                as char_start,
            cast(40 + i * 150 + length(cast(round(raw_value, 2) as varchar)) as bigint) as char_end,
            subj                                                                        as subject_normalized,
            cast(null as varchar)                                                       as pegged_to
        from shaped
        left join units on units.unit = shaped.unit2
        order by report_id, i""").df()
    return reports, sections, facts


def precreate_landing(con: duckdb.DuckDBPyConnection, *, primary_keys: bool) -> None:
    """The landing tables with or without their primary keys (ensure_landing then finds them)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS landing")
    for spec in landing_contracts().values():
        keyed = primary_keys and bool(spec.key)
        con.execute(create_table_sql(dataclasses.replace(spec, primary_key=keyed)))


def _vm_hwm_mib(pid: int) -> float | None:
    """Peak resident set size of a running process (Linux /proc/<pid>/status VmHWM)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except (OSError, ValueError):
        return None
    return None


def run_child(cmd: list[str], env: dict, log: Path) -> tuple[float, int, float | None, float]:
    """Run a child process; returns (seconds, return code, its peak RSS in MiB, its CPU seconds).

    The peak is polled from /proc (VmHWM): getrusage/wait4 of a child would report at least the
    RSS this process had when it forked, which after the loads is the larger number."""
    t0 = time.perf_counter()
    peak = None
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            hwm = _vm_hwm_mib(proc.pid)
            if hwm is not None:
                peak = max(peak or 0.0, hwm)
            time.sleep(0.1)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, proc.returncode, peak, usage.ru_utime + usage.ru_stime


def dbt_nodes(target: Path) -> list[dict]:
    results = json.loads((target / "run_results.json").read_text())["results"]
    return [{"node": r["unique_id"], "status": r["status"], "seconds": round(r["execution_time"], 3)} for r in results]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=56000, help="number of reports (default 56000)")
    ap.add_argument("--facts-per-report", type=int, default=200, help="facts per report (default 200)")
    ap.add_argument("--catalog-share", type=float, default=0.2, help="share of facts about a catalog indicator")
    ap.add_argument("--text-chars", type=int, default=200, help="characters of text per report (real: 15-40k)")
    ap.add_argument("--batch", type=int, default=500, help="reports per load_reports call (default 500)")
    ap.add_argument("--workdir", type=Path, help="where the warehouse goes (default: a new temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the workdir (default: removed at the end)")
    ap.add_argument("--skip-load", action="store_true", help="reuse the warehouse already in --workdir")
    ap.add_argument("--landing-pk", choices=["as-is", "off", "on"], default="as-is",
                    help="before the loads, create landing.sections/facts (and reports) without ('off') or with "
                         "('on') their PRIMARY KEYs; 'as-is' lets ensure_landing create them (the code under test)")
    ap.add_argument("--skip-dbt-run", action="store_true", help="time dbt build only, not dbt run alone")
    ap.add_argument("--skip-dbt", action="store_true", help="stop after the loads")
    ap.add_argument("--project-dir", type=Path, default=REPO / "dbt_project",
                    help="the dbt project to time (default dbt_project/; e.g. an older copy, for before/after)")
    ap.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = ap.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="govreport-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    wh = workdir / "govreport.duckdb"
    steps: list[dict] = []
    out: dict = {"args": {k: str(v) for k, v in vars(args).items()}, "steps": steps}

    def step(name: str, seconds: float, rows: int | None = None, peak_mib: float | None = None,
             cpu: float | None = None, **extra) -> None:
        steps.append({"step": name, "seconds": round(seconds, 2), "cpu_seconds": None if cpu is None else round(cpu, 2),
                      "rows": rows, "peak_rss_mib": None if peak_mib is None else round(peak_mib), **extra})
        rate = f"{rows / seconds:,.0f} rows/s" if rows and seconds > 0 else ""
        peak = f"{peak_mib:,.0f} MiB" if peak_mib is not None else ""
        cpu_s = f"{cpu:.1f}" if cpu is not None else ""
        print(f"  {name:<44} {seconds:>9.2f} {cpu_s:>9} {rows if rows is not None else '':>12} {rate:>18} {peak:>10}",
              flush=True)

    print(f"workdir {workdir}; duckdb {duckdb.__version__}; {os.cpu_count()} cpus", flush=True)
    print(f"  {'step':<44} {'wall s':>9} {'cpu s':>9} {'rows':>12} {'rate':>18} {'peak RSS':>10}", flush=True)
    try:
        if not args.skip_load:
            if wh.exists():
                wh.unlink()
            gen = duckdb.connect()
            meta = setup_generator(gen, args.reports, args.text_chars)
            out["data"] = meta
            print(f"{args.reports:,} reports of {meta['n_regions']:,} regions, {meta['first_year']}-{LAST_YEAR}, "
                  f"{args.facts_per_report} facts each, text {args.text_chars} chars", flush=True)
            con = duckdb.connect(str(wh))
            if args.landing_pk != "as-is":
                precreate_landing(con, primary_keys=args.landing_pk == "on")
            t_gen = t_load = c_load = 0.0
            n_facts = 0
            batch_times: list[float] = []
            keep_for_reload = None
            n_batches = math.ceil(args.reports / args.batch)
            for b in range(n_batches):
                lo, hi = b * args.batch, min(args.reports, (b + 1) * args.batch)
                t0 = time.perf_counter()
                frames = batch_frames(gen, lo, hi, args.facts_per_report, args.catalog_share, args.text_chars,
                                      meta["n_indicators"])
                t1, c1 = time.perf_counter(), time.process_time()
                load_reports(con, dict(zip(REPORT_TABLES, frames, strict=True)))
                t2 = time.perf_counter()
                c_load += time.process_time() - c1
                t_gen += t1 - t0
                t_load += t2 - t1
                batch_times.append(t2 - t1)
                n_facts += len(frames[2])
                if b == n_batches // 2:
                    keep_for_reload = (lo, hi)
                if b % 10 == 0 or b == n_batches - 1:
                    print(f"    batch {b + 1}/{n_batches}: load {t2 - t1:.2f} s (gen {t1 - t0:.2f} s), "
                          f"{n_facts:,} facts so far", flush=True)
            step("generate synthetic frames (not the product)", t_gen)
            tenth = max(1, len(batch_times) // 10)
            step(f"load_reports x{n_batches} (batches of {args.batch})", t_load, n_facts, _rss_mib_self(), c_load,
                 first_tenth_batch_s=round(sum(batch_times[:tenth]) / tenth, 3),
                 last_tenth_batch_s=round(sum(batch_times[-tenth:]) / tenth, 3))
            print(f"    mean batch: first tenth {sum(batch_times[:tenth]) / tenth:.3f} s, "
                  f"last tenth {sum(batch_times[-tenth:]) / tenth:.3f} s", flush=True)
            # replace one batch that is already loaded: the DELETE ... WHERE report_id IN (...) at full size
            lo, hi = keep_for_reload
            frames = batch_frames(gen, lo, hi, args.facts_per_report, args.catalog_share, args.text_chars,
                                  meta["n_indicators"])
            t0, c0 = time.perf_counter(), time.process_time()
            load_reports(con, dict(zip(REPORT_TABLES, frames, strict=True)))
            step(f"reload {hi - lo} loaded reports (delete+insert)", time.perf_counter() - t0, len(frames[2]),
                 cpu=time.process_time() - c0)
            t0 = time.perf_counter()
            con.execute("CHECKPOINT")
            step("checkpoint", time.perf_counter() - t0)
            counts = {t: con.execute(f"select count(*) from landing.{t}").fetchone()[0]
                      for t in ("reports", "sections", "facts")}
            out["landing_rows"] = counts
            con.close()
            gen.close()
        size_mib = wh.stat().st_size / 2**20
        out["warehouse_mib_after_load"] = round(size_mib)
        print(f"  warehouse file after load: {size_mib:,.0f} MiB", flush=True)
        if args.skip_dbt:
            return

        env = {**os.environ, "GOVREPORT_WAREHOUSE": str(wh), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        dbt = str(REPO / ".venv" / "bin" / "dbt")
        project = ["--project-dir", str(args.project_dir), "--profiles-dir", str(args.project_dir)]
        runs = [("build", ["build"])] + ([] if args.skip_dbt_run else [("run", ["run"])])
        out["dbt"] = {}
        for name, cmd in runs:
            target = workdir / f"target_{name}"
            shutil.rmtree(target, ignore_errors=True)  # no partial parse from another project or version
            secs, rc, peak, cpu = run_child(
                [dbt, *cmd, *project, "--target-path", str(target), "--log-path", str(workdir / "logs")],
                env, workdir / f"dbt_{name}.log")
            nodes = dbt_nodes(target) if (target / "run_results.json").exists() else []
            failed = [n for n in nodes if n["status"] not in ("success", "pass")]
            step(f"dbt {name}" + ("" if rc == 0 else f" (rc={rc}, {len(failed)} not ok)"), secs, None, peak, cpu)
            out["dbt"][name] = {"seconds": round(secs, 2), "rc": rc, "nodes": nodes}
            by_kind: dict[str, float] = {}
            for n in nodes:
                kind = n["node"].split(".")[0]
                by_kind[kind] = by_kind.get(kind, 0.0) + n["seconds"]
            print("    by kind: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(by_kind.items())), flush=True)
            for n in sorted(nodes, key=lambda n: -n["seconds"])[:15]:
                print(f"      {n['seconds']:>8.2f} s  {n['status']:<8} {n['node']}", flush=True)
            if rc != 0:
                print(f"    see {workdir / f'dbt_{name}.log'}", flush=True)

        code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
                "from pipelines.publish.marts import publish_marts; "
                "c = publish_marts(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])); "
                "print(sum(c.values()))")
        secs, rc, peak, cpu = run_child(
            [sys.executable, "-c", code, str(REPO), str(wh), str(workdir / "marts.duckdb"), str(workdir / "marts")],
            env, workdir / "publish.log")
        rows = None
        if rc == 0:
            rows = int((workdir / "publish.log").read_text().split()[-1])
        step("publish_marts" + ("" if rc == 0 else f" (rc={rc})"), secs, rows, peak, cpu)
        with duckdb.connect(str(wh), read_only=True) as con:
            out["mart_rows"] = dict(con.execute(
                "select table_name, estimated_size from duckdb_tables() where schema_name = 'marts' order by 1").fetchall())
        print("  mart rows: " + ", ".join(f"{k} {v:,}" for k, v in out["mart_rows"].items()), flush=True)
        out["warehouse_mib_after_dbt"] = round(wh.stat().st_size / 2**20)
    finally:
        if args.json:
            args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False))
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
