#!/usr/bin/env bash
# The test suite: install, then pytest (which also runs `dbt build`: dbt unit and data tests).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec .venv/bin/python -m pytest "$@"
