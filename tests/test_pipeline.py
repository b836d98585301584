"""The Dagster assets end to end on the committed seed report, into a temporary warehouse."""

from __future__ import annotations

import dagster as dg
import duckdb
import pandas as pd
import pytest
from conftest import SEED_REPORT_ID

from pipelines.defs.assets.extract import indicator_facts
from pipelines.defs.assets.ingest import scraped_pages
from pipelines.defs.assets.load import landing_tables
from pipelines.defs.assets.publish import published_marts, region_site
from pipelines.defs.assets.text import report_documents
from pipelines.defs.assets.transform import govreport_dbt
from pipelines.defs.automation import raw_folder_sensor
from pipelines.defs.partitions import range_tags
from pipelines.model import fact_columns, fact_schema
from pipelines.validate.models import landing_schema, violations

pytestmark = pytest.mark.slow  # Dagster, dbt, subprocesses or a browser

pytestmark = pytest.mark.slow  # Dagster, dbt, the CLI in a subprocess or an HTTP server

PER_REPORT_ASSETS = [scraped_pages, report_documents, indicator_facts, landing_tables]


def counts(path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema IN ('landing', 'marts', 'main') AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for (t,) in tables}


def materialize_seed(instance, resources) -> dg.ExecuteInProcessResult:
    instance.add_dynamic_partitions("reports", [SEED_REPORT_ID])
    return dg.materialize(PER_REPORT_ASSETS, partition_key=SEED_REPORT_ID, instance=instance, resources=resources)


def test_each_asset_on_the_seed_report(workspace, instance, resources):
    result = materialize_seed(instance, resources)
    assert result.success

    page = result.output_for_node("scraped_pages")[SEED_REPORT_ID]
    assert len(page.sha256) == 64 and page.path.endswith("000_c4f1182ef43108cd.txt")

    record = result.output_for_node("report_documents")[SEED_REPORT_ID]
    meta = record.document.meta
    assert (meta.region.code, meta.report_year, meta.year_reviewed) == ("110119", 2023, 2022)
    assert str(meta.delivered_on) == "2022-12-21"
    assert "阅读:890" not in record.document.text and "ICP备" not in record.document.text
    assert {"review", "plan"} <= {s.part for s in record.document.sections}

    facts = result.output_for_node("indicator_facts")[SEED_REPORT_ID]
    assert list(facts.columns) == fact_columns()
    gdp = facts[(facts["subject"] == "地区生产总值") & (facts["metric"] == "value") & (facts["period"] == "2022")]
    assert gdp["value"].tolist() == [213.0] and gdp["status"].tolist() == ["estimate"]

    checks = {c.check_name: c.passed for c in result.get_asset_check_evaluations()}
    assert checks == {"pandera_reports_and_sections": True, "pandera_facts": True}

    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        report = con.execute(
            "SELECT region_code, region_name, report_year, year_reviewed, delivered_on, n_chars FROM landing.reports"
        ).fetchall()
        assert report[0][:5] == ("110119", "北京市延庆区", 2023, 2022, pd.Timestamp("2022-12-21").date())
        assert con.execute("SELECT count(*) FROM landing.facts").fetchone()[0] == len(facts)
        # offsets point at the number in the stored text
        bad = con.execute(
            "SELECT count(*) FROM landing.facts f JOIN landing.reports r USING (report_id) "
            "WHERE strpos(f.evidence, substr(r.text, f.char_start + 1, f.char_end - f.char_start)) = 0"
        ).fetchone()[0]
        assert bad == 0

    # dbt, the published marts and the site
    result = dg.materialize([govreport_dbt, published_marts, region_site], instance=instance, resources=resources)
    assert result.success
    marts = counts(workspace.out / "marts.duckdb")
    assert marts["main.fct_indicator_facts"] == len(facts)  # BI tools see the marts unqualified
    assert (workspace.out / "marts" / "fct_indicator_facts.parquet").exists()
    assert (workspace.out / "site" / "index.html").exists()
    # dagster-dbt conventions: every model built carries its row count and column schema
    fct = next(m for m in result.get_asset_materialization_events()
               if m.asset_key.path[-1] == "fct_indicator_facts").materialization.metadata
    assert fct["dagster/row_count"].value == len(facts)
    assert "fact_id" in [c.name for c in fct["dagster/column_schema"].value.columns]
    assert "dagster/column_lineage" not in fct  # off unless GOVREPORT_DBT_COLUMN_LINEAGE=1

    # new landing rows (here: the report loaded again) -> an incremental build of what reads the
    # landing tables; the seeds and the marts of seeds alone are not rebuilt but reported as
    # unchanged outputs, so that the publication downstream of the dbt step still runs
    with duckdb.connect(str(workspace.warehouse)) as con:
        con.execute("UPDATE landing.reports SET loaded_at = loaded_at + INTERVAL 1 SECOND")
    result = dg.materialize([govreport_dbt, published_marts], instance=instance, resources=resources)
    assert result.success
    events = {m.asset_key.path[-1]: m.materialization.metadata for m in result.get_asset_materialization_events()}
    assert "published_marts" in events
    assert "govreport/unchanged" in events["indicators"] and "govreport/unchanged" in events["dim_units"]
    assert "govreport/unchanged" not in events["fct_indicator_facts"]
    assert events["fct_indicator_facts"]["dagster/row_count"].value == len(facts)
    assert counts(workspace.out / "marts.duckdb") == marts


