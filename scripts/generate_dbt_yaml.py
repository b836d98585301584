"""Write dbt_project/models/staging/_sources.yml and _staging.yml from the table contracts
(pipelines/reference/landing_tables.csv and the CSV of each landing table).

    .venv/bin/python scripts/generate_dbt_yaml.py          # write the files that changed
    .venv/bin/python scripts/generate_dbt_yaml.py --check  # exit 1 when a file disagrees with the CSVs

Then `govreport prepare` (the README's commands run it) parses the dbt project again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.transform.staging import stale_files, write_files  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 when a generated file is stale")
    args = ap.parse_args()
    if args.check:
        stale = stale_files()
        for path in stale:
            print(f"{path}: disagrees with the table contracts (run scripts/generate_dbt_yaml.py)", file=sys.stderr)
        return 1 if stale else 0
    for path in write_files():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
