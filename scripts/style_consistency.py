"""Read every full provincial report plain and in every style of ``tests/style_variants.py``, and
score each styled reading against the plain one (docs/extraction.md, "Styles", "Style consistency
on the full reports").

    PYTHONPATH=. .venv/bin/python scripts/style_consistency.py                    # all 24 reports, all styles
    PYTHONPATH=. .venv/bin/python scripts/style_consistency.py 贵州省,甘肃省 news,no_headings --show 15
    PYTHONPATH=. .venv/bin/python scripts/style_consistency.py --summary          # min / median per style only

Most of the 24 reports of ``raw/provinces-2026/`` have no gold. The plain reading stands in for
it (a pseudo-gold): each fact extracted from the plain text (``read_document`` +
``facts_of_document``, facts pegged to another without a number left out, as ``evaluate`` does)
becomes a gold row of tier ``standard`` in the schema of ``tests/gold/SCHEMA.md``; the styled copy
is read the same way and scored with :func:`pipelines.extract.evaluation.evaluate`. A score below
1 says only that the two readings differ: which one is wrong is read off the text (the plain one
may be). Reports are matched on their name without the ``_2026.txt`` suffix, by prefix
(``内蒙古`` is ``内蒙古自治区``). A style that cannot render a report (the news lead needs a
delivery line) is listed as skipped with its reason.

Output: one table row per report and style (F1 over core+standard, and period, status, subject
accuracy over matched facts), then with ``--show N`` the first N attribute errors and missed rows
of each cell below 1, then a table of min and median per style over the reports, then the
``--worst N`` lowest cells (5 by default) with their first errors. Prints, never
asserts; CPU-heavy (about 2 s a report on the shared machine): name a few reports at a time.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "raw" / "provinces-2026"
sys.path.insert(0, str(ROOT / "tests"))  # style_variants

GOLD_COLUMNS = ("id", "part", "section", "subject", "subject_alt", "metric", "value", "unit",
                "comparator", "period", "status", "basis", "tier", "evidence")
SCORES = ("f1", "period", "status", "subject")


@dataclass(frozen=True)
class Cell:
    """The styled reading of one report in one style against its plain reading."""

    report: str
    style: str
    scores: dict[str, float] = field(default_factory=dict)  # SCORES -> value; empty when skipped
    errors: tuple[str, ...] = ()  # evaluate's attribute errors, then its missed rows (``MISSED …``)
    skipped: str = ""  # why the style could not render the report


def report_paths(names: list[str] | None) -> list[Path]:
    """The report files named (by prefix of ``<name>_2026.txt``), or all of them in name order."""
    paths = sorted(REPORTS.glob("*_2026.txt"))
    if not names:
        return paths
    return [p for p in paths if any(p.name.startswith(n) for n in names)]


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def facts_of_text(text: str, name: str) -> pd.DataFrame:
    """The facts of a text read as the pipeline reads a text file, without pegged facts."""
    from pipelines.extract.facts import facts_of_document
    from pipelines.text.document import read_document

    df = facts_of_document(read_document(text.encode("utf-8"), filename=f"{name}.txt"), report_id="style")
    return df[df["pegged_to"].isna()] if "pegged_to" in df.columns else df


def write_pseudo_gold(facts: pd.DataFrame, path: Path) -> list[str]:
    """Writes ``facts`` as gold rows (tier ``standard``) to ``path`` in the gold schema; a range is
    written as its two bounds (``split_ranges``), as ``evaluate`` scores it. Returns the evidence
    of each row written, by row id."""
    from pipelines.extract.evaluation import split_ranges

    facts = split_ranges(facts.reset_index(drop=True))
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(GOLD_COLUMNS)
        for i, r in enumerate(facts.to_dict("records")):
            w.writerow([i, _text(r["part"]), _text(r["section"]), _text(r["subject"]), "", r["metric"],
                        r["value"], _text(r["unit"]), r["comparator"], _text(r["period"]), r["status"],
                        _text(r["basis"]), "standard", _text(r["evidence"])])
    return [_text(e) for e in facts["evidence"]]


def with_evidence(error: str, evidence: list[str]) -> str:
    """``#12 [standard] period: …`` followed by `` | <evidence of pseudo-gold row 12>``."""
    head = error.split(" ", 1)[0]
    i = int(head[1:]) if head[1:].isdigit() else -1
    return f"{error} | {evidence[i]}" if 0 <= i < len(evidence) else error


