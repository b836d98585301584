"""Publish the dbt marts for BI tools: a separate DuckDB file replaced atomically, plus Parquet.

A BI tool (Superset through SQLAlchemy + duckdb-engine, a notebook, the DuckDB CLI) opens
``marts.duckdb``, never the warehouse itself, so it never holds a lock the pipeline needs and
never sees half a build:

* every table of schema ``marts`` is copied into a NEW temporary DuckDB file beside
  ``marts_path``, which is closed (checkpointed) and then ``os.replace``-d onto ``marts_path``.
  On POSIX the rename is atomic: a reader that holds the old file open keeps reading the old
  inode until it reconnects, a new connection sees the new file; the publisher never waits for
  a reader and a reader never waits for the publisher.
* each mart is also written to ``parquet_dir/<mart>.parquet``, through a temporary file and
  ``os.replace`` as well; Parquet files of marts that no longer exist are removed.

In the published file the marts are tables of the default schema (``select * from
indicator_panel``); since DuckDB names the catalog of ``marts.duckdb`` ``marts``, a query written
against the warehouse (``select * from marts.indicator_panel``) works unchanged too. (A schema
named ``marts`` inside a file named ``marts.duckdb`` would make ``marts.x`` ambiguous.)
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from pathlib import Path

import duckdb

from pipelines import settings

MARTS_SCHEMA = "marts"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _mart_tables(con: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? ORDER BY table_name",
        [catalog, schema],
    ).fetchall()
    return [r[0] for r in rows]


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def publish_marts(
    warehouse_path: str,
    marts_path: Path,
    parquet_dir: Path,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    schema: str = MARTS_SCHEMA,
) -> dict[str, int]:
    """Copy every table of ``schema`` in the warehouse to ``marts_path`` (atomically) and to
    Parquet files in ``parquet_dir``. Returns the row count of each mart.

    ``con``: an open connection to the warehouse, for a caller that already holds one (DuckDB
    refuses a second connection to the same file with another configuration in one process).
    Without it the warehouse is attached read-only, which works while no other process writes it.
    """
    marts_path = Path(marts_path)
    parquet_dir = Path(parquet_dir)
    marts_path.parent.mkdir(parents=True, exist_ok=True)
    parquet_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_interrupted_publication(marts_path, parquet_dir)
    settle_published_wal(marts_path)  # fail before the work when a BI session writes the published file
    tmp = marts_path.with_name(f".{marts_path.name}.{uuid.uuid4().hex}.tmp")
    alias = f"govreport_publish_{uuid.uuid4().hex[:8]}"

    own = con is None
    if own:
        work = duckdb.connect(str(tmp))
        work.execute(f"ATTACH {_literal(str(warehouse_path))} AS {alias} (READ_ONLY)")
        source, target = alias, work.execute("SELECT current_database()").fetchone()[0]
    else:
        work = con
        source = work.execute("SELECT current_database()").fetchone()[0]
        work.execute(f"ATTACH {_literal(str(tmp))} AS {alias}")
        target = alias

    counts: dict[str, int] = {}
    # this build's Parquet files go to a folder of their own; `parquet_dir` is a symbolic link
    # switched to it in one rename after the DuckDB file, so Parquet readers never mix two builds
    build_dir = parquet_dir.parent / f"{parquet_dir.name}.build-{uuid.uuid4().hex[:12]}"
    build_dir.mkdir()
    try:
        tables = _mart_tables(work, source, schema)
        if not tables:
            raise RuntimeError(f"no tables in schema {schema!r} of {warehouse_path}: run dbt build first")
        for t in tables:
            src = f"{_quote(source)}.{_quote(schema)}.{_quote(t)}"
            dst = f"{_quote(target)}.main.{_quote(t)}"
            work.execute(f"CREATE TABLE {dst} AS SELECT * FROM {src}")
            counts[t] = work.execute(f"SELECT count(*) FROM {dst}").fetchone()[0]
            work.execute(f"COPY (SELECT * FROM {src}) TO {_literal(str(build_dir / f'{t}.parquet'))} (FORMAT parquet)")
        if own:
            work.execute(f"DETACH {alias}")
            work.execute("CHECKPOINT")
            work.close()
        else:
            work.execute(f"DETACH {alias}")
        settle_published_wal(marts_path)  # again, just before the swap
        os.replace(tmp, marts_path)
        with contextlib.suppress(FileNotFoundError):
            tmp.with_name(tmp.name + ".wal").unlink()
    except BaseException:
        if own:
            with contextlib.suppress(Exception):
                work.close()
        else:
            with contextlib.suppress(Exception):
                work.execute(f"DETACH {alias}")
        _remove(tmp)
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    _switch_link(parquet_dir, build_dir)
    return counts


def _switch_link(link: Path, target: Path) -> None:
    """Point `link` at `target` atomically (temporary link + rename) and remove the old build."""
    old = link.resolve() if link.is_symlink() else None
    if link.exists() and not link.is_symlink():  # a plain folder from an older layout
        shutil.rmtree(link)
    tmp_link = link.parent / f".{link.name}.link.{uuid.uuid4().hex[:8]}"
    os.symlink(target.name, tmp_link)
    os.replace(tmp_link, link)
    if old is not None and old != target.resolve():
        shutil.rmtree(old, ignore_errors=True)


# --- the published file and its readers --------------------------------------------------------
#
# A BI tool that opens marts.duckdb read-write (Superset and DBeaver do by default) and writes
# leaves marts.duckdb.wal. Were the file swapped under that WAL, every later reader would fail with
# "WAL does not match database file". So, before the swap:
# * a process holding the published file open read-write (DuckDB's lock tells, and names its PID)
#   stops the publication with one line; the old published copy stays as it was, usable, and the
#   next run publishes once that session is closed;
# * a WAL nobody holds (the session ended, or crashed) belongs to the file about to be replaced:
#   it is removed with it.
# Readers that connect read-only (the README's way) never write a WAL and never block this.


class PublicationBlocked(RuntimeError):
    """The published file is open read-write by another process: it is not replaced."""


_HOLDER_PID = re.compile(r"Conflicting lock is held in (?P<exe>\S+)(?: \(PID (?P<pid>\d+)\))?")


def published_writer(marts_path: Path) -> str | None:
    """Who holds the published file open read-write ("PID 123 (/usr/bin/dbeaver)"), else None."""
    marts_path = Path(marts_path)
    if not marts_path.exists():
        return None
    try:
        duckdb.connect(str(marts_path), read_only=True).close()  # conflicts only with a writer's lock
    except duckdb.Error as exc:
        m = _HOLDER_PID.search(str(exc))
        if m:
            return f"PID {m.group('pid')} ({m.group('exe')})" if m.group("pid") else m.group("exe")
        if "Could not set lock" in str(exc):
            return "another process"
        if "WAL" in str(exc) or "wal" in str(exc):
            return None  # a WAL that does not fit the file: stray, removed by the caller
        raise
    return None


def settle_published_wal(marts_path: Path) -> None:
    """Make the swap safe for readers: refuse (PublicationBlocked) while a process writes the
    published file, remove a WAL nobody holds."""
    marts_path = Path(marts_path)
    writer = published_writer(marts_path)
    if writer:
        raise PublicationBlocked(
            f"{marts_path} is open read-write by {writer} (a BI tool or notebook): the new marts are not "
            "published, the previous copy stays as it was; close that session or connect with read_only=True, "
            "and the next run publishes"
        )
    wal = marts_path.with_name(marts_path.name + ".wal")
    with contextlib.suppress(FileNotFoundError):
        wal.unlink()


def remove_interrupted_publication(marts_path: Path, parquet_dir: Path) -> list[Path]:
    """Remove what an interrupted publication left (temporary DuckDB files and their WALs,
    temporary links, Parquet build folders the link does not point to); returns what was removed.
    Publications never run concurrently (the warehouse lock), so anything left is stale."""
    marts_path, parquet_dir = Path(marts_path), Path(parquet_dir)
    folder = marts_path.parent
    current = parquet_dir.resolve() if parquet_dir.is_symlink() else None
    removed = []
    if not folder.is_dir():
        return removed
    for p in folder.iterdir():
        stale = (
            (p.name.startswith(f".{marts_path.name}.") and (p.name.endswith(".tmp") or p.name.endswith(".tmp.wal")))
            or p.name.startswith(f".{parquet_dir.name}.link.")
            or (p.name.startswith(f"{parquet_dir.name}.build-") and p.is_dir() and p.resolve() != current)
        )
        if not stale:
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        removed.append(p)
    return removed


def main() -> None:  # pragma: no cover - convenience: python -m pipelines.publish.marts
    counts = publish_marts(
        settings.warehouse_path(), settings.marts_path(), settings.warehouse_dir() / "marts"
    )
    for name, n in counts.items():
        print(f"{name}\t{n}")


if __name__ == "__main__":  # pragma: no cover
    main()
