"""The static site: one page per region plus an index, inline SVG only (no script, no CDN)."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "synthetic"))
import landing  # noqa: E402

from pipelines.publish.marts import publish_marts  # noqa: E402
from pipelines.publish.site import line_chart, render_site  # noqa: E402


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _parse(path: Path) -> _Collect:
    p = _Collect()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def site(tmp_path_factory, dbt_warehouse):
    tmp = tmp_path_factory.mktemp("site")
    wh = dbt_warehouse  # the session's dbt build, read-only
    marts = tmp / "marts.duckdb"
    publish_marts(str(wh), marts, tmp / "marts")
    out = tmp / "out"
    return render_site(marts, out), out


def test_pages_written(site):
    paths, out = site
    names = sorted(p.name for p in paths)
    assert names == sorted([f"{landing.REGION_CODE}.html", "index.html"])
    index = _parse(out / "index.html")
    assert ("a", {"href": f"{landing.REGION_CODE}.html"}) in index.tags


def test_region_page_content(site):
    _, out = site
    page = out / f"{landing.REGION_CODE}.html"
    html = page.read_text(encoding="utf-8")
    tags = _parse(page).tags
    assert sum(1 for t, _ in tags if t == "svg") >= 6           # levels and growth of the main indicators
    assert not any(t == "script" for t, _ in tags)
    assert not re.search(r"(src|href)=\"https?://", html)      # nothing fetched from the network
    assert "地区生产总值 (level)" in html and "固定资产投资 (level)" in html
    # the GDP chart comes first (main indicators in a fixed order)
    assert html.index("地区生产总值 (level)") < html.index("固定资产投资 (level)")
    assert 'class="missed"' in html and 'class="met"' in html and 'class="no_outcome_yet"' in html
    assert "居民人均可支配收入增长与经济增长同步" in html      # a target with no number is listed
    assert "85 亿元" in html                                     # 2024 investment target
    assert 'class="flag">disagrees' in html                      # retail sales 2022: levels vs stated growth


def test_line_chart_is_plain_svg():
    svg = str(line_chart([(2021, 200.0), (2022, 213.0), (2023, 225.0)], [(2022, 6.0, None), (2023, 4.5, 5.0)], unit="亿元"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<circle") == 3 and "<polyline" in svg and "<rect" in svg
    assert line_chart([]) == ""
    one = str(line_chart([(2022, 1.0)]))
    assert "<circle" in one and "nan" not in one.lower()
