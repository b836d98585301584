"""The static site: a page per region, a cross-region page per year and an index, charts drawn
by plotly.js from a file beside the pages (nothing from the network), rendered in headless
Chromium to check that the charts are drawn."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "synthetic"))
import landing  # noqa: E402

from pipelines.publish.marts import publish_marts  # noqa: E402
from pipelines.publish.site import render_site, target_text  # noqa: E402

pytestmark = pytest.mark.slow  # Dagster, dbt, subprocesses or a browser


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if not self._in_script:
            self.text.append(data)


def _parse(path: Path) -> _Collect:
    p = _Collect()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _specs(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r"var spec = (\{.*?\});\n", html)]


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
    assert f"{landing.REGION_CODE}.html" in names and "index.html" in names
    assert any(n.startswith("cross-region-") for n in names)
    index = _parse(out / "index.html")
    assert ("a", {"href": f"{landing.REGION_CODE}.html"}) in index.tags
    assert (out / "assets" / "plotly.min.js").stat().st_size > 1_000_000   # the library, beside the pages


def test_region_page_content(site):
    _, out = site
    page = out / f"{landing.REGION_CODE}.html"
    html = page.read_text(encoding="utf-8")
    parsed = _parse(page)
    tags = parsed.tags
    scripts = [a.get("src") for t, a in tags if t == "script" and a.get("src")]
    assert scripts == ["assets/plotly.min.js"]                   # the only script file, a relative path
    assert not re.search(r"(src|href)=\"https?://", html)      # nothing fetched from the network
    specs = _specs(html)
    assert len(specs) >= 4                                       # levels and growth of the charted indicators
    # the GDP charts come first (indicators.csv order of site_chart indicators), English beside Chinese
    assert html.index("地区生产总值 · 总量") < html.index("固定资产投资 · 总量")
    assert "Gross Regional Product — level, 亿元 (100 million yuan)" in html
    # targets labelled on the charts, units on every axis
    labels = [t for s in specs for d in s["data"] if d["name"].startswith("target") for t in d["text"]]
    assert labels and all(t.startswith("target ") for t in labels)
    assert any("85 亿元" in t for t in labels)                  # the 2024 investment target
    assert all(s["layout"]["yaxis"]["title"]["text"] for s in specs)
    # each point links to the sentence it comes from
    anchors = {a["id"] for t, a in tags if t == "li" and "id" in a}
    points = [c[0] for s in specs for d in s["data"] for c in d["customdata"]]
    assert points and set(points) <= anchors
    # tables: sortable with a CSV download (class data), verdicts, gaps with units, English names
    assert 'class="data"' in html and "download CSV" in html
    assert 'class="missed"' in html and 'class="met"' in html and 'class="no_outcome_yet"' in html
    assert "居民人均可支配收入增长与经济增长同步" in html      # a target with no number is listed
    assert re.search(r"-?\d+(\.\d+)? (个百分点|亿元)</td>", html)  # a gap with its unit
    assert "Investment in Fixed Assets" in html
    assert 'class="flag">disagrees' in html                      # retail sales 2022: levels vs stated growth
    assert "growth_pct" not in " ".join(parsed.text)            # no codes in what is read


def test_target_text():
    assert target_text("approx", 6.0, None, "%") == "≈6 %"
    assert target_text("ge", 4.5, 5.0, "%") == "≥4.5–5 %"
    assert target_text(None, None, None, None, "与经济增长同步") == "与经济增长同步"


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def assert_charts_drawn(page: Path, profile: Path) -> int:
    """Open `page` from file:// (offline) in headless Chromium, let the scripts run, and read the
    DOM: plotly drew an SVG per chart, with its points and their labels. Returns the charts."""
    browser = _chromium()
    assert browser, "Chromium is missing: scripts/test.sh installs the Debian package chromium"
    n_charts = len(_specs(page.read_text(encoding="utf-8")))
    assert n_charts > 0, f"{page} has no chart"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--window-size=1200,900",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    dom = result.stdout
    assert "</html>" in dom, result.stderr[-2000:]
    assert dom.count('class="main-svg"') >= n_charts                 # every chart has its SVG
    assert dom.count('class="scatterlayer') >= n_charts
    assert len(re.findall(r'class="point[ "]', dom)) >= n_charts      # markers drawn
    assert dom.count('class="textpoint"') >= n_charts                 # their labels
    assert "target " in dom                                           # target labels are text in the SVG
    return n_charts


needs_chromium = pytest.mark.skipif(
    _chromium() is None and not os.environ.get("CI"), reason="no Chromium (scripts/test.sh installs it)"
)


@needs_chromium
def test_charts_are_drawn_in_headless_chromium(site, tmp_path):
    _, out = site
    assert assert_charts_drawn(out / f"{landing.REGION_CODE}.html", tmp_path / "profile") >= 4
