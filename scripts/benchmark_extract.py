"""Extraction speed and memory (issue 12, target 4). Prints, never asserts.

    .venv/bin/python scripts/benchmark_extract.py [--repeat 20] [--backfill 400] [--every 50]

For each text (the seed report; the 24 provincial 2026 reports of ``raw/provinces-2026/``, one
after another): characters, CPU seconds per pass of ``extract_facts`` (``time.process_time`` of
this single-threaded process, best of ``--repeat`` passes: on a shared machine the wall time
also counts the waits for a core), characters per second per core, and the ratio to a plain regex scan of the same text in the
same run (``re.finditer`` of the Arabic number pattern of ``pipelines.text.numbers`` over it,
also best of ``--repeat``). Then a backfill-like loop: the corpus (seed and provinces) extracted
``--backfill`` times, report by report, printing the peak RSS every ``--every`` rounds, so a
growth with the number of reports shows.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

from pipelines.extract.facts import extract_facts
from pipelines.text import normalize
from pipelines.text.numbers import ARABIC

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "000_c4f1182ef43108cd.txt"
PROVINCES = sorted((ROOT / "raw" / "provinces-2026").glob("*.txt"))
NUMBER_SCAN_RE = re.compile(ARABIC)


def _best(fn, repeat: int) -> float:
    """Best CPU time of ``repeat`` calls of ``fn`` (seconds of this process, one core)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def _extract_all(texts: list[tuple[str, int, int]]) -> int:
    n = 0
    clear = getattr(normalize.to_simplified, "cache_clear", None)
    for i, (t, yr, ry) in enumerate(texts):
        if clear:
            clear()  # the Simplified copy is cached within one extraction, never across passes
        n += len(extract_facts(t, report_id=f"r{i}", year_reviewed=yr, report_year=ry))
    return n


def _scan_all(texts: list[tuple[str, int, int]]) -> int:
    return sum(sum(1 for _ in NUMBER_SCAN_RE.finditer(t)) for t, _, _ in texts)


def _peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=20, help="passes per text, the best is kept")
    ap.add_argument("--backfill", type=int, default=400, help="rounds of the corpus in the memory loop (0: skip)")
    ap.add_argument("--every", type=int, default=50, help="print the peak RSS every N rounds")
    args = ap.parse_args()

    seed = [(SEED.read_text(encoding="utf-8"), 2022, 2023)]
    provinces = [(p.read_text(encoding="utf-8"), 2025, 2026) for p in PROVINCES]
    _extract_all(seed + provinces)  # compile the patterns and load the tables

    print(f"{'text':<28} {'chars':>10} {'CPU s':>8} {'chars/s':>12} {'regex scan chars/s':>19} {'ratio':>7} {'facts':>6}")
    for name, texts in (("seed", seed), (f"provinces ({len(provinces)} reports)", provinces)):
        chars = sum(len(t) for t, _, _ in texts)
        n_facts = _extract_all(texts)
        dt = _best(lambda texts=texts: _extract_all(texts), args.repeat)
        dt_scan = _best(lambda texts=texts: _scan_all(texts), args.repeat)
        print(f"{name:<28} {chars:>10,} {dt:>8.3f} {chars / dt:>12,.0f} {chars / dt_scan:>19,.0f} "
              f"{dt / dt_scan:>6.1f}x {n_facts:>6}")

    if args.backfill:
        corpus = seed + provinces
        chars = sum(len(t) for t, _, _ in corpus)
        print(f"backfill loop: {len(corpus)} reports x {args.backfill} rounds; peak RSS (MB)")
        t0 = time.process_time()
        for r in range(1, args.backfill + 1):
            _extract_all(corpus)
            if r == 1 or r % args.every == 0 or r == args.backfill:
                dt = time.process_time() - t0
                print(f"  after {r * len(corpus):>6} reports: peak RSS {_peak_rss_mb():7.1f} MB, "
                      f"{r * chars / dt:,.0f} chars/s (CPU)", flush=True)


if __name__ == "__main__":
    main()
