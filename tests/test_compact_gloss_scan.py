"""``extract.layout.compact`` asks whether a pinyin gloss may open anywhere in a text by looking at
brackets first (``_gloss_opens``; a scan for the Chinese character before one tried the pattern at
nearly every offset). On real text it answers what a scan of ``_GLOSS_OPEN`` answers."""

from __future__ import annotations

from pathlib import Path

import style_variants as sv

from pipelines.extract import layout

TESTS = Path(__file__).resolve().parent


def test_gloss_test_by_bracket_answers_as_the_pattern_scan():
    """The seed and a provincial report as written (no gloss), their Traditional copies with
    pinyin glosses (tests/style_variants.py), and every line of those copies on its own."""
    plain = [(TESTS.parent / "raw" / "000_c4f1182ef43108cd.txt").read_text(encoding="utf-8"),
             (TESTS / "gold" / "provinces" / "浙江省_2026.txt").read_text(encoding="utf-8")]
    texts = plain + [sv.traditional(t) for t in plain]
    lines = [ln for t in texts for ln in t.split("\n")]
    answers = [(layout._gloss_opens(t), bool(layout._GLOSS_OPEN.search(t))) for t in texts + lines]
    assert all(fast == scan for fast, scan in answers)
    assert {scan for _, scan in answers} == {True, False}  # both answers occur
