"""`govreport extract` locates each number in the input as decoded (input_char_start/_end), beside
the offsets in the normalized text the warehouse keeps (char_start/_end)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from pipelines.extract.facts import facts_of_document
from pipelines.text.decode import decode_bytes
from pipelines.text.document import read_document
from pipelines.text.offsets import input_offset_map, input_span, with_input_offsets

FIX = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


def _bare(s: str) -> str:
    """A string as compared: NFKC, tags, pinyin glosses and whitespace left out."""
    s = re.sub(r"<[^>]*>|\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]+\)", "", s)
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", s))


def located(path: Path):
    data = path.read_bytes()
    doc = read_document(data, filename=path.name)
    facts = with_input_offsets(facts_of_document(doc, report_id="t"), doc.text, data, filename=path.name)
    return doc, decode_bytes(data), facts


@pytest.mark.parametrize("name", [
    "styles/traditional_pinyin_2023.txt",        # Traditional, full-width digits, pinyin glosses
    "holdout/traditional_fullwidth_2024.txt",
    "styles/pdf_broken_2024.txt",                # PDF line breaks and spaces inside numbers
    "pages/changan_2024_utf8.html",
    "pages/changan_2023_gbk.html",
    "pages/linan_2024_big5.html",                # Traditional HTML page in Big5
])
def test_every_number_is_found_in_the_input(name):
    doc, decoded, facts = located(FIX / name)
    assert len(facts) >= 5
    assert facts["input_char_start"].notna().all()
    for r in facts.itertuples():
        number = doc.text[r.char_start:r.char_end]
        found = decoded[r.input_char_start:r.input_char_end]
        assert _bare(found) == _bare(number), (number, found)


def test_offsets_differ_where_the_text_was_normalized():
    """Glosses before a number shift it in the input: the stored offset would point elsewhere."""
    doc, decoded, facts = located(FIX / "styles" / "traditional_pinyin_2023.txt")
    shifted = facts[facts["input_char_start"] != facts["char_start"]]
    assert len(shifted) >= len(facts) // 2
    r = shifted.iloc[-1]
    assert _bare(decoded[r["char_start"]:r["char_end"]]) != doc.text[r["char_start"]:r["char_end"]]
    assert _bare(decoded[r["input_char_start"]:r["input_char_end"]]) == doc.text[r["char_start"]:r["char_end"]]


def test_html_offsets_point_into_the_page_source():
    doc, decoded, facts = located(FIX / "pages" / "linan_2024_big5.html")
    gdp = facts[(facts["indicator_code"] == "gdp") & (facts["metric"] == "value")].iloc[0]
    start, end = int(gdp["input_char_start"]), int(gdp["input_char_end"])
    assert decoded[start:end] == "680.5"
    assert "<" in decoded[:start] and start > gdp["char_start"]  # markup before it in the source


def test_a_gloss_inside_a_subject_and_a_number_after_it():
    text = "各位代表：\n2023年，全市地區生產(shēng chǎn)總值達到１２３．４億元，增長５．２％。"
    normalized = "各位代表:\n2023年,全市地區生產總值達到123.4億元,增長5.2%。"
    offsets = input_offset_map(normalized, text)
    for number in ("123.4", "5.2"):
        i = normalized.index(number)
        start, end = input_span(offsets, i, i + len(number))
        assert unicodedata.normalize("NFKC", text[start:end]) == number


def test_cli_extract_prints_input_offsets():
    path = FIX / "pages" / "changan_2024_utf8.html"
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "extract", str(path)],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stderr
    decoded = decode_bytes(path.read_bytes())
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records and all(r["input_char_start"] is not None for r in records)
    for r in records:
        assert str(r["value"]).rstrip("0").rstrip(".").split(".")[0] in _bare(decoded[r["input_char_start"]:r["input_char_end"]])