def test_reloading_never_duplicates(workspace, instance, resources):
    assert materialize_seed(instance, resources).success
    first = counts(workspace.warehouse)
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        ids = sorted(r[0] for r in con.execute("SELECT fact_id FROM landing.facts").fetchall())
    assert dg.materialize(
        PER_REPORT_ASSETS, partition_key=SEED_REPORT_ID, instance=instance, resources=resources
    ).success
    assert counts(workspace.warehouse) == first
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        assert sorted(r[0] for r in con.execute("SELECT fact_id FROM landing.facts").fetchall()) == ids


TWO_REPORTS = [SEED_REPORT_ID, "110119-2024"]


def register_synthetic_2024(workspace, instance, resources) -> None:
    """Drop the synthetic 2024 report into raw/, let the sensor register it, add both partitions."""
    (workspace.raw / "yanqing_2024_synthetic.txt").write_text(SYNTHETIC_2024, encoding="utf-8")
    raw_folder_sensor(dg.build_sensor_context(instance=instance, resources=resources))
    instance.add_dynamic_partitions("reports", TWO_REPORTS)


def materialize_both(instance, resources) -> dg.ExecuteInProcessResult:
    """One run over the seed and the synthetic 2024 report (a single-run backfill)."""
    return dg.materialize(PER_REPORT_ASSETS, instance=instance, resources=resources, tags=range_tags(*TWO_REPORTS))


def test_blocking_check_keeps_a_broken_table_out_of_the_warehouse(workspace, instance, resources, monkeypatch):
    from pipelines.defs.assets import extract as extract_module

    real = extract_module.facts_of_document

    def broken(*args, **kwargs):
        facts = real(*args, **kwargs)
        facts.loc[3, "metric"] = "total"  # not in the vocabulary
        facts.loc[5, "char_end"] = facts.loc[5, "char_start"] - 1  # a backwards span
        return facts

    monkeypatch.setattr(extract_module, "facts_of_document", broken)
    instance.add_dynamic_partitions("reports", [SEED_REPORT_ID])
    result = dg.materialize(
        PER_REPORT_ASSETS, partition_key=SEED_REPORT_ID, instance=instance, resources=resources, raise_on_error=False
    )
    evaluation = {c.check_name: c for c in result.get_asset_check_evaluations()}["pandera_facts"]
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR  # blocks the load
    message = evaluation.description
    assert SEED_REPORT_ID in message and "metric" in message and "total" in message and "char_end" in message
    # the load never ran: nothing of the report reached the warehouse, the error is recorded
    assert not any(
        e.asset_key == dg.AssetKey(["landing", "facts"]) for e in result.get_asset_materialization_events()
    )
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM landing.facts").fetchone()[0] == 0
        stage, text = con.execute("SELECT stage, message FROM landing.ingest_errors").fetchone()
    assert stage == "validate" and SEED_REPORT_ID in text


