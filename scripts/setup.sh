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
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "setup: installing pinned dependencies from requirements.lock into .venv" >&2
  if command -v uv >/dev/null 2>&1 && [ -z "${GOVREPORT_USE_PIP:-}" ]; then
    uv pip install --python .venv/bin/python --no-deps --require-hashes -r requirements.lock
    uv pip install --python .venv/bin/python --no-deps -e .
  else
    # the lock holds the whole closure: --no-deps installs exactly it (and avoids pip's hash-mode
    # refusal of extras such as gql[requests]); pip check then proves nothing is missing
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements.lock 2> >(grep -v "^WARNING: Location" >&2)
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e . 2> >(grep -v "^WARNING: Location" >&2)
  fi
  .venv/bin/python -m pip check >&2
  echo "$want" > "$stamp"
fi

export DAGSTER_HOME=${DAGSTER_HOME:-$ROOT/.dagster_home}
export DO_NOT_TRACK=1
.venv/bin/govreport prepare >&2
