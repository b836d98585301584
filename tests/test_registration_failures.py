"""A file in raw/ that cannot be registered is recorded in landing.ingest_errors once, however many
runs refuse it again (each new row would change the landing tables and so make every run rebuild)."""

from __future__ import annotations

import duckdb

from pipelines.load.warehouse import ensure_landing
from pipelines.runner import record_registration_failures


def test_a_refused_file_is_recorded_once(tmp_path, monkeypatch):
    wh = tmp_path / "govreport.duckdb"
    with duckdb.connect(str(wh)) as con:
        ensure_landing(con)
    monkeypatch.setenv("GOVREPORT_WAREHOUSE", str(wh))
    refused = ("scan.pdf", "scan.pdf: a scanned PDF holds no text layer")
    record_registration_failures([refused])
    record_registration_failures([refused])                      # the next run refuses it again
    record_registration_failures([refused, ("b.doc", "b.doc: .doc is not read; save it as .docx")])
    with duckdb.connect(str(wh), read_only=True) as con:
        rows = con.execute("SELECT source, message FROM landing.ingest_errors ORDER BY source").fetchall()
    assert rows == [("b.doc", "b.doc: .doc is not read; save it as .docx"), refused]
