"""Offsets in the normalized report text -> offsets in the input as decoded.

Fact offsets (``char_start``/``char_end``) refer to the stored text, which
:func:`pipelines.text.decode.document_text` made from the decoded input: HTML reduced to its main
text, page furniture removed, NFKC, pinyin glosses removed, PDF break spaces repaired. A user who
gave a file wants to find the figure in that file; :func:`input_offset_map` aligns the two strings
so that a span of the normalized text can be found in the decoded input (:func:`input_span`).

The alignment compares both strings as *views*: NFKC per character, whitespace left out; in an
HTML input, tags, comments and the content of script/style elements are left out and character
references (``&amp;``, ``&#20013;``) read as the characters they stand for. Normalization only
drops or folds characters of the input (the page title it may put first is also in ``<title>``),
so the normalized view is, run by run, found in order in the input view (see
:func:`input_offset_map`); characters with no counterpart (table separators, a title not in the
page) stay unmapped.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from pipelines.text.decode import decode_bytes, is_html

# markup an HTML view leaves out; character references are read as what they stand for
_MARKUP = re.compile(
    r"<!--.*?-->|<(script|style|noscript)\b[^>]*>.*?</\1\s*>|<![^>]*>|<\?[^>]*>|</?[A-Za-z][^>]*>|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?",
    re.S | re.I,
)
INPUT_OFFSET_COLUMNS = ("input_char_start", "input_char_end")  # what with_input_offsets adds
_ANCHOR = 6   # characters a run must start with to be looked for anywhere ahead
_SHORT = 3    # a shorter start, looked for within _SHORT_WINDOW characters
_SHORT_WINDOW = 400
_SINGLE_WINDOW = 8


@dataclass(frozen=True)
class _View:
    chars: str           # the compared characters
    starts: list[int]    # offset in the original string where each compared character starts
    ends: list[int]      # offset one past its end there


def _view(text: str, *, html: bool) -> _View:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def add(s: str, a: int, b: int) -> None:
        for ch in unicodedata.normalize("NFKC", s):
            if not ch.isspace():
                chars.append(ch)
                starts.append(a)
                ends.append(b)

    pos = 0
    if html:
        for m in _MARKUP.finditer(text):
            for i in range(pos, m.start()):
                add(text[i], i, i + 1)
            tok = m.group(0)
            if tok.startswith("&"):
                add(_html.unescape(tok), m.start(), m.end())
            pos = m.end()
    for i in range(pos, len(text)):
        add(text[i], i, i + 1)
    return _View("".join(chars), starts, ends)


@dataclass(frozen=True)
class OffsetMap:
    """For each character of the normalized text: (start, end) of what it was made from in the
    input, or (-1, -1) when it has no counterpart (whitespace, a separator the text added)."""

    starts: list[int]
    ends: list[int]


def _unique_grams(s: str, n: int) -> dict[str, int]:
    """Each n-character substring that occurs once in ``s`` -> where it starts."""
    first: dict[str, int] = {}
    repeated: set[str] = set()
    for p in range(len(s) - n + 1):
        g = s[p:p + n]
        if g in first:
            repeated.add(g)
        else:
            first[g] = p
    return {g: p for g, p in first.items() if g not in repeated}


def _anchors(a: str, b: str) -> list[tuple[int, int]]:
    """Pairs (i, j) where an n-gram unique in both strings starts, the longest chain increasing in
    both (patience alignment): places the two texts certainly correspond, in order."""
    ua, ub = _unique_grams(a, _ANCHOR), _unique_grams(b, _ANCHOR)
    pairs = sorted((i, ub[g]) for g, i in ua.items() if g in ub)
    # longest increasing subsequence of j (pairs are sorted by i)
    tails: list[int] = []      # index into pairs of the smallest tail of a chain of each length
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[tails[mid]][1] < j:
                lo = mid + 1
            else:
                hi = mid
        back[k] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(k)
        else:
            tails[lo] = k
    chain: list[tuple[int, int]] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def input_offset_map(normalized: str, source: str, *, html: bool = False) -> OffsetMap:
    """Align ``normalized`` (the stored report text) with ``source`` (the input as decoded; HTML
    source when ``html``). Returns an :class:`OffsetMap` of ``len(normalized)`` entries; never
    raises.

    Anchors first (six-character strings found once in each text, kept in an order increasing in
    both), then between two anchors a greedy walk: the longest run that matches where its first
    six characters next occur (three within a few hundred characters, one within a few),
    unmatched characters left unmapped; a walk never passes the next anchor."""
    a = _view(normalized, html=False)
    b = _view(source, html=html)
    starts = [-1] * len(normalized)
    ends = [-1] * len(normalized)
    A, B = a.chars, b.chars

    def take(i: int, k: int, i_hi: int, k_hi: int) -> tuple[int, int]:
        while i < i_hi and k < k_hi and A[i] == B[k]:
            n = a.starts[i]
            starts[n], ends[n] = b.starts[k], b.ends[k]
            i += 1
            k += 1
        return i, k

    def walk(i: int, j: int, i_hi: int, j_hi: int) -> None:
        while i < i_hi and j < j_hi:
            k = j if A[i] == B[j] else -1
            if k < 0:
                k = B.find(A[i:min(i + _ANCHOR, i_hi)], j, j_hi)
            if k < 0:
                k = B.find(A[i:min(i + _SHORT, i_hi)], j, min(j + _SHORT_WINDOW, j_hi))
            if k < 0:
                k = B.find(A[i], j, min(j + _SINGLE_WINDOW, j_hi))
            if k < 0:
                i += 1  # no counterpart: left unmapped, the place in the input kept
                continue
            i, j = take(i, k, i_hi, j_hi)

    i = j = 0
    for ai, bj in _anchors(A, B):
        if ai < i or bj < j:
            continue  # inside a run already taken
        walk(i, j, ai, bj)
        i, j = take(ai, bj, len(A), len(B))
    walk(i, j, len(A), len(B))
    return OffsetMap(starts, ends)


def input_span(offsets: OffsetMap, start: int, end: int) -> tuple[int, int] | None:
    """The span of the input that ``normalized[start:end]`` was made from: from the first mapped
    character of the span to the end of its last one; None when none of it is mapped."""
    mapped = [(offsets.starts[i], offsets.ends[i]) for i in range(max(start, 0), min(end, len(offsets.starts)))
              if offsets.starts[i] >= 0]
    if not mapped:
        return None
    return min(s for s, _ in mapped), max(e for _, e in mapped)


def with_input_offsets(facts: pd.DataFrame, text: str, data: bytes, *, filename: str,
                       content_type: str | None = None) -> pd.DataFrame:
    """``facts`` (columns of fact_schema.csv, offsets in ``text``, the document text made from
    ``data`` by :func:`pipelines.text.decode.document_text`) with two more nullable Int64 columns,
    ``input_char_start`` / ``input_char_end``: the span of the input as decoded (the bytes decoded
    as :func:`decode_bytes` does; the HTML source for a page) the number was read from, so that
    ``decoded[input_char_start:input_char_end]`` holds it (with any gloss, tag or break space the
    input had inside it). NULL where the number has no counterpart. Not part of the fact contract:
    ``govreport extract`` prints them, the warehouse does not keep them."""
    source = decode_bytes(data, content_type)
    offsets = input_offset_map(text, source, html=is_html(data, content_type=content_type, filename=filename))
    spans = [input_span(offsets, int(s), int(e)) for s, e in zip(facts["char_start"], facts["char_end"], strict=True)]
    start_col, end_col = INPUT_OFFSET_COLUMNS
    return facts.assign(**{
        start_col: pd.array([sp[0] if sp else None for sp in spans], dtype="Int64"),
        end_col: pd.array([sp[1] if sp else None for sp in spans], dtype="Int64"),
    })
