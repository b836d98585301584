"""Reports as governments publish them, end to end from 127.0.0.1: a PDF, a table-layout GB2312
county page with a sidebar and a report split over three pages go through `govreport add` and
`govreport run`; a .docx and a listing page of three reports of different years go through
`govreport add` / `govreport discover` and `govreport run`; the listings sensor polls with
conditional requests. Each ends with the right facts in the warehouse."""

from __future__ import annotations

import json

import dagster as dg
import duckdb
import published as P
import pytest
from httpserver import Route

from pipelines.cli import main as cli
from pipelines.runner import run_all


@pytest.fixture
def empty_catalog(workspace):
    """The workspace without the seed (the PDF and the .docx hold the seed's report 110119-2023)."""
    header = (workspace.raw / "sources.csv").read_text(encoding="utf-8").splitlines()[0]
    (workspace.raw / "sources.csv").write_text(header + "\n", encoding="utf-8")
    (workspace.raw / P.SEED.name).unlink()
    return workspace


def facts(workspace, report_id: str) -> set[tuple]:
    """(part, indicator, metric, value, period, status) of a report's catalog-indicator facts."""
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        return set(
            con.execute(
                "SELECT part, indicator_code, metric, value, period, status FROM landing.facts "
                "WHERE report_id = ? AND indicator_code IN ('gdp', 'general_budget_revenue', 'fixed_asset_investment')",
                [report_id],
            ).fetchall()
        )


def report_row(workspace, report_id: str) -> dict:
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        cur = con.execute("SELECT * FROM landing.reports WHERE report_id = ?", [report_id])
        names = [d[0] for d in cur.description]
        row = cur.fetchone()
    assert row is not None, f"{report_id} not loaded"
    return dict(zip(names, row, strict=True))


SEED_FACTS = {
    ("review", "gdp", "value", 213.0, "2022", "estimate"),
    ("review", "gdp", "growth_pct", 4.0, "2022", "estimate"),
    ("review", "fixed_asset_investment", "value", 100.0, "2022", "estimate"),
    ("plan", "gdp", "growth_pct", 6.0, "2023", "target"),
    ("plan", "fixed_asset_investment", "value", 100.0, "2023", "target"),
}


def serve_article(server, name: str = "2023gzbg") -> str:
    for n in (1, 2, 3):
        path = f"/xxgk/{name}.html" if n == 1 else f"/xxgk/{name}_{n}.html"
        server.route(path, Route(body=P.article_page(n, 3, name=name), content_type="text/html; charset=utf-8"))
    return server.url(f"/xxgk/{name}.html")


def test_pdf_table_page_and_three_page_article_to_the_warehouse(empty_catalog, instance, http_server, capsys):  # noqa: F811
    ws = empty_catalog
    pdf = http_server.route("/zwgk/2023gzbg.pdf", Route(body=P.seed_pdf(), content_type="application/pdf"))
    table = http_server.route("/zwgk/qianan2024.html", Route(body=P.qianan_table_page(), content_type="text/html"))
    article = serve_article(http_server)
    assert cli(["add", pdf, table, article]) == 0
    out = capsys.readouterr().out
    assert "110119-2023" in out and "220723-2024" in out and "610424-2023" in out  # 乾安县 and 乾县 by name

    outcome = run_all(instance)
    assert outcome.success, outcome.errors

    # the PDF: the seed's figures, page numbers and running headers left out of the evidence
    assert facts(ws, "110119-2023") >= SEED_FACTS
    row = report_row(ws, "110119-2023")
    assert (row["source_format"], row["document_kind"], row["report_year"], row["year_reviewed"]) == ("pdf", "report", 2023, 2022)
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        evidence = [e for (e,) in con.execute("SELECT evidence FROM landing.facts WHERE report_id = '110119-2023'").fetchall()]
    assert not [e for e in evidence if "- 1 -" in e or "人民政府北京" in e]
    assert (ws.raw / "110119-2023").is_dir() and any(p.suffix == ".pdf" for p in (ws.raw / "110119-2023").iterdir())

    # the table-layout page: the plan part found (targets stay targets), nothing from the sidebar,
    # the 承办单位 sentence kept with its figure
    qianan = facts(ws, "220723-2024")
    assert ("review", "gdp", "value", 120.5, "2023", "actual") in qianan
    assert ("plan", "gdp", "growth_pct", 6.5, "2024", "target") in qianan
    assert ("plan", "general_budget_revenue", "growth_pct", 7.0, "2024", "target") in qianan
    text = report_row(ws, "220723-2024")["text"]
    assert "公示" not in text and "共办理人大代表建议120件,全部由承办单位按期办结。" in text
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        sidebar = con.execute("SELECT count(*) FROM landing.facts WHERE report_id = '220723-2024' AND evidence LIKE '%项目%'").fetchone()[0]
        proposals = con.execute(
            "SELECT value, unit FROM landing.facts WHERE report_id = '220723-2024' AND evidence LIKE '%人大代表建议%'"
        ).fetchall()
    assert sidebar == 0 and (120.0, "件") in proposals

    # the three-page article: every page kept as a raw version, the texts joined in order
    assert facts(ws, "610424-2023") >= {
        ("review", "gdp", "value", 210.4, "2022", "actual"),
        ("review", "fixed_asset_investment", "value", 150.2, "2022", "actual"),  # page 2
        ("plan", "gdp", "growth_pct", 6.0, "2023", "target"),  # page 3
    }
    folder = ws.raw / "610424-2023"
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == ["page-2", "page-3"]
    assert all(len(list((folder / d).glob("*.html"))) == 1 for d in ("page-2", "page-3"))

    # a re-run fetches the same pages and writes no new raw version
    before = sorted(str(p) for p in ws.raw.rglob("*") if p.is_file())
    assert run_all(instance).success
    assert sorted(str(p) for p in ws.raw.rglob("*") if p.is_file()) == before


