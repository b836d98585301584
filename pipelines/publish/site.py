"""A static HTML site from the published marts: one page per region plus an index.

What an analyst looks at first: the main indicators over the years (levels and growth, with
the targets set for each year beside the outcomes), the verdicts on last year's targets, and
where reported growth disagrees with the levels. No JavaScript, no CDN: charts are small inline
SVG drawn here, so the pages open offline.
"""

from __future__ import annotations

import math
import os
import uuid
from collections import defaultdict
from pathlib import Path

import duckdb
from jinja2 import Environment, select_autoescape
from markupsafe import Markup, escape

# Indicators shown first, in this order, when a region has them; the rest follow by code.
MAIN_INDICATORS = [
    "gdp",
    "fixed_asset_investment",
    "general_budget_revenue",
    "general_budget_revenue_own_level",
    "general_budget_revenue_local_level",
    "total_retail_sales",
    "total_consumption",
    "disposable_income_pc",
    "urban_disposable_income_pc",
    "rural_disposable_income_pc",
]
MAX_CHARTS = 10

VERDICT_LABEL = {"met": "达成 met", "missed": "未达成 missed", "no_outcome_yet": "待公布 no outcome yet",
                 "not_comparable": "不可比 not comparable"}


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4g}" if abs(x) >= 1000 else f"{x:g}"


