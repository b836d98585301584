"""``layout._LATIN_WORD_SCAN`` (the Latin words of a whole text, for ``english_spans``) finds
exactly the matches of ``layout._LATIN_WORD`` on real text: the seed, the provincial reports and
every style fixture (a pinyin-glossed Traditional copy among them), and a line of English and
pinyin with letters at the edges of the scan's class."""

from __future__ import annotations

from pathlib import Path

from pipelines.extract.layout import _LATIN_WORD, _LATIN_WORD_SCAN

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    paths = [ROOT / "raw" / "000_c4f1182ef43108cd.txt", *sorted((ROOT / "raw" / "provinces-2026").glob("*.txt")),
             *sorted((ROOT / "tests" / "fixtures" / "styles").glob("*.txt"))]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    # letters next to the toned ones and to the ASCII ones, which the scan's class also holds
    texts.append("GDP grew 5.4%; shēng chǎn zǒng zhí (di4 qu1); ÀÉ Ōō þæ ĀāǕǖ ǜǝ ąćę xi3 ab1 a6")
    return texts


def test_latin_word_scan_matches_as_written():
    for text in _texts():
        assert [m.span() for m in _LATIN_WORD_SCAN.finditer(text)] == [m.span() for m in _LATIN_WORD.finditer(text)]
