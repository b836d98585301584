"""``subject_normalized``: a subject in a form that compares across regions and scripts.

``normalize_subject`` is the one pure function that makes it; the fact table's
``subject_normalized`` column and the indicator catalog lookup (:mod:`pipelines.extract.indicators`)
both use it. The scope words it drops are data: ``pipelines/extract/lexicon/scope_words.csv``
(one row per word with an example subject and its expected normal form, run as a spec test).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from pipelines.text.normalize import remove_pinyin_glosses, to_simplified

SCOPE_WORDS_CSV = Path(__file__).resolve().parent / "lexicon" / "scope_words.csv"

# quotation marks and title brackets around names: “四上”企业 -> 四上企业, 《纲要》 -> 纲要
_QUOTES = re.compile(r"[“”‘’\"'「」『』《》〈〉]")
_SPACE = re.compile(r"\s+")
# an abbreviation in brackets after the Chinese name it abbreviates: 国内生产总值(GDP), 居民消费价格指数(CPI)涨幅
_ABBREVIATION = re.compile(r"(?<=[\u4e00-\u9fff])\([A-Z][A-Z0-9.&]{1,7}\)")
# words after which a scope word names the region's own total: 占全市GDP比重, 相当于全省生产总值的比例
_TOTAL_OF = ("相当于", "占")


@cache
def scope_words() -> tuple[str, ...]:
    """Words naming the reporting region or the year as a whole (全市, 本县, 我省, 全年 ...),
    longest first, as listed in ``lexicon/scope_words.csv`` (column ``word``)."""
    with open(SCOPE_WORDS_CSV, encoding="utf-8", newline="") as f:
        words = {row["word"].strip() for row in csv.DictReader(f) if row["word"].strip()}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def _scope_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    alt = "|".join(re.escape(w) for w in scope_words())
    leading = re.compile(rf"^(?:{alt})+")
    behind = "|".join(f"(?<={re.escape(w)})" for w in _TOTAL_OF)
    after_total = re.compile(rf"(?:{behind})(?:{alt})+")
    return leading, after_total


@lru_cache(maxsize=1 << 16)
def normalize_subject(subject: str | None) -> str:
    """The subject as compared across reports: ``str -> str`` ("" for None or empty).

    Steps, in order: NFKC (full-width letters, digits and signs to half-width: ＧＤＰ -> GDP,
    ％ -> %); inline pinyin glosses removed (發展(fā zhǎn) -> 發展); Traditional to Simplified
    (OpenCC t2s, :func:`pipelines.text.normalize.to_simplified`); all whitespace and quotation
    marks removed; Latin letters upper-cased (gdp -> GDP); an abbreviation in brackets after the
    name it abbreviates removed (国内生产总值(GDP) -> 国内生产总值); scope words of
    ``lexicon/scope_words.csv`` dropped at the start (全市生产总值 -> 生产总值, 本县财政一般预算收入
    -> 财政一般预算收入, 全年粮食产量 -> 粮食产量) and right after 占 / 相当于, where they name the
    region's own total (占全市规上工业增加值比重 -> 占规上工业增加值比重). Words inside a
    subject are kept otherwise (健全省级 is not 全省). A subject of quotation marks only stays as
    written, so a non-empty subject never gives "". Never raises.
    """
    if not subject:
        return ""
    s = unicodedata.normalize("NFKC", subject)
    s = remove_pinyin_glosses(s)
    s = to_simplified(s)
    s = _QUOTES.sub("", _SPACE.sub("", s))
    s = "".join(ch.upper() if "a" <= ch <= "z" else ch for ch in s)
    s = _ABBREVIATION.sub("", s)
    leading, after_total = _scope_re()
    rest = leading.sub("", s)
    s = rest or s  # a subject that is only a scope word stays as written
    return after_total.sub("", s) or subject.strip()
