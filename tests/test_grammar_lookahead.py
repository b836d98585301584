"""The grammar's patterns are recompiled with a look-ahead on their possible first characters
(``pipelines/extract/grammar.py``, end of the module, for speed). On real report text every
rewritten pattern finds exactly the matches of the pattern as written: same spans, same groups,
by ``finditer`` and by ``search``/``match`` from every clause start."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from pipelines.extract import grammar as g

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [ROOT / "raw" / "000_c4f1182ef43108cd.txt", ROOT / "tests" / "gold" / "provinces" / "浙江省_2026.txt"]


def _current(name: str) -> re.Pattern:
    """The pattern the extractor uses: grammar's own (NAME) or another module's ("module.NAME",
    registered by ``grammar.scan_faster``)."""
    if "." not in name:
        return getattr(g, name)
    module, attr = name.split(".")
    return getattr(importlib.import_module(f"pipelines.extract.{module}"), attr)


for _module in ("subjects", "clauses", "periods"):  # the modules that register patterns with scan_faster
    importlib.import_module(f"pipelines.extract.{_module}")
REWRITTEN = sorted(n for n, rx in g.AS_WRITTEN.items() if _current(n) is not rx)


def _text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in TEXTS)


def _key(m: re.Match | None):
    return None if m is None else (m.span(), m.groups(), m.groupdict())


def test_some_patterns_are_rewritten():
    assert {"TAIL_RE_SUBJECT", "YEAR_BEFORE_RE", "SPAN_RE", "BASIS_RE", "LEAD_RE", "subjects.WHEN_RE"} <= set(REWRITTEN)


@pytest.mark.parametrize("name", REWRITTEN)
def test_rewritten_pattern_matches_as_written(name):
    s = _text()
    fast, plain = _current(name), g.AS_WRITTEN[name]
    assert [_key(m) for m in fast.finditer(s)] == [_key(m) for m in plain.finditer(s)]
    # the clause-sized windows the extractor searches (from a clause start to a number)
    starts = [0] + [m.end() for m in re.finditer(r"[,，;；。:：\n]", s)]
    numbers = [m.start() for m in re.finditer(r"\d", s)]
    for a, b in zip(starts, starts[1:], strict=False):
        for end in (b, *[n for n in numbers if a < n < b][:2]):
            chunk = s[a:end]
            assert _key(fast.search(chunk)) == _key(plain.search(chunk)), (name, chunk)
            assert _key(fast.match(s, a, end)) == _key(plain.match(s, a, end)), (name, chunk)


def test_time_cue_pattern_matches_as_written():
    """``timeframe._cue_re`` (the cue of every paragraph opening) is rewritten the same way."""
    from pipelines.extract.timeframe import _cue_re, cue_pattern

    s = _text()
    fast, plain = _cue_re(), cue_pattern()
    assert fast is not plain
    assert [_key(m) for m in fast.finditer(s)] == [_key(m) for m in plain.finditer(s)]
    for line in s.splitlines():
        for k in range(0, len(line), 8):  # openings as first_cue_at and first_cue read them
            chunk = line[k:k + 48]
            assert [_key(m) for m in fast.finditer(chunk)] == [_key(m) for m in plain.finditer(chunk)]
            assert _key(fast.match(chunk)) == _key(plain.match(chunk))


def test_figure_pattern_reads_as_with_its_look_behind_first():
    """``objectives._FIGURE`` tests the character before a figure after its first digit (so that
    re scans for digits): the figures of the look-behind-first form, on real text and edge cases."""
    from pipelines.extract.objectives import _FIGURE

    plain = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])(?![年月日届])")
    s = _text() + " 1.2.3 .5 5. 12..3 x1 3.14年 0.5% ４５"
    assert [_key(m) for m in _FIGURE.finditer(s)] == [_key(m) for m in plain.finditer(s)]
    for line in s.splitlines():
        assert [_key(m) for m in _FIGURE.finditer(line)] == [_key(m) for m in plain.finditer(line)]


def test_cue_first_characters_rule_out_only_openings_without_a_cue():
    """``frames`` skips a sentence whose first character opens no cue (``_cue_first``)."""
    from pipelines.extract.timeframe import SENTENCE_LEAD, _cue_first, first_cue

    s = _text()
    skipped = 0
    for k in range(len(s)):
        if not _cue_first().match(s, k):
            skipped += 1
            assert first_cue(s[k:k + SENTENCE_LEAD], 2025, 2026, at_start=True) is None
    assert skipped > len(s) // 2


def test_number_next_finds_the_tokens_a_token_by_token_scan_keeps():
    """``read_measures`` finds its next token with ``NUMBER_NEXT_RE``: from any offset, the same
    tokens as the scan it replaced (every token by ``NUMBER_START_RE``, a Chinese run kept only
    when one of ``CN_TAIL_FIRST`` follows it)."""

    def by_token(s: str, pos: int) -> list[int]:
        out = []
        while (first := g.NUMBER_START_RE.search(s, pos)) is not None:
            m = g.NUMBER_RE.match(s, first.start())
            if m.group("a") or m.end() < len(s) and s[m.end()] in g.CN_TAIL_FIRST:
                out.append(m.start())
            pos = m.end()
        return out

    def by_next(s: str, pos: int) -> list[int]:
        out = []
        while (first := g.NUMBER_NEXT_RE.search(s, pos)) is not None:
            m = g.NUMBER_RE.match(s, first.start())
            out.append(m.start())
            pos = m.end()
        return out

    s = _text() + "一点二万、十四五、三百一十多亿元、一般、万一"
    assert len(by_token(s, 0)) > 400
    for pos in range(0, len(s), 37):  # a resume inside a run of numerals too
        assert by_next(s, pos) == by_token(s, pos)


def _opening_sets():
    from pipelines.extract import clauses, measures, subjects

    for mod in (g, subjects, clauses, measures):
        for name, opens in vars(mod).items():
            if name.endswith("_OPENS") and isinstance(opens, frozenset):
                stem = name[: -len("_OPENS")]  # X_OPENS is the set of X_RE, or of the imported grammar pattern
                rx = getattr(mod, stem + "_RE", None) or getattr(g, stem.lstrip("_") + "_RE")
                yield f"{mod.__name__}.{name}", rx, opens


def test_opening_sets_hold_every_match_start():
    """``grammar.opening_chars``: wherever a pattern matches in real text (``match`` at every
    offset), the character there is in the pattern's opening set, so the test before a call
    never rules out a match."""
    s = _text()
    found = list(_opening_sets())
    assert len(found) >= 10
    for name, rx, opens in found:
        starts = [i for i in range(len(s)) if rx.match(s, i)]
        assert all(s[i] in opens for i in starts), name
        assert not opens >= set(s), name  # the set rules something out


def test_opening_chars_gives_every_character_when_it_cannot_tell():
    assert "x" in g.opening_chars(re.compile(r"\s?占"))  # a category first
    assert "x" in g.opening_chars(re.compile(r"(?:占)?"))  # matches the empty string
    assert g.opening_chars(re.compile(r"(?<!连续)(?:稳居|位居)")) == frozenset("稳位")
