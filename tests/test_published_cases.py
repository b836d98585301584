"""Each case of issue 10 in its own words: formats, table layouts, multi-page articles, listings,
furniture that never eats figures, document kinds, region and year, HTTP encodings."""

from __future__ import annotations

import gzip
import warnings

import published as P
import pytest
from conftest import SEED
from httpserver import Route

from pipelines.cli import main as cli
from pipelines.errors import DecodeError, DocumentError, FetchError, PaginationError, ReportWarning
from pipelines.ingest.catalog import CatalogEntry, read_catalog
from pipelines.ingest.fetch import fetch
from pipelines.ingest.links import Link, fetch_article, numbered_next
from pipelines.ingest.listing import HostRateLimiter, classify_link, polite_fetcher, robots_allows, title_year
from pipelines.ingest.sources import acquire
from pipelines.text.decode import carries_figures, decode_document, document_format, furniture_rule, html_to_text
from pipelines.text.document import read_document, require_loadable
from pipelines.text.metadata import find_metadata
from pipelines.text.regions import lookup_region

FAST = {"timeout": 1.0, "retries": 0, "backoff": 0.01}

# --- 1. PDF and Word ---------------------------------------------------------------------------


def test_pdf_text_keeps_page_breaks_visible_for_the_layout_step():
    decoded = decode_document(P.seed_pdf(), content_type="application/pdf", filename="r.pdf")
    lines = decoded.text.split("\n")
    assert decoded.format == "pdf"
    assert "- 1 -" in lines and lines.count("北京市延庆区人民政府") == 2  # page number and running header on their own lines
    assert "各位代表:" in lines


def test_scanned_pdf_is_refused_by_name():
    with pytest.raises(DocumentError, match=r"scan\.pdf: a scanned PDF without a text layer \(2 page\(s\), 0 characters of text\); run OCR"):
        read_document(P.scanned_pdf(), filename="scan.pdf")


def test_broken_pdf_is_refused_by_name():
    with pytest.raises(DocumentError, match="bad.pdf: the PDF cannot be opened"):
        read_document(b"%PDF-1.4\n" + b"0" * 2000, filename="bad.pdf")


def test_doc_file_is_refused_with_advice_to_convert(tmp_path):
    doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000
    with pytest.raises(DocumentError, match=r"old\.doc: a Word 97-2003 \.doc file.*convert it to \.docx or PDF"):
        read_document(doc, filename="old.doc")
    (tmp_path / "old.doc").write_bytes(doc)
    assert cli(["add", str(tmp_path / "old.doc"), "--raw-dir", str(tmp_path / "raw")]) == 1


def test_docx_body_without_its_page_header():
    decoded = decode_document(P.seed_docx(), content_type=P.DOCX_TYPE, filename="download")
    assert decoded.format == "docx" and decoded.text.startswith("北京市延庆区2023年政府工作报告\n")
    assert "版权所有" not in decoded.text


@pytest.mark.parametrize(
    "data, content_type, filename, fmt",
    [
        (b"%PDF-1.7 ...", "text/html", "x.html", "pdf"),  # the bytes win over a wrong header
        (b"<html><body>x</body></html>", "application/pdf", "x", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None, "x.bin", "doc"),
        (b"plain", None, "x.txt", "text"),
        (b"<html><body>x</body></html>", None, "x", "html"),
    ],
)
def test_document_format(data, content_type, filename, fmt):
    assert document_format(data, content_type=content_type, filename=filename) == fmt


def test_fetch_accepts_pdf_and_word_and_octet_stream_documents(http_server):  # noqa: F811
    pdf = http_server.route("/r.pdf", Route(body=P.seed_pdf(), content_type="application/pdf"))
    docx = http_server.route("/r.docx", Route(body=P.seed_docx(), content_type=P.DOCX_TYPE))
    blob = http_server.route("/download/3", Route(body=P.seed_pdf(), content_type="application/octet-stream"))
    for url in (pdf, docx, blob):
        assert fetch(url, **FAST).status == 200


# --- 2. table-layout pages ---------------------------------------------------------------------