def test_a_report_rejected_by_pandera_does_not_hold_back_the_others(workspace, instance, resources, monkeypatch):
    from pipelines.defs.assets import extract as extract_module

    real = extract_module.facts_of_document

    def broken_for_2024(*args, **kwargs):
        facts = real(*args, **kwargs)
        if kwargs["report_id"] == "110119-2024":
            facts.loc[0, "status"] = "rumour"
        return facts

    monkeypatch.setattr(extract_module, "facts_of_document", broken_for_2024)
    register_synthetic_2024(workspace, instance, resources)
    result = materialize_both(instance, resources)
    evaluation = {c.check_name: c for c in result.get_asset_check_evaluations()}["pandera_facts"]
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    assert "110119-2024" in evaluation.description and "rumour" in evaluation.description
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        assert con.execute("SELECT DISTINCT report_id FROM landing.facts").fetchall() == [(SEED_REPORT_ID,)]
        assert con.execute("SELECT report_id FROM landing.reports").fetchall() == [(SEED_REPORT_ID,)]
        assert con.execute("SELECT report_id, stage FROM landing.ingest_errors").fetchall() == [("110119-2024", "validate")]


def test_a_failed_step_never_pairs_a_new_text_with_old_facts(workspace, instance, resources, monkeypatch):
    """A report whose new version fails extraction keeps its last good text AND facts."""
    from pipelines.defs.assets import extract as extract_module

    register_synthetic_2024(workspace, instance, resources)
    assert materialize_both(instance, resources).success
    new_file = workspace.raw / "yanqing_2024_synthetic.txt"

    new_file.write_text(SYNTHETIC_2024.replace("226亿元", "在全市排名靠前,总量约为226亿元"), encoding="utf-8")
    real = extract_module.facts_of_document

    def failing_for_2024(*args, **kwargs):
        if kwargs["report_id"] == "110119-2024":
            raise RuntimeError("extractor broke on this version")
        return real(*args, **kwargs)

    monkeypatch.setattr(extract_module, "facts_of_document", failing_for_2024)
    assert materialize_both(instance, resources).success
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        text = con.execute("SELECT text FROM landing.reports WHERE report_id = '110119-2024'").fetchone()[0]
        mismatched = con.execute(
            "SELECT count(*) FROM landing.facts f JOIN landing.reports r USING (report_id) "
            "WHERE strpos(f.evidence, substr(r.text, f.char_start + 1, f.char_end - f.char_start)) = 0"
        ).fetchone()[0]
    assert "总量约为" not in text and mismatched == 0


SYNTHETIC_2024 = """北京市延庆区2024年政府工作报告
(synthetic test text, not a real report)
——2023年12月20日在北京市延庆区第三届人民代表大会第四次会议上
北京市延庆区人民政府区长 测试者
第一部分 2023年工作情况
全区地区生产总值预计完成226亿元,按不变价计算增长5.5%。
第二部分 2024年重点任务
全区地区生产总值增长6%左右,固定资产投资完成85亿元。
"""


def test_sensor_registers_a_new_file_and_requests_its_run(workspace, instance, resources):
    (workspace.raw / "yanqing_2024_synthetic.txt").write_text(SYNTHETIC_2024, encoding="utf-8")
    (workspace.raw / "notice.txt").write_text("区图书馆开放时间调整的通知。", encoding="utf-8")
    context = dg.build_sensor_context(instance=instance, resources=resources)
    result = raw_folder_sensor(context)
    keys = [SEED_REPORT_ID, "110119-2024"]
    assert result.dynamic_partitions_requests[0].partition_keys == keys
    (request,) = result.run_requests  # one run for all new reports: one writer, one dbt build
    assert (request.tags["dagster/asset_partition_range_start"], request.tags["dagster/asset_partition_range_end"]) == (
        SEED_REPORT_ID,
        "110119-2024",
    )
    catalog = (workspace.raw / "sources.csv").read_text(encoding="utf-8")
    assert "yanqing_2024_synthetic.txt" in catalog and "notice.txt" not in catalog  # no region or year: refused

    # once registered, the same files ask for nothing more, and the refusal is not repeated
    instance.add_dynamic_partitions("reports", keys)
    again = raw_folder_sensor(dg.build_sensor_context(instance=instance, resources=resources, cursor=result.cursor))
    assert again.run_requests == [] and again.cursor == result.cursor and "notice.txt" in result.cursor


