"""Deterministic style transforms for tests: one gold excerpt, rendered the ways real copies of a
report arrive, so the same gold rows can score it in every style.

``STYLES`` maps a style name to a function ``str -> str`` that takes a report text as the
pipeline reads it (``pipelines.text.decode.document_text``: normalized, web chrome removed) and
returns the same report in that style; every figure of the gold stays written in the result:

- ``traditional``: Traditional script (OpenCC ``s2t``, the project's conversion dependency) with a
  pinyin gloss (pypinyin, a locked dev dependency) after the first indicator name of
  :data:`GLOSSED` in each paragraph: tone marks, tone numbers and plain syllables in turn,
  ``地區生產總值(dì qū shēng chǎn zǒng zhí)``;
- ``pdf``: the body hard-wrapped every :data:`PDF_WIDTH` characters (headings too; first lines of
  paragraphs indented), so lines break inside numbers (``24.\\n3亿元``) and words, with a page number (``— 3 —``, ``-4-``, ``5``, ``·6·``, ``第7页``) and
  the running header (the title) every :data:`PDF_PAGE_LINES` lines;
- ``bilingual``: after each paragraph of the body an English sentence carrying its first figures
  (``GDP grew by 5.4%.``), from the small tables :data:`ENGLISH_NAMES` and :data:`ENGLISH_UNITS`;
- ``news``: a journalist's lead (``本报讯 2026年1月25日，…会议开幕。…市长代表…人民政府作政府工作报告。
  报告指出，``) instead of the title lines, then the paragraphs without headings, some opening
  with a reporting verb (``报告显示，``, ``政府工作报告提出，``);
- ``no_headings``: the excerpt without its part and section headings;

and mixtures met on real copies: ``pdf_narrow`` (24 characters a line), ``pdf_traditional``,
``pdf_no_headings``, ``news_pdf``, ``news_inline`` (the lead runs on into the first paragraph),
``bilingual_lines`` (each sentence on its line, then its English), ``pdf_justified`` (lines with a
space after every character), ``hong_kong`` (``s2hk`` forms).

The body is what follows the front lines (title, delivery line, speaker, ``…请予审议``); headings
are found by their numbering here, independently of ``pipelines.text.structure``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Callable

# ---- data -----------------------------------------------------------------------------------

# indicator names that get a pinyin gloss in the Traditional copy (the first one of a paragraph)
GLOSSED = (
    "地区生产总值", "一般公共预算收入", "社会消费品零售总额", "固定资产投资", "居民人均可支配收入",
    "城镇调查失业率", "规模以上工业增加值", "进出口总额", "粮食产量", "森林覆盖率", "居民消费价格",
    "研发投入强度", "常住人口城镇化率", "实际使用外资",
)
# English names of indicators for the bilingual copy (longest Chinese name wins)
ENGLISH_NAMES = {
    "地区生产总值": "GDP",
    "生产总值": "GDP",
    "一般公共预算收入": "General public budget revenue",
    "社会消费品零售总额": "Total retail sales of consumer goods",
    "固定资产投资": "Fixed-asset investment",
    "居民人均可支配收入": "Per capita disposable income",
    "城镇调查失业率": "The surveyed urban unemployment rate",
    "规模以上工业增加值": "Value added of industry above designated size",
    "进出口总额": "Total imports and exports",
    "粮食产量": "Grain output",
    "森林覆盖率": "Forest coverage",
    "居民消费价格": "Consumer prices",
}
ENGLISH_FALLBACK = "The report cites a figure of"
# Chinese unit -> (factor, English unit) for the bilingual copy
ENGLISH_UNITS = {
    "万亿元": (1.0, "trillion yuan"),
    "亿元": (0.1, "billion yuan"),
    "万元": (10000.0, "yuan"),
    "元": (1.0, "yuan"),
    "%": (1.0, "%"),
    "个百分点": (1.0, "percentage points"),
    "万人": (10000.0, "people"),
    "万亩": (10000.0, "mu"),
    "公里": (1.0, "kilometres"),
    "家": (1.0, "firms"),
    "个": (1.0, "units"),
    "项": (1.0, "projects"),
}
# verbs before a number -> the English verb
ENGLISH_VERBS = (("增长", "grew by"), ("下降", "fell by"), ("提高", "rose by"), ("减少", "fell by"))
# what a journalist writes before a quoted paragraph, in turn
REPORTING = ("报告显示，", "政府工作报告提出，", "报告强调，")
# the head of a region's government by the suffix of its name
LEADERS = (("自治区", "主席"), ("省", "省长"), ("市", "市长"), ("区", "区长"), ("县", "县长"))

PDF_WIDTH = 32
PDF_PAGE_LINES = 24

# ---- the shape of a report ------------------------------------------------------------------

_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
_FRONT_END = re.compile(r"会议上|请予审议|报告工作")
_CN_NUM = "〇○零一二三四五六七八九十"
# the delivery date in digits or in Chinese numerals (——二〇二六年一月二十七日在…会议上)
_DELIVERY = re.compile(rf"(?P<y>(?:19|20)\d\d|二[〇○零][{_CN_NUM}]{{2}})年(?P<m>[\d{_CN_NUM}]{{1,2}})月"
                       rf"(?P<d>[\d{_CN_NUM}]{{1,3}})日\s*在(?P<session>.+?会议)上")
FRONT_LINES = 24  # the front is looked for this far (page chrome left above the title takes lines)
_SESSION_REGION = re.compile(r"^(?P<r>.+?)第?[一二三四五六七八九十]+届人民代表大会")  # 第 may be left out (甘肃省十四届…)
_TITLE = re.compile(r"政府工作[报報]告")


def is_heading(line: str) -> bool:
    """A numbered heading line (第一部分…, 一、…, （一）…) that does not run on into a paragraph."""
    s = line.strip()
    return bool(_HEADING.match(s)) and len(s) <= 40 and "。" not in s[:-1]


def split_front(text: str) -> tuple[list[str], list[str]]:
    """(front lines, body lines): the front ends with the delivery line or the opening sentence
    (…请予审议) within the first :data:`FRONT_LINES` lines, else before the first heading."""
    lines = text.split("\n")
    end = 0
    for i, ln in enumerate(lines[:FRONT_LINES]):
        if _FRONT_END.search(ln):
            end = i + 1
        elif is_heading(ln):
            break
    return lines[:end], lines[end:]


def _paragraph(line: str) -> bool:
    return bool(line.strip()) and not is_heading(line)


# ---- (a) Traditional with pinyin glosses ----------------------------------------------------


@cache
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def _gloss(word: str, k: int) -> str:
    from pypinyin import Style, lazy_pinyin

    style = (Style.TONE, Style.TONE3, Style.NORMAL)[k % 3]
    return "(" + " ".join(lazy_pinyin(word, style=style)) + ")"


def traditional(text: str) -> str:
    """Traditional script, with a pinyin gloss after the first glossed indicator of each paragraph."""
    out, k = [], 0
    names = sorted(GLOSSED, key=len, reverse=True)
    for line in text.split("\n"):
        if _paragraph(line):
            hits = [(line.find(w), w) for w in names if w in line]
            if hits:
                at, word = min(hits)
                line = line[:at + len(word)] + _gloss(word, k) + line[at + len(word):]
                k += 1
        out.append(_opencc("s2t").convert(line))
    return "\n".join(out)


# ---- (b) PDF copy ---------------------------------------------------------------------------


PAGE_NUMBERS = ("— {n} —", "-{n}-", "{n}", "·{n}·", "第{n}页")  # the forms a page number takes, in turn


def _page_number(n: int) -> str:
    return PAGE_NUMBERS[n % len(PAGE_NUMBERS)].format(n=n)


def pdf(text: str, width: int = PDF_WIDTH, page_lines: int = PDF_PAGE_LINES) -> str:
    """Hard wraps every ``width`` characters and page furniture every ``page_lines`` lines."""
    front, body = split_front(text)
    # the running header is the title line (not a photo caption left in the front: 政府工作报告。 …记者 …摄)
    header = next((ln.strip() for ln in front if _TITLE.search(ln) and "。" not in ln and len(ln.strip()) <= 30),
                  "政府工作报告")
    lines = [ln for ln in front if ln.strip()]
    for ln in body:
        s = ln.strip()
        if not s:
            continue
        if not is_heading(s):
            s = "\u3000\u3000" + s  # a paragraph's first line is indented; a heading's is not
        lines += [s[i:i + width] for i in range(0, len(s), width)]
    out, page = [], 1
    for i, ln in enumerate(lines, start=1):
        out.append(ln)
        if i % page_lines == 0 and i < len(lines):
            out += [_page_number(page), header]
            page += 1
    return "\n".join(out)


def wraps_inside_numbers(styled: str) -> int:
    """Line breaks of a copy that fall between two digits or after a decimal point (24.\\n3)."""
    return len(re.findall(r"[\d.]\n\d|\d\n[.]\d", styled))


# ---- (c) bilingual --------------------------------------------------------------------------

_UNITS_ALT = "|".join(re.escape(u) for u in sorted(ENGLISH_UNITS, key=len, reverse=True))
_FIGURE = re.compile(rf"(?<![\d.A-Za-z])(?P<n>\d+(?:\.\d+)?)(?P<u>{_UNITS_ALT})")
_CLAUSE = re.compile(r"[^，,。；;：:]+")


def _number(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def english_sentence(paragraph: str, limit: int = 2) -> str | None:
    """An English sentence with the first ``limit`` figures of a paragraph, or None without one."""
    parts = []
    names = sorted(ENGLISH_NAMES, key=len, reverse=True)
    for clause in _CLAUSE.findall(paragraph):
        m = _FIGURE.search(clause)
        if not m:
            continue
        before = clause[:m.start()]
        name = next((ENGLISH_NAMES[w] for w in names if w in before), ENGLISH_FALLBACK)
        verb = next((e for c, e in ENGLISH_VERBS if before.endswith(c)), "reached")
        factor, unit = ENGLISH_UNITS[m.group("u")]
        value = _number(float(m.group("n")) * factor)
        figure = f"{value}%" if unit == "%" else f"{value} {unit}"
        parts.append(f"{name} {verb} {figure}" if name != ENGLISH_FALLBACK else f"{name} {figure}")
        if len(parts) == limit:
            break
    if not parts:
        return None
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def bilingual(text: str) -> str:
    """Each paragraph of the body followed by an English line carrying its first figures."""
    front, body = split_front(text)
    out = list(front)
    for ln in body:
        out.append(ln)
        if _paragraph(ln) and (en := english_sentence(ln)):
            out.append(en)
    return "\n".join(out)


# ---- (d) news summary -----------------------------------------------------------------------


def _arabic(numeral: str) -> int:
    """A date's number in digits or Chinese numerals: 2026, 二〇二六, 一, 二十七, 十二."""
    if numeral.isdigit():
        return int(numeral)
    digit = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        return (digit[tens] if tens else 1) * 10 + (digit[units] if units else 0)
    return int("".join(str(digit[c]) for c in numeral))