def line_chart(
    series: list[tuple[int, float]],
    targets: list[tuple[int, float, float | None]] | None = None,
    *,
    unit: str = "",
    width: int = 420,
    height: int = 180,
) -> Markup:
    """Inline SVG: outcomes as a line with labelled points; targets (year, low, high) as dashed
    ticks (a band for a range)."""
    targets = targets or []
    years = sorted({y for y, _ in series} | {y for y, _, _ in targets})
    if not years:
        return Markup("")
    values = [v for _, v in series] + [t for _, t, _ in targets] + [h for _, _, h in targets if h is not None]
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.15
    lo, hi = lo - pad, hi + pad
    if lo > 0 and lo < (hi - lo) * 0.5:
        lo = 0.0
    ml, mr, mt, mb = 52, 16, 14, 26
    pw, ph = width - ml - mr, height - mt - mb

    def x(year: int) -> float:
        if len(years) == 1:
            return ml + pw / 2
        return ml + pw * (year - years[0]) / (years[-1] - years[0])

    def y(v: float) -> float:
        return mt + ph * (1 - (v - lo) / (hi - lo))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" class="chart">',
        f'<line x1="{ml}" y1="{mt + ph}" x2="{ml + pw}" y2="{mt + ph}" stroke="#999"/>',
        f'<line x1="{ml}" y1="{mt}" x2="{ml}" y2="{mt + ph}" stroke="#999"/>',
        f'<text x="{ml - 4}" y="{mt + 4}" text-anchor="end" font-size="10" fill="#555">{escape(_fmt(hi))}</text>',
        f'<text x="{ml - 4}" y="{mt + ph}" text-anchor="end" font-size="10" fill="#555">{escape(_fmt(lo))}</text>',
        f'<text x="{ml + 2}" y="{mt - 3}" font-size="10" fill="#555">{escape(unit)}</text>',
    ]
    if lo < 0 < hi:
        parts.append(f'<line x1="{ml}" y1="{y(0):.1f}" x2="{ml + pw}" y2="{y(0):.1f}" stroke="#ccc"/>')
    for yr in years:
        parts.append(
            f'<text x="{x(yr):.1f}" y="{height - 8}" text-anchor="middle" font-size="10" fill="#555">{yr}</text>'
        )
    for yr, low, high in targets:
        if high is not None:
            parts.append(
                f'<rect x="{x(yr) - 9:.1f}" y="{y(high):.1f}" width="18" height="{max(y(low) - y(high), 1):.1f}" '
                f'fill="#f5a623" fill-opacity="0.25" stroke="#f5a623" stroke-dasharray="3,2"><title>target {yr}: '
                f'{escape(_fmt(low))}–{escape(_fmt(high))}</title></rect>'
            )
        else:
            parts.append(
                f'<line x1="{x(yr) - 10:.1f}" y1="{y(low):.1f}" x2="{x(yr) + 10:.1f}" y2="{y(low):.1f}" '
                f'stroke="#e8890c" stroke-width="2" stroke-dasharray="4,2"><title>target {yr}: '
                f'{escape(_fmt(low))}</title></line>'
            )
    pts = sorted(series)
    if len(pts) > 1:
        path = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f6fb2" stroke-width="2"/>')
    for yr, v in pts:
        parts.append(
            f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="3" fill="#1f6fb2"><title>{yr}: {escape(_fmt(v))}</title></circle>'
            f'<text x="{x(yr):.1f}" y="{y(v) - 6:.1f}" text-anchor="middle" font-size="10">{escape(_fmt(v))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8">
<title>{{ title }}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ddd;padding:3px 8px;font-size:13px;text-align:left}
th{background:#f4f4f4}.num{text-align:right}.met{color:#11772d}.missed{color:#b3261e}.no_outcome_yet,.not_comparable{color:#777}
.charts{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #e3e3e3;border-radius:6px;padding:8px}
.card h3{font-size:14px;margin:0 0 4px}.legend{font-size:12px;color:#555}.flag{color:#b3261e;font-weight:bold}
small{color:#666}
</style></head><body>
{% block body %}{% endblock %}
<p><small>Generated from the published marts (marts.duckdb). Figures as written in the reports; estimates (预计) are provisional.</small></p>
</body></html>"""

_INDEX = """{% extends "page" %}{% block body %}
<h1>政府工作报告 indicators by region</h1>
<table><tr><th>region</th><th>code</th><th>level</th><th>reports</th><th>years</th></tr>
{% for r in regions %}<tr><td><a href="{{ r.region_code }}.html">{{ r.full_name or r.name }}</a></td>
<td>{{ r.region_code }}</td><td>{{ r.level or "" }}</td><td class="num">{{ r.n_reports }}</td>
<td>{{ r.first_report_year }}–{{ r.last_report_year }}</td></tr>{% endfor %}
</table>{% endblock %}"""

_REGION = """{% extends "page" %}{% block body %}
<p><a href="index.html">← all regions</a></p>
<h1>{{ region.full_name or region.name }} <small>{{ region.region_code }}</small></h1>
<h2>Reports</h2>
<table><tr><th>report</th><th>title</th><th>delivered</th><th>facts</th><th>targets</th></tr>
{% for r in reports %}<tr><td>{{ r.report_id }}</td><td>{{ r.title or "" }}</td><td>{{ r.delivered_on or "" }}</td>
<td class="num">{{ r.n_facts }}</td><td class="num">{{ r.n_targets }}</td></tr>{% endfor %}</table>

<h2>Main indicators over the years</h2>
<p class="legend">Blue: outcome (the panel's best figure for the year). Orange dashes: the target set for that year (band: a range).</p>
<div class="charts">
{% for c in charts %}<div class="card"><h3>{{ c.title }}</h3>{{ c.svg }}</div>{% endfor %}
</div>

<h2>Targets against outcomes</h2>
<table><tr><th>year</th><th>indicator</th><th>metric</th><th>target</th><th>outcome</th><th>verdict</th><th>gap</th><th>target set by</th><th>outcome from</th></tr>
{% for t in targets %}<tr><td>{{ t.year }}</td><td>{{ t.name }}</td><td>{{ t.metric }}</td>
<td>{{ t.target }}</td><td>{{ t.outcome }}</td><td class="{{ t.verdict }}">{{ t.verdict_label }}</td>
<td class="num">{{ t.gap }}</td><td>{{ t.target_report_id }}</td><td>{{ t.outcome_report_id or "" }}</td></tr>{% endfor %}
</table>

{% if disagreements %}<h2>Stated growth vs levels</h2>
<table><tr><th>year</th><th>indicator</th><th>levels</th><th>implied growth</th><th>stated growth</th><th>check</th></tr>
{% for d in disagreements %}<tr><td>{{ d.year }}</td><td>{{ d.name }}</td><td>{{ d.levels }}</td><td class="num">{{ d.implied }}</td>
<td>{{ d.stated }}</td><td class="{{ 'flag' if d.flag else '' }}">{{ d.check }}</td></tr>{% endfor %}
</table>{% endif %}
{% endblock %}"""


def _env() -> Environment:
    from jinja2 import DictLoader

    return Environment(
        loader=DictLoader({"page": _PAGE, "index": _INDEX, "region": _REGION}),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=False)) for r in cur.fetchall()]


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _target_text(t: dict) -> str:
    if t["target_kind"] != "numeric":
        return t["target_text"] or ""
    sym = {"eq": "", "approx": "≈", "gt": ">", "ge": "≥", "le": "≤", "lt": "<"}.get(t["target_comparator"] or "", "")
    val = _fmt(t["target_value"])
    if t["target_value_high"] is not None:
        val = f"{val}–{_fmt(t['target_value_high'])}"
    return f"{sym}{val} {t['target_unit'] or ''}".strip()


def render_site(marts_path: Path, out_dir: Path) -> list[Path]:
    """Write ``out_dir/index.html`` and ``out_dir/<region_code>.html`` for every region with at
    least one report; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    env = _env()
    con = duckdb.connect(str(marts_path), read_only=True)
    try:
        regions = _rows(con, "SELECT * FROM dim_regions WHERE n_reports > 0 ORDER BY region_code")
        names = {r["indicator_code"]: r["name_zh"] for r in _rows(con, "SELECT indicator_code, name_zh FROM dim_indicators")}
        panel = _rows(con, "SELECT * FROM indicator_panel ORDER BY region_code, indicator_code, metric, year")
        tva = _rows(con, "SELECT * FROM target_vs_actual ORDER BY region_code, year DESC, indicator_code, metric")
        yoy = _rows(
            con,
            "SELECT * FROM indicator_yoy WHERE growth_check IN ('disagrees', 'within_tolerance', 'real_vs_nominal', 'same_scope') "
            "ORDER BY region_code, year DESC, indicator_code",
        )
        reports = _rows(con, "SELECT * FROM dim_reports ORDER BY region_code, report_year")
    finally:
        con.close()

    by_region: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for r in panel:
        by_region[r["region_code"]]["panel"].append(r)
    for r in tva:
        by_region[r["region_code"]]["tva"].append(r)
    for r in yoy:
        by_region[r["region_code"]]["yoy"].append(r)
    for r in reports:
        by_region[r["region_code"]]["reports"].append(r)

    written = []
    for region in regions:
        data = by_region[region["region_code"]]
        series: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
        units: dict[tuple[str, str], str] = {}
        for r in data["panel"]:
            if r["metric"] in ("value", "growth_pct"):
                series[(r["indicator_code"], r["metric"])].append((r["year"], r["value"]))
                units.setdefault((r["indicator_code"], r["metric"]), r["unit"] or "")
        tgts: dict[tuple[str, str], list[tuple[int, float, float | None]]] = defaultdict(list)
        for t in data["tva"]:
            if t["target_kind"] == "numeric" and t["metric"] in ("value", "growth_pct"):
                key = (t["indicator_code"], t["metric"])
                if units.get(key, t["target_unit"]) == t["target_unit"]:
                    tgts[key].append((t["year"], t["target_value"], t["target_value_high"]))
                    units.setdefault(key, t["target_unit"] or "")
        order = {c: i for i, c in enumerate(MAIN_INDICATORS)}
        keys = sorted(set(series) | set(tgts), key=lambda k: (order.get(k[0], len(order)), k[0], k[1] != "value"))
        charts = []
        for key in keys[:MAX_CHARTS]:
            code, metric = key
            label = "level" if metric == "value" else "growth %"
            charts.append(
                dict(
                    title=f"{names.get(code, code)} ({label})",
                    svg=line_chart(series.get(key, []), tgts.get(key, []), unit=units.get(key, "")),
                )
            )
        targets = [
            dict(
                year=t["year"], name=names.get(t["indicator_code"], t["indicator_code"]), metric=t["metric"],
                target=_target_text(t),
                outcome=(f"{_fmt(t['outcome_raw_value'])} {t['outcome_unit'] or ''} ({t['outcome_status']})"
                         if t["outcome_raw_value"] is not None else ""),
                verdict=t["verdict"], verdict_label=VERDICT_LABEL.get(t["verdict"], t["verdict"]),
                gap=_fmt(t["gap"]), target_report_id=t["target_report_id"], outcome_report_id=t["outcome_report_id"],
            )
            for t in data["tva"]
        ]
        disagreements = [
            dict(
                year=d["year"], name=names.get(d["indicator_code"], d["indicator_code"]),
                levels=f"{_fmt(d['prev_value'])} {d['prev_unit'] or ''} → {_fmt(d['value'])} {d['unit'] or ''}",
                implied=f"{d['implied_growth_pct']:.1f}%" if d["implied_growth_pct"] is not None else "",
                stated=f"{_fmt(d['stated_growth_pct'])}% {d['stated_growth_basis'] or ''}".strip(),
                check=d["growth_check"], flag=bool(d["growth_disagrees"]),
            )
            for d in data["yoy"]
        ]
        page = out_dir / f"{region['region_code']}.html"
        _write(
            page,
            env.get_template("region").render(
                title=f"{region['full_name'] or region['name']} — indicators", region=region,
                reports=data["reports"], charts=charts, targets=targets, disagreements=disagreements,
            ),
        )
        written.append(page)
    index = out_dir / "index.html"
    _write(index, env.get_template("index").render(title="Regions", regions=regions))
    written.append(index)
    return written
