#!/usr/bin/env bash
# Install (or reuse) .venv from the lock file and prepare the dbt manifest.
# Sourced by scripts/run.sh and scripts/test.sh; safe to run again (reinstalls only when the
# lock file or pyproject.toml changed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for candidate in python3.11 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PY=$candidate; break; fi
  done
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv

stamp=.venv/.govreport-installed
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)

# uv: the one on the PATH, else a pinned, hash-checked uv installed with pip into a small venv of
# its own (.venv/.bootstrap, scripts/bootstrap-requirements.txt); nothing (pip) when that fails or
# when GOVREPORT_USE_PIP is set.
find_uv() {
  [ -z "${GOVREPORT_USE_PIP:-}" ] || return 1
  if command -v uv >/dev/null 2>&1; then UV=$(command -v uv); return 0; fi
  UV=$ROOT/.venv/.bootstrap/bin/uv
  [ -x "$UV" ] && return 0
  echo "setup: uv is not on the PATH: installing uv (scripts/bootstrap-requirements.txt) into .venv/.bootstrap" >&2
  { "$PY" -m venv .venv/.bootstrap \
      && .venv/.bootstrap/bin/python -m pip install --quiet --disable-pip-version-check \
           --require-hashes -r scripts/bootstrap-requirements.txt; } 2> >(grep -v "^WARNING: Location" >&2) \
    && [ -x "$UV" ] && return 0
  echo "setup: could not install uv: falling back to pip" >&2
  rm -rf .venv/.bootstrap
  return 1
}

install_with_uv() {
  "$UV" pip install --quiet --python .venv/bin/python --no-deps --require-hashes -r requirements.lock \
    && "$UV" pip install --quiet --python .venv/bin/python --no-deps -e .
}

install_with_pip() {
  # the lock holds the whole closure: --no-deps installs exactly it (and avoids pip's hash-mode
  # refusal of extras such as gql[requests]); pip check then proves nothing is missing
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements.lock 2> >(grep -v "^WARNING: Location" >&2)
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e . 2> >(grep -v "^WARNING: Location" >&2)
}

if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  if find_uv; then
    echo "setup: installing pinned dependencies from requirements.lock into .venv (uv: $UV)" >&2
    install_with_uv || { echo "setup: uv install failed: falling back to pip" >&2; install_with_pip; }
  else
    echo "setup: installing pinned dependencies from requirements.lock into .venv (pip: takes a few minutes)" >&2
    install_with_pip
  fi
  .venv/bin/python -m pip check >&2
  echo "$want" > "$stamp"
fi

export DAGSTER_HOME=${DAGSTER_HOME:-$ROOT/.dagster_home}
export DO_NOT_TRACK=1
# parse the dbt project (dbt parse: seconds) only when it, the seeds or the install changed
prepared=dbt_project/target/.govreport-prepared
project=$({ cat "$stamp"; find dbt_project/models dbt_project/macros dbt_project/tests dbt_project/dbt_project.yml \
  dbt_project/profiles.yml pipelines/reference -type f 2>/dev/null | LC_ALL=C sort | xargs cat; } | sha256sum | cut -d' ' -f1)
if [ ! -f dbt_project/target/manifest.json ] || [ "$(cat "$prepared" 2>/dev/null || true)" != "$project" ]; then
  .venv/bin/govreport prepare >&2
  echo "$project" > "$prepared"
fi
