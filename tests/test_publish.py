"""Publishing the marts: a reader holding marts.duckdb open (read-only, through SQLAlchemy and
duckdb-engine, as Superset does) in another process never blocks a re-publish, keeps its view
until it reconnects, and a new connection sees the new data."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.marts import publish_marts

pytestmark = pytest.mark.slow  # Dagster, dbt, subprocesses or a browser

READER = textwrap.dedent(
    """
    import sys
    from sqlalchemy import create_engine, text
    engine = create_engine("duckdb:///" + sys.argv[1], connect_args={"read_only": True}, poolclass=None)
    with engine.connect() as conn:
        n = conn.execute(text("select count(*) from dim_reports")).scalar()
        print("ready", n, flush=True)
        sys.stdin.readline()          # hold the file open until told to go on
        n = conn.execute(text("select count(*) from marts.dim_reports")).scalar()
        print("still", n, flush=True)
    """
)


pytestmark = pytest.mark.slow


@pytest.fixture()
def warehouse(dbt_build, tmp_path) -> Path:
    """A copy of the session's dbt build of 2022-2023 (tests write to it)."""
    wh = tmp_path / "govreport.duckdb"
    shutil.copy(dbt_build((2022, 2023)), wh)
    return wh


def test_publish_copies_every_mart(warehouse, tmp_path):
    marts, parquet = tmp_path / "marts.duckdb", tmp_path / "marts"
    counts = publish_marts(str(warehouse), marts, parquet)
    assert counts["dim_reports"] == 2 and counts["target_vs_actual"] > 0
    con = duckdb.connect(str(warehouse), read_only=True)
    expected = {r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()}
    con.close()
    assert set(counts) == expected
    assert {p.stem for p in parquet.glob("*.parquet")} == expected
    pub = duckdb.connect(str(marts), read_only=True)
    for name, n in counts.items():
        assert pub.execute(f"select count(*) from {name}").fetchone()[0] == n
        assert pub.execute(f"select count(*) from marts.{name}").fetchone()[0] == n  # warehouse-style name
        assert pub.execute(f"select count(*) from '{parquet / (name + '.parquet')}'").fetchone()[0] == n
    pub.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp files left


def test_publish_through_an_open_connection(warehouse, tmp_path):
    con = duckdb.connect(str(warehouse))  # the caller holds the warehouse open read-write
    try:
        counts = publish_marts(str(warehouse), tmp_path / "m.duckdb", tmp_path / "pq", con=con)
    finally:
        con.close()
    assert counts["dim_reports"] == 2


def test_reader_holding_marts_open_does_not_block_republish(warehouse, dbt_build, tmp_path):
    marts, parquet = tmp_path / "marts.duckdb", tmp_path / "marts"
    publish_marts(str(warehouse), marts, parquet)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(marts)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert reader.stdout.readline().split() == ["ready", "2"]
        # a new report arrives and dbt rebuilds the warehouse (the session's build of 2022-2024: the
        # build of the same landing rows), then the marts are re-published
        shutil.copy(dbt_build((2022, 2023, 2024)), warehouse)
        counts = publish_marts(str(warehouse), marts, parquet)
        assert counts["dim_reports"] == 3
        fresh = duckdb.connect(str(marts), read_only=True)
        assert fresh.execute("select count(*) from dim_reports").fetchone()[0] == 3
        assert fresh.execute(
            "select verdict from target_vs_actual where indicator_code = 'fixed_asset_investment' and year = 2023"
        ).fetchone()[0] == "missed"
        fresh.close()
        # the old reader still works, on the build it opened
        out, err = reader.communicate("go\n", timeout=60)
        assert reader.returncode == 0, err
        assert out.split() == ["still", "2"]
    finally:
        if reader.poll() is None:
            reader.kill()
