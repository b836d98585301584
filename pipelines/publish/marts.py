"""Publish the dbt marts for BI tools: a separate DuckDB file replaced atomically, plus Parquet.

A BI tool (Superset through SQLAlchemy + duckdb-engine, a notebook, the DuckDB CLI) opens
``marts.duckdb``, never the warehouse itself, so it never holds a lock the pipeline needs and
never sees half a build:

* every table of schema ``marts`` is copied into a NEW temporary DuckDB file beside
  ``marts_path``, which is closed (checkpointed) and then ``os.replace``-d onto ``marts_path``.
  Only what changed is copied: the temporary file starts as a file copy of the published one,
  and a mart equal to its published copy is left as it is, one whose reports differ has those
  reports' rows replaced (``update_table``): one report added to 1,000 rewrites ~200 rows of
  ``fct_indicator_facts``, not 200,000 (docs/scale.md).
  On POSIX the rename is atomic: a reader that holds the old file open keeps reading the old
  inode until it reconnects, a new connection sees the new file; the publisher never waits for
  a reader and a reader never waits for the publisher.
* each mart is also written to ``parquet_dir/<mart>.parquet``: ``parquet_dir`` is a fixed folder
  (a tool may cache its resolved path), each file is written to a temporary name inside it and
  ``os.replace``-d onto its own name, one by one, before the DuckDB file is swapped, and only for
  the marts that changed; Parquet files of marts that no longer exist are removed. ``parquet_dir/_dictionary.csv`` lists every column with its type, nullability and
  description.

The data dictionary travels with the data: dbt persists the model and column descriptions as
DuckDB comments (``persist_docs``); the copy keeps them (``COMMENT ON TABLE / COLUMN``) and the
NOT NULL constraints of the contracts, and each Parquet file carries them in its key/value
metadata (``description``, ``column:<name>``).

In the published file the marts are tables of the default schema (``select * from
indicator_panel``); since DuckDB names the catalog of ``marts.duckdb`` ``marts``, a query written
against the warehouse (``select * from marts.indicator_panel``) works unchanged too. (A schema
named ``marts`` inside a file named ``marts.duckdb`` would make ``marts.x`` ambiguous.)
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
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

    Only what changed is copied (an incremental build changes a few reports' rows): the new file
    starts as a copy of the published one when that holds nothing but marts (``_reusable``), and
    each mart is compared with its published copy (``changed_marts``): equal -> kept as it is;
    same columns and descriptions, some reports' rows differ -> those reports' rows replaced
    (marts with a ``report_id`` column); otherwise copied whole. A Parquet file is written again
    only when its stamp differs from its mart's (``write_parquet_folder``). The result is the same as a
    copy of every mart: tests/test_publish_changes.py compares the two.

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
    if _reusable(marts_path):
        shutil.copyfile(marts_path, tmp)  # a file copy: far cheaper than copying the rows again

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
    dictionary: dict[str, TableDoc] = {}
    try:
        tables = _mart_tables(work, source, schema)
        if not tables:
            raise RuntimeError(f"no tables in schema {schema!r} of {warehouse_path}: run dbt build first")
        work.execute("BEGIN")  # one commit for the whole copy, not one per statement
        for gone in set(_mart_tables(work, target, "main")) - set(tables):
            work.execute(f"DROP TABLE {_quote(target)}.main.{_quote(gone)}")
        for t in tables:
            dictionary[t] = table_doc(work, source, schema, t)
            update_table(work, (source, schema), (target, "main"), t, dictionary[t])
            counts[t] = work.execute(f"SELECT count(*) FROM {_quote(target)}.main.{_quote(t)}").fetchone()[0]
        work.execute("COMMIT")
        if own:
            work.execute(f"DETACH {alias}")
            work.execute("CHECKPOINT")
            work.close()
        else:
            work.execute(f"DETACH {alias}")
        # from the closed temporary file; each Parquet file says what it holds (parquet_stamps), so
        # an interrupted publication leaves nothing the next one would take as up to date
        write_parquet_folder(tmp, parquet_dir, dictionary)
        settle_published_wal(marts_path)  # again, just before the swap
        os.replace(tmp, marts_path)
        with contextlib.suppress(FileNotFoundError):
            tmp.with_name(tmp.name + ".wal").unlink()
    except BaseException:
        with contextlib.suppress(Exception):
            work.execute("ROLLBACK")
        if own:
            with contextlib.suppress(Exception):
                work.close()
        else:
            with contextlib.suppress(Exception):
                work.execute(f"DETACH {alias}")
        _remove(tmp)
        raise
    return counts


# --- publishing only what changed ----------------------------------------------------------------

def _reusable(marts_path: Path) -> bool:
    """The published file can be the start of the next one: it opens, and holds only tables of
    schema main (what a publication writes). A file a BI session wrote into (its own tables,
    views, schemas) or an unreadable one is not reused: the publication then starts from an
    empty file, as every publication did before, and leaves nothing of that session behind."""
    if not marts_path.is_file():
        return False
    try:
        with duckdb.connect(str(marts_path), read_only=True) as pub:
            foreign = pub.execute(
                "SELECT (SELECT count(*) FROM duckdb_tables() WHERE schema_name <> 'main' OR temporary)"
                " + (SELECT count(*) FROM duckdb_views() WHERE NOT internal)"
                " + (SELECT count(*) FROM duckdb_schemas() WHERE NOT internal AND schema_name <> 'main')"
                " + (SELECT count(*) FROM duckdb_sequences())"
                " + (SELECT count(*) FROM duckdb_functions() WHERE NOT internal)"
            ).fetchone()[0]
    except duckdb.Error:
        return False
    return foreign == 0


def _docs_equal(a: TableDoc, b: TableDoc) -> bool:
    return (a.description, [(c.name, c.data_type, c.nullable, c.description) for c in a.columns]) == (
        b.description, [(c.name, c.data_type, c.nullable, c.description) for c in b.columns])


REPORT_KEY = "report_id"  # marts with this column are compared and replaced report by report


def changed_marts(con: duckdb.DuckDBPyConnection, src: str, dst: str, doc: TableDoc) -> list | None:
    """The ``report_id`` values whose rows differ between table ``src`` and its published copy
    ``dst`` (same columns: ``_docs_equal``), comparing each report's row count and sum of row
    hashes (DuckDB ``hash`` of the whole row); [] when the tables are equal; None when the mart
    has no report_id column and differs (then it is copied whole). A NULL report_id is a group
    of its own."""
    if REPORT_KEY not in {c.name for c in doc.columns}:
        same = con.execute(
            f"SELECT (SELECT (count(*), sum(hash(x))) FROM {src} AS x) IS NOT DISTINCT FROM "
            f"(SELECT (count(*), sum(hash(x))) FROM {dst} AS x)"
        ).fetchone()[0]
        return [] if same else None
    key = _quote(REPORT_KEY)
    return [r[0] for r in con.execute(
        f"WITH a AS (SELECT {key} AS k, count(*) AS n, sum(hash(x)) AS h FROM {src} AS x GROUP BY ALL), "
        f"b AS (SELECT {key} AS k, count(*) AS n, sum(hash(x)) AS h FROM {dst} AS x GROUP BY ALL) "
        "SELECT coalesce(a.k, b.k) FROM a FULL JOIN b ON a.k IS NOT DISTINCT FROM b.k "
        "WHERE (a.n, a.h) IS DISTINCT FROM (b.n, b.h)"
    ).fetchall()]


def update_table(
    con: duckdb.DuckDBPyConnection, source: tuple[str, str], target: tuple[str, str], table: str, doc: TableDoc
) -> bool:
    """Make ``target.table`` (catalog, schema) equal to ``source.table``, row for row, copying as
    little as possible (see ``publish_marts``); True when it was written to."""
    src = f"{_quote(source[0])}.{_quote(source[1])}.{_quote(table)}"
    dst = f"{_quote(target[0])}.{_quote(target[1])}.{_quote(table)}"
    if table in _mart_tables(con, *target) and _docs_equal(table_doc(con, *target, table), doc):
        changed = changed_marts(con, src, dst, doc)
        if changed == []:
            return False
        if changed is not None:
            cols = ", ".join(_quote(c.name) for c in doc.columns)
            key, nulls = _quote(REPORT_KEY), any(k is None for k in changed)
            keys = [k for k in changed if k is not None]
            dtype = next(c.data_type for c in doc.columns if c.name == REPORT_KEY)
            where = f"({key} IN (SELECT unnest(?::{dtype}[])){f' OR {key} IS NULL' if nulls else ''})"
            con.execute(f"DELETE FROM {dst} WHERE {where}", [keys])
            con.execute(f"INSERT INTO {dst} ({cols}) SELECT {cols} FROM {src} WHERE {where}", [keys])
            return True
    con.execute(f"DROP TABLE IF EXISTS {dst}")
    copy_table(con, src, dst, doc)
    return True


# --- the data dictionary: comments and NOT NULL in the copy, Parquet metadata, dictionary file ---

class ColumnDoc:
    __slots__ = ("name", "data_type", "nullable", "description")

    def __init__(self, name: str, data_type: str, nullable: bool, description: str | None):
        self.name, self.data_type, self.nullable, self.description = name, data_type, nullable, description


class TableDoc:
    __slots__ = ("name", "description", "columns")

    def __init__(self, name: str, description: str | None, columns: list[ColumnDoc]):
        self.name, self.description, self.columns = name, description, columns


def table_doc(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> TableDoc:
    """The table's description and its columns (type, nullability, description) as dbt
    persisted them (COMMENT ON) in the warehouse."""
    (comment,) = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?",
        [catalog, schema, table],
    ).fetchone()
    rows = con.execute(
        "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() "
        "WHERE database_name = ? AND schema_name = ? AND table_name = ? ORDER BY column_index",
        [catalog, schema, table],
    ).fetchall()
    clean = lambda text: " ".join(text.split()) if text else None  # noqa: E731 - folded YAML ends in \n
    return TableDoc(table, clean(comment), [ColumnDoc(n, t, bool(nl), clean(c)) for n, t, nl, c in rows])


def copy_table(con: duckdb.DuckDBPyConnection, src: str, dst: str, doc: TableDoc) -> None:
    """CREATE TABLE with the source's types and NOT NULL constraints (CREATE TABLE AS would drop
    them), the rows, and the descriptions as COMMENT ON TABLE / COLUMN."""
    columns = ", ".join(
        f"{_quote(c.name)} {c.data_type}{'' if c.nullable else ' NOT NULL'}" for c in doc.columns
    )
    con.execute(f"CREATE TABLE {dst} ({columns})")
    con.execute(f"INSERT INTO {dst} SELECT {', '.join(_quote(c.name) for c in doc.columns)} FROM {src}")
    if doc.description:
        con.execute(f"COMMENT ON TABLE {dst} IS {_literal(doc.description)}")
    for c in doc.columns:
        if c.description:
            con.execute(f"COMMENT ON COLUMN {dst}.{_quote(c.name)} IS {_literal(c.description)}")


def _kv_pairs(doc: TableDoc) -> dict[str, str]:
    pairs = {"description": doc.description or "", "source": "govreport marts (dbt); see _dictionary.csv"}
    pairs.update({f"column:{c.name}": c.description or "" for c in doc.columns})
    return pairs


def _kv_metadata(pairs: dict[str, str]) -> str:
    return "{" + ", ".join(f"{_quote(k)}: {_literal(v)}" for k, v in pairs.items()) + "}"


CONTENT_KEY = "govreport:content"  # Parquet key/value metadata: what the file holds (parquet_stamp)


def parquet_stamps(con: duckdb.DuckDBPyConnection, dictionary: dict[str, TableDoc]) -> dict[str, str]:
    """Per mart of ``dictionary`` (tables of the connection's main schema): a SHA-256 of its row
    count, the sum of its row hashes, its column types and its descriptions. Written into each
    Parquet file (CONTENT_KEY): a file whose stamp equals the mart's is not written again."""
    if not dictionary:
        return {}
    rows = con.execute(" UNION ALL ".join(
        f"SELECT {_literal(name)}, count(*), sum(hash(x))::VARCHAR FROM {_quote(name)} AS x" for name in dictionary
    )).fetchall()
    stamps = {}
    for name, n, h in rows:
        doc = dictionary[name]
        text = repr((n, h, [(c.name, c.data_type, c.nullable) for c in doc.columns], _kv_pairs(doc)))
        stamps[name] = hashlib.sha256(text.encode()).hexdigest()
    return stamps


def _file_stamp(con: duckdb.DuckDBPyConnection, path: Path) -> str | None:
    try:
        row = con.execute(
            "SELECT value FROM parquet_kv_metadata(?) WHERE key = ?", [str(path), CONTENT_KEY.encode()]
        ).fetchone()
    except duckdb.Error:  # not there, or no Parquet file
        return None
    return row[0].decode() if row else None


DICTIONARY_FILE = "_dictionary.csv"


def write_parquet_folder(db_path: Path, parquet_dir: Path, dictionary: dict[str, TableDoc]) -> list[str]:
    """Write ``parquet_dir/<mart>.parquet`` from the DuckDB file about to be published
    (``db_path``), each through a temporary file in the same folder and ``os.replace`` (a reader
    sees the old file or the new one, never half a file), with the descriptions in the Parquet
    key/value metadata, and the stamp of what it holds (``parquet_stamps``): a file whose stamp
    equals its mart's is left as it is, whatever happened before (an interrupted publication, a
    file written by hand). Then ``_dictionary.csv``; then remove the files of marts that are gone.
    ``parquet_dir`` stays the same folder across builds (an older layout's symbolic link is
    replaced by a folder once). Returns the marts whose file was written."""
    if parquet_dir.is_symlink():
        old = parquet_dir.resolve()
        parquet_dir.unlink()
        if old.parent == parquet_dir.parent and old.name.startswith(f"{parquet_dir.name}.build-"):
            shutil.rmtree(old, ignore_errors=True)
    parquet_dir.mkdir(parents=True, exist_ok=True)
    written = []
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        stamps = parquet_stamps(con, dictionary)
        for name, doc in dictionary.items():
            final = parquet_dir / f"{name}.parquet"
            if final.is_file() and _file_stamp(con, final) == stamps[name]:
                continue
            part = parquet_dir / f".{name}.parquet.{uuid.uuid4().hex[:8]}.tmp"
            kv = _kv_metadata({**_kv_pairs(doc), CONTENT_KEY: stamps[name]})
            try:
                con.execute(f"COPY {_quote(name)} TO {_literal(str(part))} (FORMAT parquet, KV_METADATA {kv})")
                os.replace(part, final)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    part.unlink()
            written.append(name)
    finally:
        con.close()
    _replace_text(parquet_dir / DICTIONARY_FILE, dictionary_csv(dictionary))
    for stale in parquet_dir.glob("*.parquet"):
        if stale.stem not in dictionary:
            stale.unlink()
    return written


def dictionary_csv(dictionary: dict[str, TableDoc]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["table", "column", "data_type", "nullable", "description"])
    for name, doc in dictionary.items():
        w.writerow([name, "", "", "", doc.description or ""])
        for c in doc.columns:
            w.writerow([name, c.name, c.data_type, "true" if c.nullable else "false", c.description or ""])
    return out.getvalue()


def _replace_text(path: Path, text: str) -> None:
    part = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)


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
    temporary links and Parquet build folders of the older linked layout, part files in the fixed
    Parquet folder); returns what was removed.
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
    if parquet_dir.is_dir() and not parquet_dir.is_symlink():  # the fixed Parquet folder's part files
        for p in parquet_dir.glob(".*.parquet.*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
            removed.append(p)
    return removed


def main() -> None:  # pragma: no cover - convenience: python -m pipelines.publish.marts
    counts = publish_marts(
        settings.warehouse_path(), settings.marts_path(), settings.parquet_dir()
    )
    for name, n in counts.items():
        print(f"{name}\t{n}")


if __name__ == "__main__":  # pragma: no cover
    main()