def test_a_report_that_fails_does_not_stop_the_others(workspace, instance, resources):
    """Two reports in one run: the one whose file vanished is recorded, the seed still loads."""
    register_synthetic_2024(workspace, instance, resources)
    (workspace.raw / "yanqing_2024_synthetic.txt").unlink()
    result = materialize_both(instance, resources)
    assert result.success
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        assert con.execute("SELECT report_id FROM landing.reports").fetchall() == [(SEED_REPORT_ID,)]
        rid, stage, message = con.execute("SELECT report_id, stage, message FROM landing.ingest_errors").fetchone()
    assert (rid, stage) == ("110119-2024", "ingest") and "yanqing_2024_synthetic.txt" in message


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_extract_cli_prints_the_fact_contract(fmt, tmp_path):
    import io
    import json
    import subprocess
    import sys

    from conftest import SEED

    from pipelines.text.offsets import INPUT_OFFSET_COLUMNS

    printed = fact_columns() + list(INPUT_OFFSET_COLUMNS)  # the contract, then where each number is in the file
    out = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "extract", str(SEED), "--format", fmt],
        capture_output=True, text=True, check=True,
    ).stdout
    if fmt == "csv":
        table = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False).replace("", None)
        assert list(table.columns) == printed
    else:
        rows = [json.loads(line) for line in out.splitlines()]
        assert all(list(r) == printed for r in rows)
        table = pd.DataFrame(rows, dtype=object)
    assert table[list(INPUT_OFFSET_COLUMNS)].notna().all().all()
    table = table[fact_columns()]
    assert len(table) > 150 and set(table["period"].dropna()) >= {"2022", "2023"}
    # the printed facts hold to the contract: types, vocabularies, period format, ranges
    types = {c["column"]: {"string": object, "float64": "float64", "int64": "int64"}[c["dtype"]] for c in fact_schema()}
    typed = table.astype({c: t for c, t in types.items() if t is not object})
    assert violations(landing_schema("facts"), typed, "facts") == []
    assert typed["value_high"].notna().sum() == 0  # the seed states no range


def test_extract_cli_on_an_excerpt_without_region_or_year(tmp_path):
    import subprocess
    import sys

    excerpt = tmp_path / "excerpt.txt"
    excerpt.write_text("全区地区生产总值完成213亿元,增长4%。", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "extract", str(excerpt), "--format", "csv"],
        capture_output=True, text=True,
    )
    assert done.returncode == 0
    assert "warning" in done.stderr and "excerpt.txt" in done.stderr
    table = pd.read_csv(__import__("io").StringIO(done.stdout), dtype=str)
    assert len(table) == 2 and table["period"].isna().all()

    missing = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "extract", str(tmp_path / "nope.txt")], capture_output=True, text=True
    )
    assert missing.returncode != 0 and "nope.txt" in missing.stderr


def test_definitions_hold_the_job_sensor_schedule_and_blocking_checks(workspace, disk_instance):
    instance = disk_instance  # a schedule context needs an instance it can reopen (an instance ref)
    from pipelines.definitions import defs
    from pipelines.defs.automation import daily_refresh

    d = defs()
    job = d.resolve_job_def("govreport_job")
    assert {"scraped_pages", "report_documents", "indicator_facts", "landing_tables", "published_marts"} <= set(
        job.graph.node_dict
    )
    assert d.resolve_sensor_def("raw_folder_sensor") and d.resolve_schedule_def("daily_refresh")
    graph = d.resolve_asset_graph()
    checks = {key.name: graph.get_check_spec(key).blocking for key in graph.asset_check_keys}
    assert checks["pandera_facts"] and checks["pandera_reports_and_sections"]

    assert isinstance(daily_refresh(dg.build_schedule_context(instance=instance)), dg.SkipReason)
    instance.add_dynamic_partitions("reports", ["110119-2022", SEED_REPORT_ID])
    request = daily_refresh(dg.build_schedule_context(instance=instance))
    assert request.tags["dagster/asset_partition_range_start"] == "110119-2022"
    assert request.tags["dagster/asset_partition_range_end"] == SEED_REPORT_ID