def test_table_cell_keeps_its_lines_and_the_sidebar_is_not_text():
    text = html_to_text(P.qianan_table_page().decode("gb18030"))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert "一、2023年工作回顾" in lines and "二、2024年工作安排" in lines
    assert "公示" not in text and "政务公开" not in text


def test_a_data_table_stays_a_table():
    html = (
        "<html><body><h1>某县2024年政府工作报告</h1>"
        + "".join(f"<p>各位代表:过去一年全县经济运行稳中向好,主要指标好于预期{i}。</p>" for i in range(5))
        + "<table><tr><td>指标</td><td>数值</td></tr><tr><td>地区生产总值</td><td>120.5亿元</td></tr></table></body></html>"
    )
    assert "| 地区生产总值 | 120.5亿元 |" in html_to_text(html)


# --- 3. multi-page articles --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, following",
    [
        ("http://x.gov.cn/a/2023gzbg.html", "http://x.gov.cn/a/2023gzbg_2.html"),
        ("http://x.gov.cn/a/2023gzbg_2.html", "http://x.gov.cn/a/2023gzbg_3.html"),
        ("http://x.gov.cn/list/index.html", "http://x.gov.cn/list/index_1.html"),
        ("http://x.gov.cn/list/index_1.shtml", "http://x.gov.cn/list/index_2.shtml"),
        ("http://x.gov.cn/list/", None),
    ],
)
def test_numbered_next_page(url, following):
    assert numbered_next(url) == following


def test_a_loop_of_next_page_links_is_named_and_keeps_the_pages(http_server, tmp_path):  # noqa: F811
    P_ = P.article_page
    http_server.route("/a/r.html", Route(body=P_(1, 3, name="r"), content_type="text/html; charset=utf-8"))
    http_server.route("/a/r_2.html", Route(body=P_(2, 3, name="r", next_href="r.html"), content_type="text/html; charset=utf-8"))
    entry = CatalogEntry("610424-2023", http_server.url("/a/r.html"), "陕西省咸阳市乾县", 2023)
    with pytest.raises(PaginationError, match=r"the next-page links loop: page 2 .* leads back to .*/a/r\.html \(2 page\(s\) fetched and kept\)") as err:
        acquire(tmp_path, entry)
    assert err.value.stage == "ingest" and str(err.value).startswith(f"fetch {entry.source}: ")
    assert len(err.value.pages) == 2
    assert (tmp_path / "610424-2023" / "page-2").is_dir() and len(list((tmp_path / "610424-2023").glob("*.html"))) == 1


def test_a_missing_page_is_named_and_keeps_what_was_fetched(http_server):  # noqa: F811
    http_server.route("/a/r.html", Route(body=P.article_page(1, 3, name="r"), content_type="text/html; charset=utf-8"))
    http_server.route("/a/r_2.html", Route(body=P.article_page(2, 3, name="r"), content_type="text/html; charset=utf-8"))
    with pytest.raises(PaginationError, match=r"page 3 of the article is missing: HTTP 404") as err:
        fetch_article(http_server.url("/a/r.html"), fetcher=lambda u: fetch(u, **FAST))
    assert [p.final_url for p in err.value.pages] == [http_server.url("/a/r.html"), http_server.url("/a/r_2.html")]


def test_next_page_on_another_host_is_not_followed(http_server):  # noqa: F811
    page = P.article_page(1, 1, name="r", next_href="http://localhost:1/a/r_2.html")
    http_server.route("/a/r.html", Route(body=page, content_type="text/html; charset=utf-8"))
    assert len(fetch_article(http_server.url("/a/r.html"), fetcher=lambda u: fetch(u, **FAST))) == 1


# --- 4. listing pages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, year, reason",
    [
        ("乾县2023年政府工作报告", 2023, None),
        ("二〇二二年政府工作报告", 2022, None),
        ("政府工作报告(2021)", 2021, None),
        ("一图读懂2023年政府工作报告", None, "not the report itself"),
        ("政府工作报告", None, "no year in the title"),
        ("关于印发2023年重点工作的通知", None, None),
    ],
)
def test_listing_links_by_title_and_year(text, year, reason):
    found, why = classify_link(Link("http://x.gov.cn/a.html", text))
    assert (found.year if found else None) == year
    assert (why or "").startswith(reason or "")


