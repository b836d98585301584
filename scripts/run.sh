#!/usr/bin/env bash
# The main job: install, then every asset for every report in raw/ into warehouse/govreport.duckdb.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec .venv/bin/govreport run "$@"
