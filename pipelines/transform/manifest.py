"""The dbt manifest the Dagster definitions load (``<dbt project>/target/manifest.json``), made by
``dbt parse``: `govreport prepare` runs it (the README's commands do), and the definitions run it
themselves when the manifest is missing (pipelines/defs/assets/transform.py)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines import settings


class ManifestError(RuntimeError):
    """The dbt project could not be parsed into a manifest; the message says why and what to run."""


def manifest_path(project_dir: Path | None = None) -> Path:
    return Path(project_dir or settings.dbt_project_dir()) / "target" / "manifest.json"


@contextmanager
def _parse_lock(project: Path) -> Iterator[None]:
    """Held while a process parses ``project`` or checks that its manifest is there: dbt writes
    manifest.json in place, so two processes parsing at once (two pytest-xdist workers importing the
    definitions in a checkout without a manifest) wrote one file over the other and left it unreadable."""
    target = project / "target"
    try:
        target.mkdir(parents=True, exist_ok=True)
        lock = open(target / ".parse.lock", "w")  # noqa: SIM115  (closed below)
    except OSError:  # a read-only project: nobody parses it
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


def ensure_manifest(project_dir: Path | None = None) -> bool:
    """Make the manifest when it is missing (prepare_manifest); True when it was parsed now. Another
    process parsing the same project at the same time is waited for, never raced nor read half
    written."""
    project = Path(project_dir or settings.dbt_project_dir())
    with _parse_lock(project):
        if manifest_path(project).exists():
            return False
        _parse(project)
        return True


def prepare_manifest(project_dir: Path | None = None, *, timeout: float = 600) -> Path:
    """Parse the dbt project (``dbt parse``, in a child process of this interpreter) and return the
    manifest's path. Needs no warehouse. Raises ManifestError with dbt's own words when it fails."""
    project = Path(project_dir or settings.dbt_project_dir())
    with _parse_lock(project):
        return _parse(project, timeout=timeout)


def _parse(project: Path, *, timeout: float = 600) -> Path:
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env.setdefault("GOVREPORT_WAREHOUSE", settings.warehouse_path())  # the profile the runs use
    cmd = [sys.executable, "-m", "dbt.cli.main", "parse", "--project-dir", str(project), "--profiles-dir", str(project),
           "--target-path", str(manifest_path(project).parent)]  # there, whatever DBT_TARGET_PATH says
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ManifestError(f"dbt parse of {project} could not run: {exc}") from exc
    path = manifest_path(project)
    if done.returncode != 0 or not path.exists():
        said = "\n".join(line for line in (done.stdout + done.stderr).splitlines() if line.strip())[-3000:]
        raise ManifestError(
            f"dbt parse failed in {project} (exit {done.returncode}); fix the project, then run "
            f"`govreport prepare`:\n{said}"
        )
    return path
