"""Every report committed under raw/ (the seed and the 24 provincial 2026 reports) goes through the
text and extract stages with facts that the fact contract accepts: a grammar change that writes a
value the contract refuses (an empty unit, a metric outside the vocabulary) would otherwise reject
whole reports in the main job, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.extract.facts import facts_of_document
from pipelines.ingest.catalog import read_catalog
from pipelines.text.document import read_document
from pipelines.validate.models import validate_tables

RAW = Path(__file__).resolve().parent.parent / "raw"
ENTRIES = [e for e in read_catalog(RAW) if not e.is_url]


def test_the_committed_catalog_holds_the_seed_and_the_provinces():
    assert len(ENTRIES) >= 25
    assert sum(e.source.startswith("provinces-2026/") for e in ENTRIES) == 24


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.report_id for e in ENTRIES])
def test_facts_of_every_committed_report_meet_the_contract(entry):
    path = RAW / entry.source
    doc = read_document(path.read_bytes(), filename=path.name, region=entry.region, report_year=entry.report_year)
    facts = facts_of_document(doc, report_id=entry.report_id)
    assert len(facts) > 50, entry.report_id
    rows, found = validate_tables({"facts": facts}, [entry.report_id])
    assert found == [], [v.message for v in found]
    assert entry.report_id in rows
