"""Credentials in a source URL are used for the fetch and never stored or published: absent from
sources.csv, the raw sidecars, every landing and mart table, the published DuckDB file, the
Parquet files, the site, the artifacts and the Dagster instance."""

from __future__ import annotations

import duckdb

from pipelines.cli import main as cli
from pipelines.runner import run_all

SECRET = "Pa55-w0rd-XYZZY"


def tables_containing(path, needle: str) -> list[str]:
    hits = []
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            "SELECT database_name, schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
        for db, schema, table in tables:
            name = f'"{db}"."{schema}"."{table}"'
            columns = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]
            where = " OR ".join(f'CAST("{c}" AS VARCHAR) LIKE ?' for c in columns)
            if con.execute(f"SELECT count(*) FROM {name} WHERE {where}", [f"%{needle}%"] * len(columns)).fetchone()[0]:
                hits.append(f"{schema}.{table}")
    return hits


def test_credentials_never_reach_a_stored_or_published_file_or_table(workspace, disk_instance, http_server):  # noqa: F811
    url = http_server.url("/pages/changan_2024_utf8.html").replace("http://", f"http://reader:{SECRET}@")
    assert cli(["add", url]) == 0
    outcome = run_all(disk_instance)  # stored under DAGSTER_HOME: searched for the secret below
    assert outcome.success, outcome.errors
    assert http_server.authorizations[0].startswith("Basic ")  # used for the fetch of `add`
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        sources = [r[0] for r in con.execute("SELECT source FROM landing.reports ORDER BY 1").fetchall()]
    assert http_server.url("/pages/changan_2024_utf8.html") in sources

    assert tables_containing(workspace.warehouse, SECRET) == []
    assert tables_containing(workspace.out / "marts.duckdb", SECRET) == []
    leaked = [
        str(p)
        for root in (workspace.raw, workspace.out, workspace.home)
        for p in root.rglob("*")
        if p.is_file() and SECRET.encode() in p.read_bytes()
    ]
    assert leaked == []
    parquet = sorted((workspace.out / "marts").glob("*.parquet"))  # compressed: read them, not their bytes
    assert parquet
    con = duckdb.connect()
    for path in parquet:
        rows = con.execute(f"SELECT * FROM read_parquet('{path}')").fetchall()
        assert SECRET not in repr(rows), path
