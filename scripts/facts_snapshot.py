"""Save or compare every fact frame of the texts the extractor is tested on, for speed work that
must leave the facts exactly as they are (docs/extraction.md, "Speed").

    .venv/bin/python scripts/facts_snapshot.py save /tmp/ref.pkl      # before a change
    .venv/bin/python scripts/facts_snapshot.py compare /tmp/ref.pkl   # after it: any difference is printed

Texts (``extract_facts``, all columns): the seed (2022/2023), the 24 reports of
``raw/provinces-2026/`` and the provincial gold excerpts (2025/2026), every fixture text under
``tests/fixtures/`` with seven pairs of years, and every gold case of ``tests/style_variants.py`` in
every style (read as the pipeline reads a text file, ``facts_of_document``). Prints, never asserts.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # style_variants
# this checkout's package, not the one installed in the venv (an editable install of another
# checkout would be imported instead, and a compare would read that checkout's facts)
sys.path.insert(0, str(ROOT))

FIXTURE_YEARS = (2009, 2015, 2017, 2020, 2022, 2023, 2025)  # year reviewed; the report year follows


def frames() -> dict[str, pd.DataFrame]:
    """name -> fact frame, for every text above."""
    import style_variants as sv

    from pipelines.extract.facts import extract_facts, facts_of_document
    from pipelines.text.document import read_document

    out: dict[str, pd.DataFrame] = {}

    def run(key: str, text: str, year: int) -> None:
        out[key] = extract_facts(text, report_id="r", year_reviewed=year, report_year=year + 1)

    run("seed", (ROOT / "raw" / "000_c4f1182ef43108cd.txt").read_text(encoding="utf-8"), 2022)
    for p in sorted((ROOT / "raw" / "provinces-2026").glob("*.txt")):
        run(f"raw/{p.name}", p.read_text(encoding="utf-8"), 2025)
    for p in sorted((ROOT / "tests" / "gold" / "provinces").glob("*.txt")):
        run(f"gold/{p.name}", p.read_text(encoding="utf-8"), 2025)
    for p in sorted((ROOT / "tests" / "fixtures").rglob("*.txt")):
        text = p.read_text(encoding="utf-8")
        for year in FIXTURE_YEARS:
            run(f"fixture/{p.relative_to(ROOT)}/{year}", text, year)
    for name, (document, _gold) in sv.gold_cases().items():
        base = sv.base_text(document)
        for style, render in [("plain", None), *sv.STYLES.items()]:
            text = base if render is None else render(base)
            doc = read_document(text.encode("utf-8"), filename=f"{name}.txt")
            out[f"style/{name}/{style}"] = facts_of_document(doc, report_id="style")
    return out


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("save", "compare"):
        sys.exit(__doc__)
    path = Path(sys.argv[2])
    now = frames()
    if sys.argv[1] == "save":
        path.write_bytes(pickle.dumps(now))
        print(f"saved {len(now)} frames, {sum(len(f) for f in now.values())} facts to {path}")
        return
    ref = pickle.loads(path.read_bytes())  # a file this script wrote
    differing = sorted(set(ref) ^ set(now))
    for key in sorted(set(ref) & set(now)):
        try:
            pd.testing.assert_frame_equal(ref[key], now[key], check_exact=True)
        except AssertionError as e:
            differing.append(key)
            print(f"{key}: {str(e)[:400]}")
    print(f"compared {len(ref)} frames, {sum(len(f) for f in ref.values())} facts; differing: {len(differing)} {differing[:10]}")


if __name__ == "__main__":
    main()
