"""Shared fixtures: a throw-away workspace (raw dir, warehouse, DAGSTER_HOME) per test.

Two layers: ``pytest -m "not slow"`` runs the unit and grammar tests (seconds); the tests marked
``slow`` run Dagster, dbt, the CLI in a subprocess, a browser or an HTTP server. A module marks
itself with ``pytestmark = pytest.mark.slow``; a test asking for one of SLOW_FIXTURES is marked here.

The whole suite runs on pytest-xdist workers (``pytest -n auto``; pyproject.toml: ``--dist
worksteal``, each test on whichever worker is free, the slow tests first): every fixture writes
under its own tmp_path (per worker), and what several modules or workers read (the session's dbt
builds, the `govreport run` over raw/ of test_bi, the synthetic end-to-end run) is made once for
all workers (``once_for_all_workers``).
"""

from __future__ import annotations

import fcntl
import os
import resource
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from dbt_parse import write_partial_parse
from httpserver import http_server  # noqa: F401  (the fixture, for every test module)

from pipelines.settings import DAGSTER_YAML

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "raw" / "000_c4f1182ef43108cd.txt"
SEED_REPORT_ID = "110119-2023"
SLOW_FIXTURES = {"http_server", "instance", "disk_instance", "seed_run", "resources", "workspace", "dbt_warehouse", "dbt_build"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    # the slow tests first (in their order): with --dist worksteal a worker that runs out of tests
    # takes the not yet started ones of the other, so a long test started last cannot hold the end
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def _cpu_seconds() -> float:
    """CPU seconds of this process and of every child process it has waited for (dbt, the CLI)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """With GOVREPORT_TEST_CPU_LOG set (scripts/benchmark_tests.py sets it): append one line
    ``<CPU seconds>\t<test id>`` per test (setup, call and teardown; a session fixture made for
    all workers is counted in the test that made it) to that file, from every worker."""
    log = os.environ.get("GOVREPORT_TEST_CPU_LOG")
    started = _cpu_seconds() if log else 0.0
    yield
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{_cpu_seconds() - started:.2f}\t{item.nodeid}\n")


def shared_dir(tmp_path_factory) -> Path:
    """A folder every pytest-xdist worker of this session sees (the parent of the workers' own
    base temp folders); the base temp folder itself when the session runs in one process."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_for_all_workers(tmp_path_factory, name: str, make) -> Path:
    """The folder ``<shared>/<name>``, filled by ``make(folder)`` once per session for every
    pytest-xdist worker: the first worker to ask makes it under a file lock, the others wait for
    it and reuse it (a folder left by a ``make`` that failed is made again). Shared: read it, or
    copy it."""
    root = shared_dir(tmp_path_factory)
    folder, done = root / name, root / f".{name}.ok"
    with open(root / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.write_text("ok\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def dbt_build(tmp_path_factory):
    """``dbt_build(years)``: the path of a warehouse holding the synthetic landing rows of these
    years (tests/synthetic/landing.py) after a full ``dbt build`` (seeds, models, data tests, unit
    tests), built once per session for each set of years, and once for all pytest-xdist workers
    (the first worker builds under a file lock, the others wait and reuse it). Shared: open it
    read-only, or copy it."""
    sys.path.insert(0, str(Path(__file__).parent / "synthetic"))
    import landing

    def build(years: tuple[int, ...] = (2022, 2023, 2024)) -> Path:
        def make(tmp: Path) -> None:
            landing.load_landing(tmp / "govreport.duckdb", years)
            result = landing.run_dbt(tmp / "govreport.duckdb", tmp, "build")
            assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
            assert "ERROR=0" in result.stdout and "unit test" in result.stdout

        return once_for_all_workers(tmp_path_factory, "dbt-" + "-".join(map(str, years)), make) / "govreport.duckdb"

    return build


@pytest.fixture(scope="session")
def dbt_warehouse(dbt_build) -> Path:
    """The dbt project built once per session on the synthetic landing of 2022-2024 (read-only)."""
    return dbt_build()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """A raw dir holding the seed report and its catalog row, an empty warehouse folder and a
    DAGSTER_HOME, all under tmp_path and pointed to by the environment variables."""
    return make_workspace(tmp_path, monkeypatch)


def make_workspace(root: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The workspace fixture's folders under ``root`` and its environment variables (set with ``monkeypatch``)."""
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    # the committed catalog's header and the seed's row (the provincial reports stay out of unit runs)
    header, seed_row = (REPO / "raw" / "sources.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert seed_row.startswith("110119-2023,"), seed_row
    (raw / "sources.csv").write_text(f"{header}\n{seed_row}\n", encoding="utf-8")
    out = root / "warehouse"
    out.mkdir()
    home = root / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(DAGSTER_YAML, encoding="utf-8")
    monkeypatch.setenv("GOVREPORT_RAW_DIR", str(raw))
    monkeypatch.setenv("GOVREPORT_WAREHOUSE", str(out / "govreport.duckdb"))
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("DO_NOT_TRACK", "1")
    # dagster-dbt's target folders under root, starting from the prepared parse of the project
    # (tests/dbt_parse.py: without it every dbt build of a test parsed the whole project)
    monkeypatch.setenv("DBT_TARGET_PATH", str(root / "dbt_target"))
    write_partial_parse(out / "govreport.duckdb", root / "dbt_target")
    return SimpleNamespace(root=root, raw=raw, out=out, warehouse=out / "govreport.duckdb", home=home)


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory) -> Path:
    """The warehouse folder (warehouse, published marts and Parquet, site, artifacts) that a
    successful `govreport run` (pipelines.runner.run_all) over the seed alone leaves in a fresh
    workspace, made once for all test workers. Start a workspace from it with ``from_seed_run``."""
    import dagster as dg

    from pipelines.runner import run_all

    def make(folder: Path) -> None:
        with pytest.MonkeyPatch.context() as mp, dg.DagsterInstance.ephemeral() as inst:
            make_workspace(folder, mp)
            outcome = run_all(inst)
            assert outcome.success, outcome.errors

    return once_for_all_workers(tmp_path_factory, "seed-run", make) / "warehouse"


def from_seed_run(workspace: SimpleNamespace, seed_run: Path) -> None:
    """Copy the seed run's warehouse folder into ``workspace``: its raw dir holds the same seed and
    catalog row, so the copy is what a first run there leaves (the Dagster instance is the test's)."""
    shutil.copytree(seed_run, workspace.out, symlinks=True, dirs_exist_ok=True)


@pytest.fixture
def instance(workspace: SimpleNamespace):
    """A Dagster instance held in memory (runs, event log, partitions; no compute logs): what the
    in-process runs of a test need, without a SQLite commit per event. ``disk_instance``: one
    stored under the workspace's DAGSTER_HOME, for a test that looks at what is stored there."""
    import dagster as dg

    with dg.DagsterInstance.ephemeral() as inst:
        yield inst


@pytest.fixture
def disk_instance(workspace: SimpleNamespace):
    import dagster as dg

    with dg.instance_for_test(temp_dir=str(workspace.home)) as inst:
        yield inst


@pytest.fixture
def resources(workspace: SimpleNamespace) -> dict:
    """The code location's resources, built from the workspace's environment variables."""
    from pipelines.defs.resources import resources as build

    return dict(build().resources)
