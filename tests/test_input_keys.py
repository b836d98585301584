"""The input key that lets `govreport run` leave unchanged reports out of a run: it must change
with anything that changes a report's rows — its bytes, its catalog row, and every file of the
package the rows are made with (modules, reference tables, the grammar's lexicon files)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.load import unchanged

PACKAGE = Path(unchanged.__file__).resolve().parent.parent


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    copy = tmp_path / "pipelines"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(unchanged, "PACKAGE", copy)
    unchanged.code_version.cache_clear()
    yield copy
    unchanged.code_version.cache_clear()


def _key() -> str:
    unchanged.code_version.cache_clear()
    return unchanged.input_key("ab" * 32, "北京市", 2026)


@pytest.mark.parametrize("edited", [
    "extract/lexicon/comparators.csv",   # a word of the grammar
    "reference/indicators.csv",          # the indicator catalog
    "extract/clauses.py",                # a rule in code
])
def test_the_key_changes_with_every_file_the_rows_are_made_with(package_copy, edited):
    before = _key()
    path = package_copy / edited
    path.write_bytes(path.read_bytes() + b"\n")
    assert _key() != before


def test_the_key_changes_with_the_bytes_and_the_catalog_row_only(package_copy):
    base = _key()
    assert _key() == base
    assert unchanged.input_key("cd" * 32, "北京市", 2026) != base
    assert unchanged.input_key("ab" * 32, "天津市", 2026) != base
    assert unchanged.input_key("ab" * 32, "北京市", 2025) != base
    # the source is stored in landing.reports: a file moved with the same bytes is loaded again
    assert unchanged.input_key("ab" * 32, "北京市", 2026, "moved/beijing.txt") != base


def test_the_key_follows_a_lexicon_outside_the_package(package_copy, tmp_path, monkeypatch):
    outside = tmp_path / "lexicon"
    shutil.copytree(package_copy / "extract" / "lexicon", outside)
    monkeypatch.setenv("GOVREPORT_LEXICON", str(outside))
    before = _key()
    (outside / "comparators.csv").write_bytes((outside / "comparators.csv").read_bytes() + b"\n")
    assert _key() != before