def news_lead(front: list[str]) -> str:
    """本报讯 <date>，<session>开幕。<region><leader>代表<region>人民政府作政府工作报告。报告指出，"""
    joined = " ".join(front)
    m = _DELIVERY.search(joined)
    if not m:
        raise ValueError("no delivery line (…年…月…日在…会议上) in the front lines")
    session = m.group("session").strip()
    rm = _SESSION_REGION.match(session)
    region = rm.group("r") if rm else ""
    leader = next((t for suffix, t in LEADERS if region.endswith(suffix)), "代表")
    day = f"{_arabic(m.group('y'))}年{_arabic(m.group('m'))}月{_arabic(m.group('d'))}日"  # a journalist writes digits
    return (f"本报讯 {day}，{session}开幕。{region}{leader}代表{region}人民政府"
            f"作政府工作报告。报告指出，")


def news(text: str) -> str:
    """A lead instead of the title lines, then the paragraphs (no headings), every third one
    opening with a reporting verb."""
    front, body = split_front(text)
    out = [news_lead(front)]
    k = 0
    for ln in body:
        if not _paragraph(ln):
            continue
        s = ln.strip()
        if k % 3 == 2:
            s = REPORTING[(k // 3) % len(REPORTING)] + s
        out.append(s)
        k += 1
    return "\n".join(out)


# ---- (e) without headings -------------------------------------------------------------------


def no_headings(text: str) -> str:
    """The excerpt with its part and section headings dropped (front lines kept)."""
    front, body = split_front(text)
    return "\n".join(front + [ln for ln in body if not is_heading(ln)])


# ---- mixtures and variants met on real copies -----------------------------------------------

PDF_NARROW_WIDTH = 24


def pdf_narrow(text: str) -> str:
    """A PDF copy of narrow columns (:data:`PDF_NARROW_WIDTH` characters a line)."""
    return pdf(text, width=PDF_NARROW_WIDTH)


def pdf_traditional(text: str) -> str:
    """A PDF copy of the Traditional text with glosses: wraps and page breaks fall inside glosses."""
    return pdf(traditional(text))


def pdf_no_headings(text: str) -> str:
    """A PDF copy of the excerpt without headings."""
    return pdf(no_headings(text))


def news_pdf(text: str) -> str:
    """A PDF copy of the news summary (the lead's 报告指出，wrapped like any line)."""
    return pdf(news(text))


def news_inline(text: str) -> str:
    """A news summary whose lead runs on into the first quoted paragraph (…报告指出，过去一年，…)."""
    lines = news(text).split("\n")
    return "\n".join([lines[0] + lines[1], *lines[2:]]) if len(lines) > 1 else lines[0]


def bilingual_lines(text: str) -> str:
    """Alternating lines: each Chinese sentence of the body on its own line, then its English."""
    front, body = split_front(text)
    out = list(front)
    for ln in body:
        if not _paragraph(ln):
            out.append(ln)
            continue
        for sentence in re.findall(r"[^。]+。?", ln.strip()):
            out.append(sentence)
            if en := english_sentence(sentence, limit=1):
                out.append(en)
    return "\n".join(out)


def pdf_justified(text: str) -> str:
    """A PDF copy (28 characters a line) whose justified lines came out with a space after every
    character, one line in four (``全 市 地 区 生 产 总 值 5 . 2 万 亿 元``)."""
    lines = pdf(text, width=28).split("\n")
    return "\n".join(" ".join(ln) if k % 4 == 1 and len(ln) > 20 else ln for k, ln in enumerate(lines))


def hong_kong(text: str) -> str:
    """Traditional script in its Hong Kong forms (OpenCC ``s2hk``: 村衞生室)."""
    return _opencc("s2hk").convert(text)


STYLES: dict[str, Callable[[str], str]] = {
    "traditional": traditional,
    "pdf": pdf,
    "bilingual": bilingual,
    "news": news,
    "no_headings": no_headings,
    "pdf_narrow": pdf_narrow,
    "pdf_traditional": pdf_traditional,
    "pdf_no_headings": pdf_no_headings,
    "news_pdf": news_pdf,
    "news_inline": news_inline,
    "bilingual_lines": bilingual_lines,
    "pdf_justified": pdf_justified,
    "hong_kong": hong_kong,
}


# ---- scoring --------------------------------------------------------------------------------

def gold_cases() -> dict[str, tuple[Path, Path]]:
    """name -> (document, gold CSV): the seed and the provincial excerpts."""
    repo = Path(__file__).resolve().parent.parent
    cases = {"seed": (repo / "raw" / "000_c4f1182ef43108cd.txt", repo / "tests" / "gold" / "yanqing_2023_gold.csv")}
    for gold in sorted((repo / "tests" / "gold" / "provinces").glob("*_2026_gold.csv")):
        name = gold.name.removesuffix("_2026_gold.csv")
        cases[name] = (gold.with_name(f"{name}_2026.txt"), gold)
    return cases


@cache
def base_text(document: Path) -> str:
    """The text the pipeline reads from a document (normalized, web chrome removed)."""
    from pipelines.text.decode import document_text

    return document_text(document.read_bytes(), content_type=None, filename=document.name)


def styled_result(name: str, style: str | None) -> dict:
    """``evaluate`` of the gold case ``name`` on its text in ``style`` (None: as committed),
    read the way the pipeline reads a text file."""
    from pipelines.extract.evaluation import evaluate
    from pipelines.extract.facts import facts_of_document
    from pipelines.text.document import read_document

    document, gold = gold_cases()[name]
    text = base_text(document) if style is None else STYLES[style](base_text(document))
    doc = read_document(text.encode("utf-8"), filename=f"{name}.txt")
    return evaluate(gold, facts_of_document(doc, report_id="style"))


def summary(r: dict) -> dict:
    """F1 over core+standard, period/status/subject accuracy over matched core+standard, core exact."""
    a = r["attributes"]["core_standard"]
    return {"f1": r["core_standard"]["f1"], "period": a["period"], "status": a["status"],
            "subject": a["subject"], "core_exact": r["core_exact"], "core_total": r["core_total"]}


if __name__ == "__main__":  # the table of docs/extraction.md "Styles"
    import sys

    styles = [None if a == "plain" else a for a in sys.argv[1:]] or [None, *STYLES]
    print("| case | style | F1 | period | status | subject | core exact |")
    print("|---|---|---|---|---|---|---|")
    for case in gold_cases():
        for st in styles:
            s = summary(styled_result(case, st))
            print(f"| {case} | {st or 'plain'} | {s['f1']:.4f} | {s['period']:.4f} | {s['status']:.4f} "
                  f"| {s['subject']:.4f} | {s['core_exact']}/{s['core_total']} |")
        sys.stdout.flush()
