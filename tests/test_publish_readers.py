"""The published copy survives what BI tools do to it: a session that writes marts.duckdb (as
Superset and DBeaver may, opening read-write) never gets the file swapped under its WAL; a WAL it
left behind is cleared by the next publication; readers work afterwards. An interrupted
publication's leftovers are removed by the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.marts import PublicationBlocked, publish_marts, remove_interrupted_publication

pytestmark = pytest.mark.slow  # Dagster, dbt, subprocesses or a browser

WRITER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])               # read-write, as a BI tool opens it by default
    con.execute("SET checkpoint_threshold = '1GB'") # keep what it writes in the WAL
    con.execute("CREATE TABLE my_scratch AS SELECT 42 AS answer")
    con.execute("INSERT INTO dim_reports VALUES ('999999-2099')")
    print("wrote", flush=True)
    sys.stdin.readline()                            # hold the file until told to go on
    """
)

READER = "import sys, duckdb; print(duckdb.connect(sys.argv[1], read_only=True).execute('select count(*) from dim_reports').fetchone()[0])"


def warehouse_with(path: Path, n_reports: int) -> Path:
    """A warehouse whose marts schema holds n_reports rows in dim_reports (publication copies
    whatever the marts schema holds)."""
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute("CREATE TABLE marts.dim_reports AS SELECT 'r' || i AS report_id FROM range(?) t(i)", [n_reports])
    return path


def read_in_another_process(marts: Path) -> int:
    out = subprocess.run([sys.executable, "-c", READER, str(marts)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return int(out.stdout)


def test_a_writer_session_and_its_wal_never_break_the_published_copy(tmp_path):
    marts, parquet = tmp_path / "marts.duckdb", tmp_path / "marts"
    wal = marts.with_name("marts.duckdb.wal")
    publish_marts(str(warehouse_with(tmp_path / "wh1.duckdb", 2)), marts, parquet)

    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(marts)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "wrote"
        assert wal.exists()
        # a publication while the session writes: refused, named, nothing swapped
        with pytest.raises(PublicationBlocked, match=rf"open read-write by PID {writer.pid} "):
            publish_marts(str(warehouse_with(tmp_path / "wh2.duckdb", 3)), marts, parquet)
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".marts.duckdb.")]  # no temp file left
        # the session dies without checkpointing (a crashed or killed BI tool): its WAL stays
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(timeout=10)
    assert wal.exists()

    # the next publication clears the stray WAL with the file it belonged to; readers work
    counts = publish_marts(str(warehouse_with(tmp_path / "wh3.duckdb", 4)), marts, parquet)
    assert counts == {"dim_reports": 4} and not wal.exists()
    assert read_in_another_process(marts) == 4
    with duckdb.connect(str(marts), read_only=True) as con:
        assert con.execute("select count(*) from dim_reports").fetchone()[0] == 4
    assert duckdb.connect().execute(f"select count(*) from '{parquet}/dim_reports.parquet'").fetchone()[0] == 4
    # and a further publication, with no session at all, goes through as always
    publish_marts(str(warehouse_with(tmp_path / "wh4.duckdb", 5)), marts, parquet)
    assert read_in_another_process(marts) == 5


def test_read_only_readers_never_block_a_publication(tmp_path):
    marts, parquet = tmp_path / "marts.duckdb", tmp_path / "marts"
    publish_marts(str(warehouse_with(tmp_path / "wh1.duckdb", 1)), marts, parquet)
    reader = subprocess.Popen(
        [sys.executable, "-c", "import sys, duckdb; c = duckdb.connect(sys.argv[1], read_only=True); print('ok', flush=True); sys.stdin.readline()", str(marts)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "ok"
        assert publish_marts(str(warehouse_with(tmp_path / "wh2.duckdb", 2)), marts, parquet) == {"dim_reports": 2}
    finally:
        reader.kill()
        reader.wait(timeout=10)
    assert read_in_another_process(marts) == 2


def test_leftovers_of_an_interrupted_publication_are_removed(tmp_path):
    marts, parquet = tmp_path / "marts.duckdb", tmp_path / "marts"
    publish_marts(str(warehouse_with(tmp_path / "wh1.duckdb", 1)), marts, parquet)
    current = parquet.resolve()
    stale = [
        tmp_path / ".marts.duckdb.0123abcd.tmp",
        tmp_path / ".marts.duckdb.0123abcd.tmp.wal",
        tmp_path / ".marts.link.0badf00d",
        tmp_path / "marts.build-deadbeef0000",
    ]
    for p in stale[:3]:
        p.write_bytes(b"partial")
    stale[3].mkdir()
    (stale[3] / "dim_reports.parquet").write_bytes(b"partial")
    part = parquet / ".dim_reports.parquet.0badf00d.tmp"  # a part file of the fixed Parquet folder
    part.write_bytes(b"partial")
    stale.append(part)
    keep = tmp_path / "notes.txt"
    keep.write_text("mine", encoding="utf-8")

    assert sorted(remove_interrupted_publication(marts, parquet)) == sorted(stale)
    assert not any(p.exists() for p in stale) and keep.exists() and current.is_dir()
    # the next publication does it by itself
    stale[0].write_bytes(b"partial")
    publish_marts(str(warehouse_with(tmp_path / "wh2.duckdb", 2)), marts, parquet)
    assert not stale[0].exists()
    # the Parquet folder is one fixed folder: no build folder is left beside it, no part file in it
    assert parquet.is_dir() and not parquet.is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("marts.build-")]
    assert not list(parquet.glob(".*.tmp")) and (parquet / "dim_reports.parquet").is_file()