def test_robots_txt_and_the_per_host_rate_limit(http_server):  # noqa: F811
    http_server.route("/robots.txt", Route(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    assert robots_allows(http_server.url("/xxgk/index.html"))
    assert not robots_allows(http_server.url("/private/list.html"))
    clock = [0.0]
    slept = []
    limiter = HostRateLimiter(2.0, clock=lambda: clock[0], sleep=lambda s: (slept.append(s), clock.__setitem__(0, clock[0] + s)))
    get = polite_fetcher(limiter, fetcher=lambda url, **kw: url)
    get(http_server.url("/a"))
    get(http_server.url("/b"))  # same host at once: waits 2 s
    assert limiter.wait("http://other.example/c") == 0.0  # another host: no wait
    assert slept == [2.0]
    with pytest.raises(FetchError, match="disallowed by the site's robots.txt"):
        get(http_server.url("/private/list.html"))


def test_title_year():
    assert (title_year("2024年政府工作报告"), title_year("二〇二四年"), title_year("政府工作报告")) == (2024, 2024, None)


# --- 5. furniture ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "共办理人大代表建议120件,全部由承办单位按期办结",
        "依托技术支持单位建成数据平台3个,服务企业1200家。",
        "全年查处侵犯版权所有人权益案件15件,同比下降20%。",
    ],
)
def test_furniture_words_inside_report_sentences_keep_the_line(line):
    assert carries_figures(line) and furniture_rule(line) is None


def test_a_document_of_one_such_sentence_is_not_empty():
    doc = read_document("共办理人大代表建议120件,全部由承办单位按期办结".encode(), filename="x.txt")
    assert doc.text == "共办理人大代表建议120件,全部由承办单位按期办结"


def test_every_removal_is_counted():
    doc = read_document(SEED.read_bytes(), filename=SEED.name)
    raw_lines = SEED.read_text(encoding="utf-8").split("\n")
    removed = [line for line in raw_lines if furniture_rule(line)]
    assert doc.furniture_lines == len(removed) == 5
    assert doc.furniture_chars == sum(len(line.strip()) for line in removed)


# --- 6. excerpts and news summaries ------------------------------------------------------------

EXCERPT = (
    "乾安县2024年政府工作报告(摘要)\n一、2023年工作回顾\n全县地区生产总值完成120.5亿元,增长6.2%。\n"
    "二、2024年工作安排\n地区生产总值增长6.5%左右。"
)
NEWS = (
    "乾安县召开第十九届人民代表大会第三次会议\n本报记者 张三\n1月10日,县长王示例代表县人民政府作政府工作报告。"
    "报告指出,2023年全县地区生产总值完成120.5亿元,增长6.2%。报告提出,2024年地区生产总值增长6.5%左右。"
)


@pytest.mark.parametrize("text, kind", [(EXCERPT, "excerpt"), (NEWS, "news_summary")])
def test_excerpts_and_news_summaries_are_loaded_with_their_kind(text, kind):
    doc = read_document(text.encode(), filename="x.txt", region="吉林省松原市乾安县", report_year=2024)
    require_loadable(doc, "x.txt")
    assert doc.kind == kind


def test_the_seed_is_a_report():
    assert read_document(SEED.read_bytes(), filename=SEED.name).kind == "report"


def test_a_page_that_is_no_report_is_refused_in_one_sentence():
    text = "区图书馆开放时间调整的通知\n各位读者:自下月起,区图书馆开放时间调整为每周二至周日上午九点至晚上八点。"
    doc = read_document(text.encode(), filename="x.txt", region="北京市延庆区", report_year=2021)
    with pytest.raises(DocumentError) as err:
        require_loadable(doc, "http://x/notice.html")
    assert str(err.value) == (
        f"http://x/notice.html: not a work report, nor an excerpt or news summary of one: its {len(doc.text)} characters "
        "have no report title (政府工作报告), no address to the deputies (各位代表) and no review or plan part."
    )


# --- 7. region and year ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, code",
    [("乾安县", "220723"), ("吉林省松原市乾安县", "220723"), ("乾县", "610424"), ("陕西省咸阳市乾县", "610424"), ("延慶區", "110119")],
)
def test_exact_names_before_script_conversion(name, code):
    assert lookup_region(name).code == code


