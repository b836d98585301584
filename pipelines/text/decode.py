"""Raw bytes -> report text: format, charset, HTML/PDF/Word to text, page furniture, normalization.

``decode_document`` (text plus what was removed) and ``document_text`` (the text only) are the
entry points the pipeline calls; the steps are public for tests. This module alone decides how
bytes become text: the format from the bytes' signature, then the Content-Type, then the name.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from pipelines.errors import DecodeError, DocumentError
from pipelines.text.normalize import normalize_text, to_simplified

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")

# labels -> the codec that decodes every page labelled so (supersets: GB2312/GBK pages often
# contain GB18030-only characters, Big5 pages HKSCS ones)
_CODEC_ALIASES = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cp950": "cp950",
    "unicode": "utf-8",
    "utf8": "utf-8",
}
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:\-]+)", re.I)
_META_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:\-]+)",  # <meta charset=..> and http-equiv content=..charset=..
    re.I,
)
_SINGLE_BYTE = {"latin-1", "iso8859-1", "cp1252", "ascii"}
# encodings tried by detection, in this order of preference when several decode the bytes
_DETECT_CANDIDATES = ["utf_8", "gb18030", "big5hkscs", "utf_16"]


def codec_for(label: str | None) -> str | None:
    """A Python codec name for a charset label, with GB2312/GBK read as GB18030; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _CODEC_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _CODEC_ALIASES.get(name, name)


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset named by the HTTP Content-Type header, else by a <meta> tag in the first 4 KiB."""
    if content_type and (m := _HEADER_CHARSET.search(content_type)):
        if codec := codec_for(m.group(1)):
            return codec
    if m := _META_CHARSET.search(data[:4096]):
        return codec_for(m.group(1).decode("ascii", "ignore"))
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def detect_charset(data: bytes) -> str | None:
    """Detection with charset-normalizer, first among the encodings Chinese pages use."""
    import charset_normalizer

    if _strict(data, "utf-8") is not None:
        return "utf-8"
    best = charset_normalizer.from_bytes(data, cp_isolation=_DETECT_CANDIDATES).best()
    if best is None:
        best = charset_normalizer.from_bytes(data).best()
    return codec_for(best.encoding) if best is not None else None


def decode_bytes(data: bytes, content_type: str | None = None) -> str:
    """Bytes to str: a BOM, else the declared charset (header, then meta) when the bytes decode
    under it, else detection. Raises DecodeError when nothing decodes."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = declared_charset(data, content_type)
    if declared in _SINGLE_BYTE and any(b > 0x7F for b in data):
        declared = None  # latin-1 decodes any bytes: on Chinese pages such a label is a CMS default, not a fact
    if declared and (text := _strict(data, declared)) is not None:
        return text
    detected = detect_charset(data)
    if detected and (text := _strict(data, detected)) is not None:
        return text
    # declared but slightly broken (a few bad bytes are common on old CMS pages): keep the rest
    for codec in (declared, detected):
        if codec:
            return data.decode(codec, errors="replace")
    raise DecodeError("cannot determine the character encoding of the document")


def looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return bool(re.search(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]|<meta[\s>]|<p[\s>]|<div[\s>]", head))


_BLOCK_TAGS = "p div br li tr h1 h2 h3 h4 h5 h6 section article table ul ol pre blockquote".split()
_LINK_BLOCKS = "ul ol dl table tbody tr td div nav aside section".split()
_CELL_BLOCKS = {"br", "p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
MIN_LINKS_IN_LIST = 3  # a block of at least this many links ...
LINK_DENSITY = 0.6  # ... whose text is at least this much link text is navigation, not report text
LAYOUT_CELL_CHARS = 200  # a table cell with this much text is page layout, not a data table


def _text_len(el) -> int:
    return len(re.sub(r"\s", "", el.text_content()))


def drop_link_lists(tree) -> int:
    """Remove navigation, sidebars and link lists (``<nav>``, ``<aside>``, and any block holding
    MIN_LINKS_IN_LIST links or more whose text is mostly link text) from an lxml tree, in place.
    Returns the number of blocks removed."""
    removed = 0
    for el in list(tree.iter("nav", "aside")):
        if el.getparent() is not None:
            el.drop_tree()
            removed += 1
    for el in list(tree.iter(*_LINK_BLOCKS)):
        if el.getparent() is None or not _attached(el, tree):
            continue
        links = el.xpath(".//a[@href]")
        if len(links) < MIN_LINKS_IN_LIST:
            continue
        total = _text_len(el)
        linked = sum(_text_len(a) for a in links)
        if total and linked / total >= LINK_DENSITY:
            el.drop_tree()
            removed += 1
    return removed


def _attached(el, root) -> bool:
    while el is not None:
        if el is root:
            return True
        el = el.getparent()
    return False


def _own_cells(table) -> list:
    return [c for c in table.iter("td", "th") if next(c.iterancestors("table"), None) is table]


def unwrap_layout_tables(tree) -> int:
    """Turn tables used for page layout into plain blocks, in place, so that the line structure
    inside their cells (``<br>``, ``<p>``) survives HTML-to-text: a table is layout when one of its
    own cells holds block content (``<br>``, ``<p>``, ``<div>``, a nested table ...) or
    LAYOUT_CELL_CHARS characters of text. Data tables (short cells) stay tables. Returns the
    number of tables unwrapped."""
    count = 0
    for table in list(tree.iter("table")):
        cells = _own_cells(table)
        if not any(
            any(d.tag in _CELL_BLOCKS for d in c.iterdescendants() if isinstance(d.tag, str)) or _text_len(c) >= LAYOUT_CELL_CHARS
            for c in cells
        ):
            continue
        parts = [table, *(e for e in table.iter("tbody", "thead", "tfoot", "tr", "td", "th") if next(e.iterancestors("table"), None) is table)]
        for e in parts:
            e.tag = "div"
            for attr in ("width", "valign", "align", "colspan", "rowspan"):
                e.attrib.pop(attr, None)
        count += 1
    return count


def prepare_html(html: str) -> str:
    """The page with its link lists removed and its layout tables unwrapped (lxml), ready for
    trafilatura; the page as given when lxml cannot parse it."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return html
    drop_link_lists(tree)
    unwrap_layout_tables(tree)
    return lxml.html.tostring(tree, encoding="unicode")


def _plain_html_text(html: str) -> str:
    """A plain text dump of an HTML page, one block element per line (fallback extractor)."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    for bad in tree.xpath("//script|//style|//noscript|//head"):
        bad.drop_tree()
    for el in tree.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.tag == "br":
            continue
        el.text = "\n" + (el.text or "")
    return "\n".join(line.strip() for line in tree.text_content().split("\n") if line.strip())


def _page_title(html: str) -> str | None:
    import lxml.html

    tree = lxml.html.fromstring(html)
    for xpath in ("//h1", "//title"):
        for el in tree.xpath(xpath):
            title = re.sub(r"\s+", " ", el.text_content()).strip()
            if xpath == "//title":
                title = re.split(r"\s*[_|\-–—]+\s*(?=[^_|\-–—]*$)", title)[0]  # drop "_SiteName"
            if title:
                return title
    return None


def html_to_text(html: str) -> str:
    """Main text of an HTML page with trafilatura (paragraphs kept, one per line), the page's
    title (h1, else <title> without the site name) as first line. Link lists (navigation,
    sidebars) are removed and layout tables unwrapped first (:func:`prepare_html`). Falls back to
    a plain dump of the block elements when trafilatura finds no main text or keeps less than
    half of it."""
    import trafilatura

    if not html.strip():
        return ""
    title = _page_title(html)
    html = prepare_html(html)
    text = trafilatura.extract(
        html, favor_recall=True, include_tables=True, include_comments=False, include_links=False, deduplicate=False
    )
    plain = _plain_html_text(html)
    if not text or len(text) < 0.5 * len(re.sub(r"\s", "", plain)):
        text = plain
    if title and title not in text[:2000]:
        text = f"{title}\n\n{text}"
    return text


# Page furniture: one rule per line kind, each a regex matched against a whole stripped line of at
# most `max_len` characters. General to Chinese CMS pages, not tuned to one site.
_C = "[::]"  # half- or full-width colon
FURNITURE_RULES: list[tuple[str, str, int]] = [
    # (name, pattern, max_len)
    ("mobile/nav links", r"[•·\-\s]*(?:WAP|手机版|WAP手机版|电脑版|网站首页|返回首页|无障碍|English|繁体|简体)(?:\s*[|/•·]\s*\S{1,8})*", 40),
    ("breadcrumb", rf"(?:当前位置|您的位置|您当前的位置|所在位置){_C}?.*|首页\s*[>›»/].*", 120),
    ("byline", rf"(?:.*\s)?(?:时间|日期|发布时间|发布日期|更新时间){_C}.*(?:作者|来源|阅读|浏览|点击|编辑|字号){_C}?.*", 200),
    ("counters", rf".*(?:阅读|浏览|点击)(?:次数|量)?{_C}?\s*\d+\s*(?:次)?\s*(?:评论{_C}?\s*\d+)?", 60),
    ("source line", rf"(?:来源|信息来源|文章来源|作者|责任编辑|编辑|审核|校对){_C}\s*\S{{0,30}}(?:\s+\S+{_C}\s*\S{{0,30}})*", 80),
    ("teaser", rf"(?:内容摘要|文章摘要|内容提要|导读){_C}.*", 400),
    # (not a wrapped line of prose that opens on the word: 推动跨区域合作发展利益 / 分享。规范提升…)
    ("share", r"(?:分享到|分享|扫一扫|扫描二维码|微信扫一扫)(?![。，,；;、]).*", 80),
    ("print/close", r"[\[【(]?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏本页|加入收藏|字号|字体)\s*[\]】)]?(?:\s*[\[【(]?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏|大|中|小|默认)\s*[\]】)]?)*(?:\s*字号{_C}?.*)?".replace("{_C}", _C), 60),
    ("prev/next", rf"(?:上一篇|下一篇|上一条|下一条|上篇|下篇|相关文章|相关阅读|相关新闻|推荐阅读|热门文章){_C}?.*", 100),
    ("pager", r"(?:.*\s)?[\[【]?(?:上一页|下一页|上页|下页|首页|尾页|末页)[\]】]?(?:\s.*)?|共\s*\d+\s*页.*", 80),
    ("footer", r".*(?:主办单位|承办单位|运行维护单位|技术支持|版权所有|Copyright|©|\(c\)).*", 200),
    ("icp", r".*(?:ICP[备证]|公网安备|网安备)\s*[\d\-]+号?.*", 120),
    ("contact", rf"(?:联系电话|联系我们|网站地图|网站标识码|地址){_C}?.*", 80),
]
_FURNITURE = [(name, re.compile(pattern, re.I), max_len) for name, pattern, max_len in FURNITURE_RULES]


# A figure of the report: a number with a unit, a measure word or a percent sign (not a phone,
# ICP or QQ number, not a date). A furniture rule never removes a line that holds one inside
# clauses (``共办理人大代表建议120件,全部由承办单位按期办结``).
_FIGURE = re.compile(
    r"[\d〇一二三四五六七八九十百千万两]\s*(?:[%%％‰]|个百分点|[万亿千百]?(?:元|件|个|项|人|户|家|所|座|吨|亩|公里|千米|米|平方米|公顷|"
    r"辆|台|套|间|张|条|名|位|场|批|处|倍|栋|株|只|头|千瓦|立方米|吨标准煤|标准箱|人次|万人次))"
)
_CLAUSE = re.compile(r"[,，;；。、!！]|[\u4e00-\u9fff](?:完成|增长|达到|下降|实现|办结|共)")


def carries_figures(line: str) -> bool:
    """True for a line of report prose holding a figure (a number with its unit or %, inside
    clauses): such a line is never page furniture, whatever words it contains."""
    return bool(_FIGURE.search(line)) and bool(_CLAUSE.search(line))


def furniture_rule(line: str) -> str | None:
    """The name of the furniture rule a line matches, or None for content (Traditional lines are
    matched through their Simplified form). A line carrying the report's figures
    (:func:`carries_figures`) is content."""
    s = to_simplified(line.strip())
    if not s:
        return None
    for name, pattern, max_len in _FURNITURE:
        if len(s) <= max_len and pattern.fullmatch(s):
            return None if carries_figures(s) else name
    return None


@dataclass(frozen=True)
class Stripped:
    """Text without its page furniture, and what was removed (lines and their characters)."""

    text: str
    lines_removed: int = 0
    chars_removed: int = 0


def strip_furniture_counted(text: str) -> Stripped:
    """Drop the site header, byline, counters, teaser, share/print links, footer and ICP lines,
    counting the lines and the (non-blank) characters removed."""
    kept, lines, chars = [], 0, 0
    for line in text.split("\n"):
        if furniture_rule(line) is None:
            kept.append(line)
        else:
            lines += 1
            chars += len(line.strip())
    return Stripped("\n".join(kept), lines, chars)


def strip_furniture(text: str) -> str:
    """Drop the site header, byline, counters, teaser, share/print links, footer and ICP lines."""
    return strip_furniture_counted(text).text


# --- formats ---------------------------------------------------------------------------------

PDF_TYPES = ("application/pdf", "application/x-pdf")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC_TYPES = ("application/msword",)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc (Word 97-2003)
MIN_PDF_CHARS_PER_PAGE = 20  # a PDF with less text than this per page has no text layer (a scan)


def document_format(data: bytes, *, content_type: str | None = None, filename: str | None = None) -> str:
    """``pdf``, ``docx``, ``doc``, ``html`` or ``text``: from the bytes' signature first (a PDF
    served as text/html is still a PDF), then the Content-Type, then the file name's suffix, then
    the content (markup or not)."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        return "doc"
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return "docx"
    media = (content_type or "").split(";")[0].strip().lower()
    suffix = PurePath(filename or "").suffix.lower()
    if media in PDF_TYPES or suffix == ".pdf":
        return "pdf"
    if media == DOCX_TYPE or suffix == ".docx":
        return "docx"
    if media in DOC_TYPES or suffix == ".doc":
        return "doc"
    return "html" if is_html(data, content_type=content_type, filename=filename) else "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def pdf_text(data: bytes, *, source: str) -> str:
    """The text layer of a PDF (pypdfium2), one line per text line, pages in order and each page
    ending on a line break, so that page numbers and running headers stay on lines of their own
    (the extractor's layout step leaves them out). Raises DocumentError naming ``source`` for a
    PDF that cannot be opened (damaged, encrypted) or has no text layer (a scan: OCR it first)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise DocumentError(f"{source}: the PDF cannot be opened ({exc})", source=source) from exc
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    chars = len(re.sub(r"\s", "", "".join(pages)))
    if chars < MIN_PDF_CHARS_PER_PAGE * max(len(pages), 1):
        raise DocumentError(
            f"{source}: a scanned PDF without a text layer ({len(pages)} page(s), {chars} characters of text); "
            "run OCR on it first (e.g. ocrmypdf) and add the result",
            source=source,
        )
    return "\n".join(p.rstrip("\n") for p in pages) + "\n"


def docx_text(data: bytes, *, source: str) -> str:
    """The body of a Word .docx (python-docx): paragraphs and table cells in document order, one
    per line (page headers and footers are not part of the body). Raises DocumentError naming
    ``source`` when the file cannot be read."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several kinds for a broken package
        raise DocumentError(f"{source}: the Word file cannot be read ({type(exc).__name__}: {exc})", source=source) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [c.text.strip() for c in row.cells]
                lines.append(" | ".join(c for c in cells if c))
    return "\n".join(lines)


def is_html(data_or_text: bytes | str, *, content_type: str | None = None, filename: str | None = None) -> bool:
    if content_type and "html" in content_type.lower():
        return True
    if content_type and content_type.lower().startswith("text/plain"):
        return False
    if filename and PurePath(filename).suffix.lower() in HTML_SUFFIXES:
        return True
    if filename and PurePath(filename).suffix.lower() == ".txt":
        return False
    sample = data_or_text[:2048]
    if isinstance(sample, bytes):
        sample = sample.decode("latin-1")
    return looks_like_html(sample)


@dataclass(frozen=True)
class DecodedText:
    """A document's normalized text, its format and the page furniture removed from it."""

    text: str
    format: str  # pdf | docx | html | text
    furniture_lines: int = 0
    furniture_chars: int = 0


def decode_document(data: bytes, *, content_type: str | None, filename: str, source: str | None = None) -> DecodedText:
    """Raw bytes of a page, text file, PDF or Word file -> the normalized report text offsets
    refer to, with the number of furniture lines and characters removed.

    Raises DocumentError naming ``source`` (default ``filename``) for a ``.doc`` (convert it to
    .docx or PDF), a scanned or broken PDF, a broken .docx; DecodeError when no charset decodes."""
    source = source or filename
    fmt = document_format(data, content_type=content_type, filename=filename)
    if fmt == "doc":
        raise DocumentError(
            f"{source}: a Word 97-2003 .doc file, which govreport does not read; "
            "convert it to .docx or PDF (e.g. libreoffice --headless --convert-to docx) and add that file",
            source=source,
        )
    if fmt == "pdf":
        text = pdf_text(data, source=source)
    elif fmt == "docx":
        text = docx_text(data, source=source)
    else:
        try:
            text = decode_bytes(data, content_type)
        except DecodeError as exc:
            raise DecodeError(f"{source}: {exc}", source=source) from exc
        if fmt == "html":
            text = html_to_text(text)
    stripped = strip_furniture_counted(text)
    return DecodedText(normalize_text(stripped.text), fmt, stripped.lines_removed, stripped.chars_removed)


def document_text(data: bytes, *, content_type: str | None, filename: str) -> str:
    """Raw bytes of a page, text file, PDF or Word file -> the normalized report text offsets refer to."""
    return decode_document(data, content_type=content_type, filename=filename).text
