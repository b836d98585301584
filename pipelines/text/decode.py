"""Raw bytes -> report text: charset, HTML to text, page furniture, normalization.

``document_text`` is the one entry point the pipeline calls; the steps are public for tests.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from pipelines.errors import DecodeError
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
    title (h1, else <title> without the site name) as first line. Falls back to a plain dump of
    the block elements when trafilatura finds no main text or keeps less than half of it."""
    import trafilatura

    if not html.strip():
        return ""
    text = trafilatura.extract(
        html, favor_recall=True, include_tables=True, include_comments=False, include_links=False, deduplicate=False
    )
    plain = _plain_html_text(html)
    if not text or len(text) < 0.5 * len(re.sub(r"\s", "", plain)):
        text = plain
    title = _page_title(html)
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
    ("share", r"(?:分享到|分享|扫一扫|扫描二维码|微信扫一扫).*", 80),
    ("print/close", r"[\[【(]?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏本页|加入收藏|字号|字体)\s*[\]】)]?(?:\s*[\[【(]?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏|大|中|小|默认)\s*[\]】)]?)*(?:\s*字号{_C}?.*)?".replace("{_C}", _C), 60),
    ("prev/next", rf"(?:上一篇|下一篇|相关文章|相关阅读|相关新闻|推荐阅读|热门文章){_C}?.*", 100),
    ("footer", r".*(?:主办单位|承办单位|运行维护单位|技术支持|版权所有|Copyright|©|\(c\)).*", 200),
    ("icp", r".*(?:ICP[备证]|公网安备|网安备)\s*[\d\-]+号?.*", 120),
    ("contact", rf"(?:联系电话|联系我们|网站地图|网站标识码|地址){_C}?.*", 80),
]
_FURNITURE = [(name, re.compile(pattern, re.I), max_len) for name, pattern, max_len in FURNITURE_RULES]


def furniture_rule(line: str) -> str | None:
    """The name of the furniture rule a line matches, or None for content (Traditional lines are
    matched through their Simplified form)."""
    s = to_simplified(line.strip())
    if not s:
        return None
    for name, pattern, max_len in _FURNITURE:
        if len(s) <= max_len and pattern.fullmatch(s):
            return name
    return None


def strip_furniture(text: str) -> str:
    """Drop the site header, byline, counters, teaser, share/print links, footer and ICP lines."""
    return "\n".join(line for line in text.split("\n") if furniture_rule(line) is None)


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


def document_text(data: bytes, *, content_type: str | None, filename: str) -> str:
    """Raw bytes of a page or text file -> the normalized report text offsets refer to."""
    text = decode_bytes(data, content_type)
    if is_html(data, content_type=content_type, filename=filename):
        text = html_to_text(text)
    return normalize_text(strip_furniture(text))
