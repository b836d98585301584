"""A publication copies only what changed, and gives what a copy of every mart gives.

publish_marts starts the new file from the published one and replaces only the reports whose
rows differ (marts with report_id), the marts that differ otherwise, and the Parquet files whose
stamp differs from their mart's. Each case below publishes the same warehouse twice: onto the
previous publication (the incremental way) and into an empty folder (every mart copied), and
the two must hold the same rows, types, NOT NULLs, descriptions and Parquet files.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.publish.marts import publish_marts, write_parquet_folder

FACTS = "CREATE TABLE marts.facts (report_id VARCHAR, fact_id INTEGER NOT NULL, value DOUBLE, note VARCHAR)"


def _warehouse(path: Path, facts: list[tuple], summary: list[tuple], *, note_doc: str = "a note") -> Path:
    """A warehouse whose marts are facts (keyed by report_id), summary (no report_id) and units
    (never changes), with dbt-style comments."""
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute(FACTS)
        con.execute("COMMENT ON TABLE marts.facts IS 'every fact'")
        con.execute(f"COMMENT ON COLUMN marts.facts.note IS '{note_doc}'")
        if facts:
            con.executemany("INSERT INTO marts.facts VALUES (?, ?, ?, ?)", facts)
        con.execute("CREATE TABLE marts.summary (k VARCHAR, n INTEGER)")
        if summary:
            con.executemany("INSERT INTO marts.summary VALUES (?, ?)", summary)
        con.execute("CREATE TABLE marts.units AS SELECT * FROM (VALUES ('亿元', 1e8), ('万元', 1e4)) t(unit, factor)")
    return path


def _content(marts: Path, parquet: Path) -> dict:
    """Everything a reader sees: rows (sorted), columns with type/NOT NULL/comment, table comments,
    and the rows and key/value metadata (less the stamp) of each Parquet file."""
    out = {}
    with duckdb.connect(str(marts), read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        for t in names:
            out[t] = (
                con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall(),
                con.execute("SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() "
                            "WHERE table_name = ? ORDER BY column_index", [t]).fetchall(),
                con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = ?", [t]).fetchone(),
                con.execute(f"SELECT * FROM '{parquet / (t + '.parquet')}' ORDER BY ALL").fetchall(),
                con.execute(f"SELECT key, value FROM parquet_kv_metadata('{parquet / (t + '.parquet')}') "
                            "WHERE key <> 'govreport:content'::BLOB ORDER BY key").fetchall(),
            )
    out["parquet files"] = sorted(p.name for p in parquet.iterdir())
    return out


def _publish_both(wh: Path, tmp_path: Path, name: str) -> dict:
    """Publish wh onto the running publication (tmp_path/run) and into a new folder; assert both
    give the same; return the running publication's content."""
    run, fresh = tmp_path / "run", tmp_path / name
    a = publish_marts(str(wh), run / "marts.duckdb", run / "marts")
    b = publish_marts(str(wh), fresh / "marts.duckdb", fresh / "marts")
    assert a == b
    got, want = _content(run / "marts.duckdb", run / "marts"), _content(fresh / "marts.duckdb", fresh / "marts")
    assert got == want
    assert not [p for p in run.iterdir() if p.name.startswith(".")]  # no temp file left
    return got


def test_only_what_changed_is_written_and_the_result_is_a_full_copy(tmp_path):
    wh = tmp_path / "wh.duckdb"
    r1 = [("r1", 1, 1.5, "x"), ("r1", 2, 2.0, None)]
    r2 = [("r2", 1, 7.0, "y")]
    _warehouse(wh, r1 + r2, [("a", 1)])
    _publish_both(wh, tmp_path, "v1")
    parquet = tmp_path / "run" / "marts"
    written = {p.name: p.stat().st_mtime_ns for p in parquet.glob("*.parquet")}

    # a report added, one corrected, a NULL report_id, the summary changed; units untouched
    _warehouse(wh, [("r1", 1, 1.6, "x"), ("r1", 2, 2.0, None), *r2, ("r3", 1, 3.0, "z"), (None, 9, 0.0, "orphan")],
               [("a", 2)])
    got = _publish_both(wh, tmp_path, "v2")
    assert sorted(r[0] or "" for r in got["facts"][0]) == ["", "r1", "r1", "r2", "r3"]
    assert (parquet / "units.parquet").stat().st_mtime_ns == written["units.parquet"]   # unchanged: not rewritten
    assert (parquet / "facts.parquet").stat().st_mtime_ns != written["facts.parquet"]

    # a report removed (its rows leave), the NULL one too
    _warehouse(wh, [("r1", 1, 1.6, "x"), ("r1", 2, 2.0, None), ("r3", 1, 3.0, "z")], [("a", 2)])
    got = _publish_both(wh, tmp_path, "v3")
    assert {r[0] for r in got["facts"][0]} == {"r1", "r3"}

    # a description changed (dbt YAML edited): the mart is copied again, with the new comment
    _warehouse(wh, [("r1", 1, 1.6, "x")], [("a", 2)], note_doc="what the report says beside the figure")
    got = _publish_both(wh, tmp_path, "v4")
    assert ("note", "VARCHAR", True, "what the report says beside the figure") in got["facts"][1]

    # a mart gone from the warehouse: gone from both places
    with duckdb.connect(str(wh)) as con:
        con.execute("DROP TABLE marts.summary")
    got = _publish_both(wh, tmp_path, "v5")
    assert "summary" not in got and "summary.parquet" not in got["parquet files"]