def score_report(path: Path, styles: list[str]) -> list[Cell]:
    """One :class:`Cell` per style for the report at ``path``."""
    import style_variants as sv

    from pipelines.extract.evaluation import evaluate

    name = path.name.removesuffix("_2026.txt")
    base = sv.base_text(path)
    cells = []
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "pseudo_gold.csv"
        evidence = write_pseudo_gold(facts_of_text(base, name), gold)
        for style in styles:
            try:
                text = sv.STYLES[style](base)
            except ValueError as e:  # the news lead needs a delivery line
                cells.append(Cell(name, style, skipped=str(e)))
                continue
            r = evaluate(gold, facts_of_text(text, name))
            a = r["attributes"]["core_standard"]
            scores = {"f1": r["core_standard"]["f1"], **{k: a[k] for k in SCORES[1:]}}
            errors = tuple(with_evidence(e, evidence) for e in r["attribute_errors"])
            errors += tuple(f"MISSED {m}" for m in r["missed"])
            cells.append(Cell(name, style, scores, errors))
    return cells


def cell_row(c: Cell) -> str:
    """A markdown row of one cell."""
    if c.skipped:
        return f"| {c.report} | {c.style} | skipped: {c.skipped} |||"
    return f"| {c.report} | {c.style} | " + " | ".join(f"{c.scores[k]:.3f}" for k in SCORES) + " |"


def summary_rows(cells: list[Cell], styles: list[str]) -> list[str]:
    """Markdown rows: per style, min and median of each score over the reports it rendered."""
    rows = []
    for style in styles:
        done = [c for c in cells if c.style == style and not c.skipped]
        skipped = sum(1 for c in cells if c.style == style and c.skipped)
        if not done:
            rows.append(f"| {style} | 0 |" + " |" * len(SCORES))
            continue
        parts = [f"{min(c.scores[k] for c in done):.3f} / {statistics.median(c.scores[k] for c in done):.3f}"
                 for k in SCORES]
        n = f"{len(done)}" + (f" (+{skipped} skipped)" if skipped else "")
        rows.append(f"| {style} | {n} | " + " | ".join(parts) + " |")
    return rows


def worst_cells(cells: list[Cell], n: int) -> list[Cell]:
    """The ``n`` rendered cells below 1 with the lowest score (any of SCORES), lowest first."""
    low = [c for c in cells if not c.skipped and min(c.scores.values()) < 1]
    return sorted(low, key=lambda c: (min(c.scores.values()), c.report, c.style))[:n]


def main(argv: list[str] | None = None) -> None:
    import style_variants as sv

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reports", nargs="?", default="", help="comma-separated report names (prefixes); all by default")
    ap.add_argument("styles", nargs="?", default="", help="comma-separated styles; all of STYLES by default")
    ap.add_argument("--show", type=int, default=0, help="print the first N errors of each cell below 1")
    ap.add_argument("--worst", type=int, default=5, help="end with the N lowest cells and their first errors")
    ap.add_argument("--summary", action="store_true", help="print only the min/median table per style")
    args = ap.parse_args(argv)
    styles = [s for s in args.styles.split(",") if s] or list(sv.STYLES)
    unknown = [s for s in styles if s not in sv.STYLES]
    if unknown:
        sys.exit(f"unknown styles {unknown}; known: {', '.join(sv.STYLES)}")

    cells: list[Cell] = []
    if not args.summary:
        print("| report | style | F1 | period | status | subject |\n|---|---|---|---|---|---|")
    for path in report_paths([n for n in args.reports.split(",") if n]):
        for c in score_report(path, styles):
            cells.append(c)
            if args.summary:
                continue
            print(cell_row(c), flush=True)
            if args.show and not c.skipped and min(c.scores.values()) < 1:
                for e in c.errors[:args.show]:
                    print(f"    {e[:220]}")
    print("\n| style | reports | F1 min / median | period | status | subject |\n|---|---|---|---|---|---|")
    print("\n".join(summary_rows(cells, styles)))
    if args.worst:
        print(f"\nworst cells ({args.worst}), their first errors:")
        for c in worst_cells(cells, args.worst):
            print(cell_row(c))
            for e in c.errors[:5]:
                print(f"    {e[:220]}")


if __name__ == "__main__":
    main()
