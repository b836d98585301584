"""Shared fixtures: a throw-away workspace (raw dir, warehouse, DAGSTER_HOME) per test."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from httpserver import http_server  # noqa: F401  (the fixture, for every test module)

from pipelines.settings import DAGSTER_YAML

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "raw" / "000_c4f1182ef43108cd.txt"
SEED_REPORT_ID = "110119-2023"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """A raw dir holding the seed report and its catalog row, an empty warehouse folder and a
    DAGSTER_HOME, all under tmp_path and pointed to by the environment variables."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    # the committed catalog's header and the seed's row (the provincial reports stay out of unit runs)
    header, seed_row = (REPO / "raw" / "sources.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert seed_row.startswith("110119-2023,"), seed_row
    (raw / "sources.csv").write_text(f"{header}\n{seed_row}\n", encoding="utf-8")
    out = tmp_path / "warehouse"
    out.mkdir()
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(DAGSTER_YAML, encoding="utf-8")
    monkeypatch.setenv("GOVREPORT_RAW_DIR", str(raw))
    monkeypatch.setenv("GOVREPORT_WAREHOUSE", str(out / "govreport.duckdb"))
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("DO_NOT_TRACK", "1")
    return SimpleNamespace(root=tmp_path, raw=raw, out=out, warehouse=out / "govreport.duckdb", home=home)


@pytest.fixture
def instance(workspace: SimpleNamespace):
    import dagster as dg

    with dg.instance_for_test(temp_dir=str(workspace.home)) as inst:
        yield inst


@pytest.fixture
def resources(workspace: SimpleNamespace) -> dict:
    """The code location's resources, built from the workspace's environment variables."""
    from pipelines.defs.resources import resources as build

    return dict(build().resources)
