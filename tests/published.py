"""Reports as governments publish them, built in the test: a PDF and a Word file holding the
seed's first sections, a GB2312 table-layout county page with a sidebar of links, a report split
over three pages, and a listing page (two pages) linking reports of three years.

Region names are real (乾安县, 乾县: 乾 is what OpenCC turns into 干); texts and figures of the
county pages are synthetic.
"""

from __future__ import annotations

import io
import textwrap

from conftest import SEED

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def seed_opening() -> list[str]:
    """The seed's title, delivery line, speaker, address, review opening with its figures, the
    plan part's heading and its targets: one paragraph per item."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").split("\n")]
    start = next(i for i, line in enumerate(lines) if line.startswith("——2022年12月21日"))
    review_end = next(i for i, line in enumerate(lines) if line.startswith("一、冬奥服务保障圆满成功"))
    plan = next(i for i, line in enumerate(lines) if line.startswith("第二部分"))
    targets = next(i for i, line in enumerate(lines) if line.startswith("2023年经济社会发展主要预期目标是"))
    body = [line for line in lines[start:review_end] if line]
    return ["北京市延庆区2023年政府工作报告", *body, lines[plan], lines[targets]]


def seed_pdf(*, running_header: str = "北京市延庆区人民政府", chars_per_line: int = 36) -> bytes:
    """A PDF (text layer, reportlab's built-in CID font STSong-Light: no font file) of
    :func:`seed_opening`, wrapped as a PDF wraps lines, with a running header and a page number
    (``- N -``) on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    rows: list[str] = []
    for paragraph in seed_opening():
        rows.extend(textwrap.wrap(paragraph, chars_per_line) or [""])
    per_page, page = 16, 0
    for first in range(0, len(rows), per_page):
        page += 1
        c.setFont("STSong-Light", 9)
        c.drawString(72, height - 40, running_header)
        c.setFont("STSong-Light", 12)
        y = height - 72
        for row in rows[first : first + per_page]:
            c.drawString(60, y, row)
            y -= 17
        c.setFont("STSong-Light", 9)
        c.drawString(width / 2 - 12, 30, f"- {page} -")
        c.showPage()
    c.save()
    return buf.getvalue()


def scanned_pdf() -> bytes:
    """A PDF with pages and no text layer (what a scanner gives: here, only shapes)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for _ in range(2):
        c.rect(72, 72, 400, 600, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


def seed_docx() -> bytes:
    """A Word .docx of :func:`seed_opening` (python-docx), with a page header that is not report text."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "北京市延庆区人民政府 版权所有"
    for paragraph in seed_opening():
        document.add_paragraph(paragraph)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


QIANAN_BODY = [
    "乾安县2024年政府工作报告",
    "——2024年1月10日在乾安县第十九届人民代表大会第三次会议上",
    "乾安县人民政府县长　王示例",
    "各位代表:",
    "现在,我代表县人民政府向大会报告工作,请予审议,并请县政协委员提出意见。",
    "一、2023年工作回顾",
    "过去的一年,全县地区生产总值完成120.5亿元,增长6.2%;一般公共预算收入完成8.3亿元,增长9.1%。",
    "共办理人大代表建议120件,全部由承办单位按期办结。",
    "二、2024年工作安排",
    "2024年全县经济社会发展的主要预期目标是:地区生产总值增长6.5%左右;一般公共预算收入增长7%;城镇新增就业2000人。",
    "各位代表,让我们团结一心,为建设富裕美丽乾安而努力奋斗!",
]


def qianan_table_page() -> bytes:
    """A GB2312 county page: the report in one table cell with <br> breaks, a sidebar table of
    eight links ``…公示(共12个项目)``, a footer table (主办单位, 技术支持, 版权所有)."""
    sidebar = "".join(
        f'<tr><td><a href="/gs/{i}.html">关于2023年第{i}批农村公路建设项目的公示(共12个项目)</a></td></tr>' for i in range(1, 9)
    )
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>乾安县2024年政府工作报告_乾安县人民政府</title></head>
<body><table width="980"><tr><td colspan="2"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hd/">互动交流</a></td></tr>
<tr><td width="240" valign="top"><table>{sidebar}</table></td>
<td width="740" valign="top"><table><tr><td class="title">乾安县2024年政府工作报告</td></tr>
<tr><td class="content">{"<br>".join(QIANAN_BODY)}</td></tr></table></td></tr></table>
<table><tr><td>主办单位:乾安县人民政府办公室 技术支持:某某网络 版权所有 吉ICP备00000000号</td></tr></table></body></html>"""
    return html.encode("gb18030")


QIANXIAN_PAGES = [
    [
        "陕西省咸阳市乾县2023年政府工作报告",
        "——2023年1月12日在乾县第十八届人民代表大会第二次会议上",
        "乾县人民政府县长 李示例",
        "各位代表:",
        "现在,我代表县人民政府,向大会报告工作,请予审议。",
        "一、2022年工作回顾",
        "过去的一年,全县地区生产总值完成210.4亿元,增长4.5%。",
    ],
    [
        "规模以上工业增加值增长8.2%;固定资产投资完成150.2亿元,增长10.3%。",
        "城镇居民人均可支配收入达到38650元,增长5.1%。",
    ],
    [
        "二、2023年工作安排",
        "2023年全县经济社会发展的主要预期目标是:地区生产总值增长6%;固定资产投资增长10%。",
        "各位代表,让我们奋发有为,再创佳绩!",
    ],
]


def article_page(n: int, total: int, *, name: str = "2023gzbg", next_href: str | None = None) -> bytes:
    """Page n (1-based) of the three-page 乾县 report: its paragraphs, a pager
    (``上一页 1 2 3 下一页``) and the site chrome every page repeats."""
    paras = "".join(f"<p>{line}</p>" for line in QIANXIAN_PAGES[n - 1])
    def href(k: int) -> str:
        return f"{name}.html" if k == 1 else f"{name}_{k}.html"
    pager = " ".join(f'<a href="{href(k)}">{k}</a>' for k in range(1, total + 1))
    if next_href is None and n < total:
        next_href = href(n + 1)
    nxt = f' <a href="{next_href}">下一页</a>' if next_href else ""
    prev = f'<a href="{href(n - 1)}">上一页</a> ' if n > 1 else ""
    html = f"""<html><head><meta charset="utf-8"><title>陕西省咸阳市乾县2023年政府工作报告_乾县人民政府网</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a></div>
<div class="article"><h1>陕西省咸阳市乾县2023年政府工作报告</h1><div class="content">{paras}</div>
<div class="pager">{prev}{pager}{nxt}</div></div>
<div class="footer">主办单位:乾县人民政府办公室 版权所有</div></body></html>"""
    return html.encode("utf-8")


def qianxian_2022_page() -> bytes:
    """A one-page 乾县 2022 report (for the listing)."""
    body = "".join(
        f"<p>{line}</p>"
        for line in [
            "——2022年1月11日在乾县第十八届人民代表大会第一次会议上",
            "各位代表:",
            "一、2021年工作回顾",
            "过去的一年,全县地区生产总值完成201.3亿元,增长6.8%;一般公共预算收入完成5.6亿元,增长8.4%。",
            "二、2022年工作安排",
            "2022年全县经济社会发展的主要预期目标是:地区生产总值增长6.5%;一般公共预算收入增长6%。",
        ]
    )
    return (
        "<html><head><meta charset='utf-8'><title>乾县2022年政府工作报告_乾县人民政府网</title></head><body>"
        f"<h1>陕西省咸阳市乾县2022年政府工作报告</h1>{body}</body></html>"
    ).encode("utf-8")


def listing_pages(links_1: list[tuple[str, str]], links_2: list[tuple[str, str]]) -> tuple[bytes, bytes]:
    """A listing (``index.html``) and its second page (``index_1.html``): report links with their
    titles, a navigation bar, an interpretation of a report (not the report) and a pager."""
    def page(links: list[tuple[str, str]], pager: str) -> bytes:
        items = "".join(f'<li><a href="{href}">{title}</a><span>2024-01-20</span></li>' for href, title in links)
        return (
            "<html><head><meta charset='utf-8'><title>政府工作报告_乾县人民政府网</title></head><body>"
            "<div class='nav'><a href='/'>首页</a> <a href='/zwgk/'>政务公开</a></div>"
            f"<ul class='list'>{items}</ul><div class='pager'>{pager}</div></body></html>"
        ).encode("utf-8")

    return (
        page(links_1, '<a href="index.html">首页</a> <a href="index_1.html">下一页</a>'),
        page(links_2, '<a href="index.html">上一页</a>'),
    )
