"""Extraction speed: characters per second over the seed report repeated 100 times.

Prints, never asserts:  .venv/bin/python scripts/benchmark_extract.py [--repeat 100]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipelines.extract.facts import extract_facts
from pipelines.text.structure import split_sections

SEED = Path(__file__).resolve().parent.parent / "raw" / "000_c4f1182ef43108cd.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=100)
    args = ap.parse_args()
    one = SEED.read_text(encoding="utf-8")
    extract_facts(one, report_id="warmup", year_reviewed=2022, report_year=2023)  # compile and load tables

    t0 = time.perf_counter()
    n_facts = 0
    for i in range(args.repeat):
        n_facts += len(extract_facts(one, report_id=f"r{i}", year_reviewed=2022, report_year=2023))
    per_report = (time.perf_counter() - t0) / args.repeat
    print(f"one report ({len(one)} chars): {per_report * 1000:.1f} ms, {len(one) / per_report:,.0f} chars/s, "
          f"{n_facts // args.repeat} facts")

    big = "\n".join([one] * args.repeat)
    t0 = time.perf_counter()
    secs = split_sections(big)
    df = extract_facts(big, report_id="big", year_reviewed=2022, report_year=2023, sections=secs)
    dt = time.perf_counter() - t0
    print(f"seed x{args.repeat} as one text ({len(big):,} chars): {dt:.2f} s, {len(big) / dt:,.0f} chars/s, {len(df)} facts")


if __name__ == "__main__":
    main()