def test_docx_and_a_listing_of_three_years_to_the_warehouse(empty_catalog, instance, http_server, capsys):  # noqa: F811
    ws = empty_catalog
    docx = http_server.route("/files/2023gzbg.docx", Route(body=P.seed_docx(), content_type=P.DOCX_TYPE))
    assert cli(["add", docx]) == 0

    serve_article(http_server)  # 乾县 2023, three pages
    http_server.route("/xxgk/2022gzbg.html", Route(body=P.qianxian_2022_page(), content_type="text/html; charset=utf-8"))
    http_server.route("/xxgk/2024gzbg.html", Route(body=P.qianan_table_page(), content_type="text/html"))
    first, second = P.listing_pages(
        [
            ("/xxgk/2023gzbg.html", "乾县2023年政府工作报告"),
            ("/xxgk/2022gzbg.html", "乾县2022年政府工作报告"),
            ("/xxgk/jd2023.html", "图解:2023年乾县政府工作报告"),
            ("/xxgk/2023gzbg.docx", "政府工作报告(无年份)"),
        ],
        [("/xxgk/2024gzbg.html", "二〇二四年政府工作报告"), (docx, "北京市延庆区2023年政府工作报告")],
    )
    listing = http_server.route("/xxgk/index.html", Route(body=first, content_type="text/html; charset=utf-8"))
    http_server.route("/xxgk/index_1.html", Route(body=second, content_type="text/html; charset=utf-8"))

    assert cli(["discover", listing]) == 0
    out = capsys.readouterr().out
    assert "2 listing page(s) read, 3 report(s) added" in out
    for report_id in ("610424-2022", "610424-2023", "220723-2024"):
        assert f"added {report_id}" in out
    assert "not the report itself: 图解" in out and "no year in the title" in out and "already in the catalog" in out
    assert (ws.raw / "listings.csv").read_text(encoding="utf-8").splitlines()[1].startswith(listing)

    assert cli(["discover", listing]) == 0  # again: nothing new, everything said
    assert "0 report(s) added" in capsys.readouterr().out

    outcome = run_all(instance)
    assert outcome.success, outcome.errors
    assert facts(ws, "110119-2023") >= SEED_FACTS
    assert report_row(ws, "110119-2023")["source_format"] == "docx"
    assert ("review", "gdp", "value", 201.3, "2021", "actual") in facts(ws, "610424-2022")
    assert ("plan", "gdp", "growth_pct", 6.0, "2023", "target") in facts(ws, "610424-2023")
    assert ("plan", "gdp", "growth_pct", 6.5, "2024", "target") in facts(ws, "220723-2024")


def test_listings_sensor_polls_with_conditional_requests(empty_catalog, instance, resources, http_server, monkeypatch):  # noqa: F811
    from pipelines.defs.automation import listings_sensor
    from pipelines.ingest.listing import add_listing

    monkeypatch.setenv("GOVREPORT_HOST_INTERVAL", "0.05")
    ws = empty_catalog
    http_server.route("/xxgk/2022gzbg.html", Route(body=P.qianxian_2022_page(), content_type="text/html; charset=utf-8"))
    first, _ = P.listing_pages([("/xxgk/2022gzbg.html", "乾县2022年政府工作报告")], [])
    first = first.replace(b'<a href="index_1.html">', b'<a href="#">')  # one listing page
    listing = http_server.route(
        "/xxgk/index.html", Route(body=first, content_type="text/html; charset=utf-8", headers={"ETag": '"v1"'})
    )
    add_listing(ws.raw, listing)

    result = listings_sensor(dg.build_sensor_context(instance=instance, resources=resources))
    assert [r.tags for r in result.run_requests] and result.dynamic_partitions_requests[0].partition_keys == ["610424-2022"]
    assert json.loads(result.cursor)[listing] == {"etag": '"v1"'}
    assert http_server.hits["/robots.txt"] == 1  # asked before the listing

    instance.add_dynamic_partitions("reports", ["610424-2022"])  # what the daemon does with the request
    context = dg.build_sensor_context(instance=instance, resources=resources, cursor=result.cursor)
    again = listings_sensor(context)
    assert not again.run_requests
    sent = [h for path, h in http_server.request_headers if path == "/xxgk/index.html"]
    assert sent[-1].get("If-None-Match") == '"v1"' and http_server.hits["/xxgk/2022gzbg.html"] == 1