@pytest.mark.parametrize(
    "text",
    [
        "上一条:《2008年政府工作报告》\n各位代表:",
        "2008政府工作报告\n各位代表:",
        "王建国政府工作报告\n各位代表:",
        "示例人民政府工作报告解读\n——2021年1月6日在第三次会议上\n",
    ],
)
def test_page_chrome_never_becomes_a_region(text):
    meta = find_metadata(text)
    assert meta.region is None and meta.region_name is None


def test_a_region_outside_the_table_is_named_but_not_resolved():
    meta = find_metadata("示例县2023年政府工作报告\n各位代表:")
    assert (meta.region, meta.region_name) == (None, "示例县")


def test_the_delivery_date_decides_the_year_over_a_site_title():
    text = "乾安县人民政府2022年政府工作报告\n——2021年1月6日在乾安县第十九届人民代表大会第一次会议上\n各位代表:"
    assert find_metadata(text).report_year == 2021


def test_a_given_year_contradicting_the_text_warns_naming_both(tmp_path, capsys):
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    assert cli(["add", str(tmp_path / "seed.txt"), "--report-year", "2022", "--raw-dir", str(tmp_path / "raw")]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "report year 2022 contradicts the text, which gives 2023" in err
    entry = read_catalog(tmp_path / "raw")[0]
    assert (entry.report_id, entry.report_year) == ("110119-2022", 2022)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always", ReportWarning)
        doc = read_document(SEED.read_bytes(), filename=SEED.name, report_year=2022)
    assert doc.meta.year_reviewed == 2021 and doc.warnings


@pytest.mark.parametrize("year", ["24", "1977", "2999"])
def test_years_outside_1978_to_next_year_are_refused_at_add(http_server, tmp_path, capsys, year):  # noqa: F811
    url = http_server.url("/pages/changan_2024_utf8.html")
    assert cli(["add", url, "--report-year", year, "--raw-dir", str(tmp_path)]) == 1
    assert f"report year {year} is outside 1978.." in capsys.readouterr().err
    assert http_server.hits["/pages/changan_2024_utf8.html"] == 0 and read_catalog(tmp_path) == []


# --- 8. HTTP -----------------------------------------------------------------------------------


def test_x_gzip_is_decoded(http_server):  # noqa: F811
    body = P.qianxian_2022_page() * 3
    url = http_server.route("/gz", Route(body=gzip.compress(body), content_type="text/html", headers={"Content-Encoding": "x-gzip"}))
    assert fetch(url, **FAST).content == body


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip"])
def test_a_broken_compressed_body_names_the_address_and_the_stage(http_server, encoding):  # noqa: F811
    url = http_server.route("/broken", Route(body=b"\x1f\x8b\x08\x00" + b"not gzip" * 50, content_type="text/html", headers={"Content-Encoding": encoding}))
    with pytest.raises(FetchError) as err:
        fetch(url, **FAST)
    assert str(err.value).startswith(f"fetch {url}: the body cannot be decoded (Content-Encoding {encoding}")
    assert err.value.stage == "ingest"


def test_an_undecodable_document_names_its_source():
    from unittest import mock

    with mock.patch("pipelines.text.decode.decode_bytes", side_effect=DecodeError("cannot determine the character encoding of the document")):
        with pytest.raises(DecodeError, match=r"^http://x/r.html: cannot determine the character encoding") as err:
            decode_document(b"\xff\xfe\xfd" * 100, content_type=None, filename="r.txt", source="http://x/r.html")
    assert err.value.stage == "text"


def test_a_catalog_year_contradicting_the_text_warns_at_every_read(tmp_path):
    from pipelines.text.document import build_document_record

    entry = CatalogEntry("110119-2022", SEED.name, "北京市延庆区", 2022)
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    page = acquire(tmp_path, entry)
    with pytest.warns(ReportWarning, match=r"000_c4f1182ef43108cd.txt: the given report year 2022 contradicts the text, which gives 2023"):
        record = build_document_record(page, entry)
    assert (record.document.meta.report_year, record.document.meta.year_reviewed) == (2022, 2021)