def test_a_published_file_a_bi_session_wrote_into_is_not_reused(tmp_path):
    wh = _warehouse(tmp_path / "wh.duckdb", [("r1", 1, 1.0, "x")], [("a", 1)])
    run = tmp_path / "run"
    publish_marts(str(wh), run / "marts.duckdb", run / "marts")
    with duckdb.connect(str(run / "marts.duckdb")) as bi:  # a read-write BI session, closed cleanly
        bi.execute("CREATE TABLE my_scratch AS SELECT 42 AS answer")
        bi.execute("CREATE VIEW my_view AS SELECT 1 AS one")
        bi.execute("INSERT INTO facts VALUES ('r1', 99, 0, 'typed by hand')")
    got = _publish_both(wh, tmp_path, "fresh")
    assert set(got) == {"facts", "summary", "units", "parquet files"}
    assert got["facts"][0] == [("r1", 1, 1.0, "x")]


def test_a_row_changed_by_hand_in_the_published_copy_is_put_back(tmp_path):
    wh = _warehouse(tmp_path / "wh.duckdb", [("r1", 1, 1.0, "x"), ("r2", 1, 2.0, "y")], [("a", 1)])
    run = tmp_path / "run"
    publish_marts(str(wh), run / "marts.duckdb", run / "marts")
    with duckdb.connect(str(run / "marts.duckdb")) as bi:
        bi.execute("UPDATE facts SET value = -1 WHERE report_id = 'r2'")
        bi.execute("DELETE FROM summary")
    got = _publish_both(wh, tmp_path, "fresh")
    assert sorted(got["facts"][0]) == [("r1", 1, 1.0, "x"), ("r2", 1, 2.0, "y")]
    assert got["summary"][0] == [("a", 1)]


@pytest.mark.parametrize("damage", ["stale", "truncated"])
def test_a_parquet_file_that_does_not_hold_its_mart_is_written_again(tmp_path, damage):
    """An interrupted publication (or a hand) can leave a Parquet file that is not what the
    published file holds; its stamp tells, and the next publication writes it again."""
    wh = _warehouse(tmp_path / "wh.duckdb", [("r1", 1, 1.0, "x")], [("a", 1)])
    run = tmp_path / "run"
    publish_marts(str(wh), run / "marts.duckdb", run / "marts")
    facts = run / "marts" / "facts.parquet"
    if damage == "stale":  # the file of another warehouse state, with that state's own stamp
        other = _warehouse(tmp_path / "other.duckdb", [("r9", 1, 9.0, "old")], [("a", 1)])
        publish_marts(str(other), tmp_path / "o" / "marts.duckdb", tmp_path / "o" / "marts")
        facts.write_bytes((tmp_path / "o" / "marts" / "facts.parquet").read_bytes())
    else:
        facts.write_bytes(facts.read_bytes()[:20])
    assert write_parquet_folder(run / "marts.duckdb", run / "marts", _docs(run / "marts.duckdb")) == ["facts"]
    got = _publish_both(wh, tmp_path, "fresh")
    assert got["facts"][3] == [("r1", 1, 1.0, "x")]


def _docs(marts: Path) -> dict:
    from pipelines.publish.marts import table_doc

    with duckdb.connect(str(marts), read_only=True) as con:
        catalog = con.execute("SELECT current_database()").fetchone()[0]
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: table_doc(con, catalog, "main", t) for t in names}
