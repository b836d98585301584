#!/usr/bin/env bash
# The test suite: install, then pytest (which also runs `dbt build`: dbt unit and data tests).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# The site test renders pages in headless Chromium (Debian's package) with CJK fonts: installed
# here when missing, on CI or as root (elsewhere that test is skipped with a message).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ] || [ "$(id -u)" = "0" ]; then
    SUDO=$([ "$(id -u)" = "0" ] && echo "" || echo "sudo")
    echo "test: installing chromium and fonts-noto-cjk (apt-get) for the site rendering test" >&2
    $SUDO apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >&2
  fi
fi
# Temporary files in RAM (/dev/shm, when TMPDIR is not set and it has 2 GB free; a run writes ~450 MB
# and pytest keeps the last three): the tests' DuckDB warehouses and Dagster's SQLite event logs (one
# commit, one fsync, per event) under pytest's tmp_path. 5 % faster on a quiet machine (docs/scale.md),
# more when other jobs share the disk.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] \
   && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -ge 2097152 ]; then
  export TMPDIR=/dev/shm
fi
# the whole suite on one pytest-xdist worker per core (pyproject.toml: --dist loadfile)
exec .venv/bin/python -m pytest -n auto "$@"
