"""`govreport add` and `govreport run` end to end: URLs served on 127.0.0.1, failures isolated,
re-runs idempotent, and a BI reader of the published marts never blocking a run."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest
from conftest import from_seed_run
from httpserver import Route
from test_pipeline import SYNTHETIC_2024, counts

from pipelines.cli import main as cli
from pipelines.runner import run_all

pytestmark = pytest.mark.slow  # Dagster, dbt, the CLI in a subprocess or an HTTP server

pytestmark = pytest.mark.slow  # Dagster, dbt, subprocesses or a browser

NOT_A_REPORT = (
    "<html><head><meta charset='utf-8'><title>区图书馆开放时间调整的通知</title></head><body>"
    + "<p>各位读者:自下月起,区图书馆开放时间调整为每周二至周日上午九点至晚上八点,周一闭馆整理图书。</p>" * 8
    + "</body></html>"
).encode("utf-8")


def landing_reports(workspace) -> list[str]:
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT report_id FROM landing.reports ORDER BY 1").fetchall()]


def test_reports_added_by_url_each_get_a_partition_and_failures_stay_isolated(
    workspace, instance, http_server, capsys  # noqa: F811
):
    changan_2024 = http_server.url("/pages/changan_2024_utf8.html")
    changan_2023 = http_server.url("/pages/changan_2023_gbk.html")
    linan_2024 = http_server.url("/pages/linan_2024_big5.html")
    assert cli(["add", changan_2024, changan_2023, linan_2024]) == 0
    assert cli(["add", changan_2024]) == 0
    assert "already in the catalog" in capsys.readouterr().out

    outcome = run_all(instance)
    assert outcome.success, outcome.errors
    ids = landing_reports(workspace)
    assert len(ids) == 4 and "110119-2023" in ids
    assert sorted(instance.get_dynamic_partitions("reports")) == ids
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        years = con.execute(
            "SELECT region_name, report_year FROM landing.reports WHERE report_id <> '110119-2023' ORDER BY 1, 2"
        ).fetchall()
        assert [y for _, y in years if "长安区" in _] == [2023, 2024]
        per_report = dict(con.execute("SELECT report_id, count(*) FROM landing.facts GROUP BY 1").fetchall())
        gdp = dict(
            (r[0], r[1:])
            for r in con.execute(
                "SELECT r.region_name, f.value, f.period, f.status, f.evidence FROM landing.facts f "
                "JOIN landing.reports r USING (report_id) WHERE f.indicator_code = 'gdp' AND f.metric = 'value' "
                "AND f.part = 'review' AND r.report_year = 2024"
            ).fetchall()
        )
    assert all(per_report[i] > 0 for i in ids)
    # the facts of the fetched pages: UTF-8, and Big5 Traditional with evidence kept as written
    assert gdp["河北省石家庄市长安区"] == (512.3, "2023", "actual", "地区生产总值完成512.3亿元")
    assert gdp["浙江省杭州市临安区"] == (680.5, "2023", "actual", "地區生產總值完成680.5億元")

    # now: one page disappears, one breaks, and a page that is not a work report is added
    changan_2023_id = next(i for i in ids if i.endswith("-2023") and i != "110119-2023")
    raw_versions = sorted(p.name for p in (workspace.raw / changan_2023_id).iterdir())
    http_server.route("/pages/changan_2023_gbk.html", Route(status=404, body=b"<html>gone</html>"))
    http_server.route("/pages/linan_2024_big5.html", Route(status=500, body=b"<html>oops</html>"))
    notice = http_server.route("/notice.html", Route(body=NOT_A_REPORT, content_type="text/html; charset=utf-8"))
    assert cli(["add", notice, "--region", "北京市延庆区", "--report-year", "2021"]) == 0

    outcome = run_all(instance)
    assert not outcome.success
    linan_id = next(i for i in ids if i.startswith("330112"))
    assert set(outcome.failed) == {changan_2023_id, linan_id, "110119-2021"}
    messages = " ".join(outcome.failed.values())
    assert "404" in messages and "500" in messages and "not a work report" in messages
    # nothing lost: the failed reports keep their raw versions and their rows from the last good run
    assert sorted(p.name for p in (workspace.raw / changan_2023_id).iterdir()) == raw_versions
    assert landing_reports(workspace) == ids
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        stages = {r[0] for r in con.execute("SELECT stage FROM landing.ingest_errors").fetchall()}
    assert stages == {"ingest", "text"}


READER = textwrap.dedent(
    """
    import sys
    import sqlalchemy as sa

    engine = sa.create_engine("duckdb:///" + sys.argv[1], connect_args={"read_only": True})
    with engine.connect() as con:
        print(con.execute(sa.text("SELECT count(*) FROM dim_reports")).scalar(), flush=True)
        sys.stdin.readline()  # hold the file open until the test says so
        print(con.execute(sa.text("SELECT count(*) FROM dim_reports")).scalar(), flush=True)
    """
)


def test_rerun_is_idempotent_and_a_bi_reader_never_blocks_it(workspace, instance, seed_run):
    from_seed_run(workspace, seed_run)  # a successful first run over the seed (tests/conftest.py)
    first = counts(workspace.warehouse)
    assert first["landing.reports"] == 1 and first["marts.fct_indicator_facts"] == first["landing.facts"]

    published = workspace.out / "marts.duckdb"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert reader.stdout.readline().strip() == "1"
        # what a publication killed half-way leaves; the next run removes it even with nothing to do
        leftover = workspace.out / ".marts.duckdb.0123456789abcdef0123456789abcdef.tmp"
        leftover.write_bytes(b"half a copy")
        outcome = run_all(instance)  # while the reader holds the published file open
        assert outcome.success and outcome.run_ids == []  # nothing changed: no Dagster run at all
        assert counts(workspace.warehouse) == first
        assert not leftover.exists()

        (workspace.raw / "yanqing_2024_synthetic.txt").write_text(SYNTHETIC_2024, encoding="utf-8")
        assert run_all(instance).success
        with duckdb.connect(str(published), read_only=True) as fresh:
            assert fresh.execute("SELECT count(*) FROM dim_reports").fetchone()[0] == 2
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "1"  # its snapshot was never half-replaced
    finally:
        reader.kill()
        reader.wait(timeout=10)
