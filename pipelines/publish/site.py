"""A static HTML site from the published marts: a page per region, a cross-region page per target
year, and an index.

What an analyst looks at first: the charted indicators over the years (outcomes with the targets
set for each year, labelled), the verdicts on the targets, where reported growth disagrees with
the levels, and regions side by side for a year. Charts are drawn by plotly.js, written once to
``assets/plotly.min.js`` beside the pages from the plotly package: the pages open offline (no CDN).
Which indicators are charted is the column ``site_chart`` of pipelines/reference/indicators.csv
(``dim_indicators.site_chart``). Templates: ``pipelines/publish/templates/``.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from collections import defaultdict
from pathlib import Path

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape

VERDICT_LABEL = {"met": "达成 met", "missed": "未达成 missed", "no_outcome_yet": "待公布 no outcome yet",
                 "not_comparable": "不可比 not comparable"}
METRIC_LABEL = {"value": "level 总量", "growth_pct": "growth 增速", "change": "change 变化",
                "change_pp": "change in points 变化", "rank": "rank 位次"}
COMPARATOR_SYMBOL = {"eq": "", "approx": "≈", "gt": ">", "ge": "≥", "le": "≤", "lt": "<"}
CHART_METRICS = ("value", "growth_pct")
OUTCOME_COLOR, TARGET_COLOR = "#1f6fb2", "#e8890c"
TARGET_MARKER = dict(symbol="diamond", size=11, color=TARGET_COLOR, line=dict(width=1, color="#8a4b00"))


def _fmt(x: float | None) -> str:
    """A figure as written: 213 -> 213, 4.5 -> 4.5, 12345.6 -> 12,345.6; None/NaN -> ''."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6g}"


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("pipelines.publish", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True, enabled_extensions=("html",)),
    )


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=False)) for r in cur.fetchall()]


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_plotly_js(out_dir: Path) -> Path:
    """plotly.min.js from the installed plotly package, written once per build beside the pages."""
    from plotly.offline import get_plotlyjs

    assets = out_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    path = assets / "plotly.min.js"
    _write(path, get_plotlyjs())
    return path


def _json(spec: dict) -> str:
    """JSON for an inline <script>: `</` escaped so that no text can close the script."""
    return json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")


def unit_label(unit: str | None, units: dict[str, dict]) -> str:
    """亿元 -> '亿元 (100 million yuan)'; the unit as written when the table lacks it."""
    if not unit:
        return ""
    en = (units.get(unit) or {}).get("label_en")
    return f"{unit} ({en})" if en and en != unit else unit


def target_text(comparator: str | None, value: float | None, high: float | None, unit: str | None,
                text: str | None = None) -> str:
    if value is None:
        return text or ""
    val = _fmt(value) if high is None else f"{_fmt(value)}–{_fmt(high)}"
    return f"{COMPARATOR_SYMBOL.get(comparator or '', '')}{val} {unit or ''}".strip()


def _convert(value: float | None, unit: str | None, to_unit: str | None, units: dict[str, dict]) -> float | None:
    """A figure in another unit of the same base unit (万亿元 -> 亿元); None when not convertible."""
    if value is None:
        return None
    if unit == to_unit:
        return value
    a, b = units.get(unit or ""), units.get(to_unit or "")
    if not a or not b or a["base_unit"] != b["base_unit"] or not b["factor"]:
        return None
    return value * a["factor"] / b["factor"]


def _layout(title_y: str, *, x_title: str, categorical_y: bool = False, height: int = 340) -> dict:
    axis = dict(gridcolor="#eee", zeroline=False, automargin=True, separatethousands=True)
    layout = dict(
        height=height, margin=dict(l=60, r=20, t=20, b=50), showlegend=True,
        legend=dict(orientation="h", y=-0.22, x=0), hovermode="closest",
        font=dict(family='system-ui, "Noto Sans CJK SC", sans-serif', size=12),
        plot_bgcolor="white",
        xaxis=dict(axis, title=dict(text=x_title)),
        yaxis=dict(axis, title=dict(text=title_y)),
    )
    if categorical_y:
        layout["yaxis"].update(type="category", autorange="reversed", title=dict(text=""))
        layout["xaxis"].update(title=dict(text=title_y))
    return layout


def region_chart(chart_id: str, indicator: dict, metric: str, outcomes: list[dict], targets: list[dict],
                 units: dict[str, dict]) -> dict | None:
    """One indicator x metric of a region over the years: outcomes (line, values labelled) and
    targets (diamonds labelled `target ≥6 %`, a bar for a range), all in the unit of the latest
    figure; each point's customdata is the anchor of its evidence sentence."""
    figures = sorted(outcomes, key=lambda r: r["year"])
    unit = (figures[-1]["unit"] if figures else None) or (targets[-1]["target_unit"] if targets else None)
    evidence, xs, ys, labels, anchors, hovers = [], [], [], [], [], []
    for r in figures:
        v = _convert(r["value"], r["unit"], unit, units)
        if v is None:
            continue
        anchor = f"{chart_id}-o{r['year']}"
        xs.append(r["year"])
        ys.append(v)
        labels.append(_fmt(round(v, 4)))
        anchors.append([f"{anchor}"])
        hovers.append(f"{r['year']}: {_fmt(r['value'])} {r['unit'] or ''} ({r['status']}, report {r['report_id']})")
        evidence.append(dict(anchor=anchor, label=f"{r['year']} {r['status']} {_fmt(r['value'])} {r['unit'] or ''}",
                             sentence=r["evidence"] or "", report_id=r["report_id"]))
    tx, ty, tlabels, tanchors, thovers, err_plus = [], [], [], [], [], []
    for t in sorted(targets, key=lambda r: r["year"]):
        v = _convert(t["target_value"], t["target_unit"], unit, units)
        if v is None:
            continue
        high = _convert(t["target_value_high"], t["target_unit"], unit, units)
        anchor = f"{chart_id}-t{t['year']}"
        text = target_text(t["target_comparator"], t["target_value"], t["target_value_high"], t["target_unit"])
        tx.append(t["year"])
        ty.append(v)
        tlabels.append(f"target {text}")
        tanchors.append([anchor])
        thovers.append(f"{t['year']} target: {text} (report {t['target_report_id']})")
        err_plus.append((high - v) if high is not None else 0)
        evidence.append(dict(anchor=anchor, label=f"{t['year']} target {text}", sentence=t["target_evidence"] or "",
                             report_id=t["target_report_id"]))
    if not xs and not tx:
        return None
    data = []
    if xs:
        data.append(dict(type="scatter", mode="lines+markers+text", name="outcome 实际", x=xs, y=ys, text=labels,
                         textposition="top center", customdata=anchors, hovertext=hovers, hoverinfo="text",
                         line=dict(color=OUTCOME_COLOR, width=2), marker=dict(size=8, color=OUTCOME_COLOR),
                         cliponaxis=False, textfont=dict(size=11, color=OUTCOME_COLOR)))
    if tx:
        trace = dict(type="scatter", mode="markers+text", name="target 目标", x=tx, y=ty, text=tlabels,
                     textposition="bottom center", customdata=tanchors, hovertext=thovers, hoverinfo="text",
                     marker=TARGET_MARKER,
                     cliponaxis=False, textfont=dict(size=11, color="#8a4b00"))
        if any(err_plus):
            trace["error_y"] = dict(type="data", symmetric=False, array=err_plus, arrayminus=[0] * len(err_plus),
                                    color=TARGET_COLOR, thickness=3, width=0)
        data.append(trace)
    years = sorted(set(xs) | set(tx))
    layout = _layout(unit_label(unit, units), x_title="year 年份")
    layout["xaxis"].update(tickmode="linear", dtick=1, tickformat="d", range=[years[0] - 0.5, years[-1] + 0.5])
    values = ys + ty + [v + e for v, e in zip(ty, err_plus, strict=True)]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.25 or abs(hi) * 0.25 or 1
    if unit in ("%", "％", "个百分点"):
        pad = max(pad, 0.5)  # rates: ticks at least half a point apart (4.5, 5, 5.5), never 5.05
    bottom = 0 if metric == "value" and lo >= 0 else lo - pad
    layout["yaxis"].update(range=[bottom, hi + pad], nticks=6, tickformat=",~r")
    return _chart(chart_id, indicator, metric, unit_label(unit, units), data, layout, evidence)


def cross_region_chart(chart_id: str, indicator: dict, metric: str, rows: list[dict], year: int,
                       units: dict[str, dict]) -> dict | None:
    """Regions side by side: each region's target for `year` (diamond, labelled) and its result for
    the year before (dot), one row per region, sorted by target; rates only (levels of regions of
    different sizes do not share an axis)."""
    rows = [r for r in rows if r["target_value"] is not None or r["prev_result_value"] is not None]
    if sum(1 for r in rows if r["target_value"] is not None) < 2:
        return None
    unit = next((r["target_unit"] for r in rows if r["target_unit"]), None) or next(
        (r["prev_result_unit"] for r in rows if r["prev_result_unit"]), None)
    if len(rows) < 2 or unit is None:
        return None
    rows = sorted(rows, key=lambda r: (-(r["target_value"] if r["target_value"] is not None else -1e18), r["region_code"]))
    names = [f"{r['region_name_en'] or r['region_code']} {r['region_name']}"
             + (f" ({year - 1}: {_fmt(r['prev_result_value'])})" if r["prev_result_value"] is not None else "")
             for r in rows]
    evidence, data = [], []
    tx, ty, tl, ta, rx, ry, rl, ra = [], [], [], [], [], [], [], []
    for r, name in zip(rows, names, strict=True):
        t = _convert(r["target_value"], r["target_unit"], unit, units)
        if t is not None:
            text = target_text(r["target_comparator"], r["target_value"], r["target_value_high"], r["target_unit"])
            anchor = f"{chart_id}-t{r['region_code']}"
            tx.append(t)
            ty.append(name)
            tl.append(text)
            ta.append([anchor])
            evidence.append(dict(anchor=anchor, label=f"{r['region_name']} {year} target {text}",
                                 sentence=r["target_evidence"] or "", report_id=r["report_id"]))
        v = _convert(r["prev_result_value"], r["prev_result_unit"], unit, units)
        if v is not None:
            anchor = f"{chart_id}-r{r['region_code']}"
            rx.append(v)
            ry.append(name)
            rl.append(_fmt(r["prev_result_value"]))
            ra.append([anchor])
            evidence.append(dict(anchor=anchor, label=f"{r['region_name']} {year - 1} result {_fmt(r['prev_result_value'])} {r['prev_result_unit'] or ''}",
                                 sentence=r["result_evidence"] or "", report_id=r["report_id"]))
    if rx:
        data.append(dict(type="scatter", mode="markers", name=f"{year - 1} result 实际", x=rx, y=ry, text=rl,
                         customdata=ra, marker=dict(size=9, color=OUTCOME_COLOR),
                         hovertemplate="%{y}: %{x} " + unit + f" ({year - 1})<extra></extra>"))
    if tx:
        data.append(dict(type="scatter", mode="markers+text", name=f"{year} target 目标", x=tx, y=ty, text=tl,
                         textposition="middle right", customdata=ta,
                         marker=TARGET_MARKER,
                         cliponaxis=False, textfont=dict(size=10, color="#8a4b00"),
                         hovertemplate="%{y}: target %{text}<extra></extra>"))
    values = tx + rx
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.3 or 1
    layout = _layout(unit_label(unit, units), x_title="", categorical_y=True, height=max(320, 26 * len(rows) + 110))
    layout["xaxis"].update(range=[lo - pad, hi + pad], nticks=8, tickformat=",~r")
    layout["margin"].update(l=20, t=10)
    return _chart(chart_id, indicator, metric, unit_label(unit, units), data, layout, evidence,
                  title_tail=f": {year} target vs {year - 1} result")


def _chart(chart_id: str, indicator: dict, metric: str, unit_text: str, data: list[dict], layout: dict,
           evidence: list[dict], title_tail: str = "") -> dict:
    """The chart as the template draws it: id, Chinese and English titles (indicator, metric, unit),
    the plotly.js spec as JSON, its height and the evidence list under it."""
    metric_label = METRIC_LABEL.get(metric, metric)
    return dict(
        id=chart_id,
        title_zh=f"{indicator['name_zh']} · {metric_label.split(' ')[-1]}",
        title_en=f"{indicator['name_en']} — {metric_label.split(' ')[0]}, {unit_text}{title_tail}",
        spec=_json(dict(data=data, layout=layout)),
        height=layout["height"],
        evidence=evidence,
    )


def render_site(marts_path: Path, out_dir: Path) -> list[Path]:
    """Write ``out_dir/index.html``, ``out_dir/<region_code>.html`` for every region with at least
    one report, ``out_dir/cross-region-<year>.html`` for every target year of cross_region_targets,
    and ``out_dir/assets/plotly.min.js``; return the pages written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    env = _env()
    con = duckdb.connect(str(marts_path), read_only=True)
    try:
        regions = _rows(con, "SELECT * FROM dim_regions WHERE n_reports > 0 ORDER BY region_code")
        indicators = {r["indicator_code"]: r for r in _rows(con, "SELECT * FROM dim_indicators")}
        units = {r["unit"]: r for r in _rows(con, "SELECT * FROM dim_units")}
        panel = _rows(con, "SELECT * FROM indicator_panel ORDER BY region_code, indicator_code, metric, year")
        tva = _rows(con, "SELECT * FROM target_vs_actual ORDER BY region_code, year DESC, indicator_code, metric")
        yoy = _rows(
            con,
            "SELECT * FROM indicator_yoy WHERE growth_check IN ('disagrees', 'within_tolerance', 'real_vs_nominal', 'same_scope') "
            "ORDER BY region_code, year DESC, indicator_code",
        )
        reports = _rows(con, "SELECT * FROM dim_reports ORDER BY region_code, report_year")
        cross = _rows(con, "SELECT * FROM cross_region_targets ORDER BY target_year, indicator_code, metric, region_code")
    finally:
        con.close()
    write_plotly_js(out_dir)
    charted = [c for c, i in indicators.items() if i.get("site_chart")]
    order = {c: n for n, c in enumerate(charted)}
    name_zh = lambda c: (indicators.get(c) or {}).get("name_zh") or c  # noqa: E731
    name_en = lambda c: (indicators.get(c) or {}).get("name_en") or ""  # noqa: E731

    by_region: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for key, rows in (("panel", panel), ("tva", tva), ("yoy", yoy), ("reports", reports)):
        for r in rows:
            by_region[r["region_code"]][key].append(r)

    written = []
    for region in regions:
        data = by_region[region["region_code"]]
        outcomes, targets = defaultdict(list), defaultdict(list)
        for r in data["panel"]:
            if r["indicator_code"] in order and r["metric"] in CHART_METRICS:
                outcomes[(r["indicator_code"], r["metric"])].append(r)
        for t in data["tva"]:
            if t["indicator_code"] in order and t["metric"] in CHART_METRICS and t["target_kind"] == "numeric":
                targets[(t["indicator_code"], t["metric"])].append(t)
        keys = sorted(set(outcomes) | set(targets), key=lambda k: (order[k[0]], k[1] != "value"))
        charts = []
        for n, (code, metric) in enumerate(keys):
            chart = region_chart(f"c{n}-{code}-{metric}", indicators[code], metric, outcomes[(code, metric)],
                                 targets[(code, metric)], units)
            if chart:
                charts.append(chart)
        target_rows = []
        for t in data["tva"]:
            gap = f"{_fmt(t['gap'])} {t['gap_unit'] or ''}".strip() if t["gap"] is not None else ""
            target_rows.append(dict(
                anchor=f"t-{t['indicator_code']}-{t['metric']}-{t['year']}",
                year=t["year"], name_zh=name_zh(t["indicator_code"]), name_en=name_en(t["indicator_code"]),
                metric_label=METRIC_LABEL.get(t["metric"], t["metric"]),
                target=target_text(t["target_comparator"], t["target_value"], t["target_value_high"], t["target_unit"],
                                   t["target_text"]),
                outcome=(f"{_fmt(t['outcome_raw_value'])} {t['outcome_unit'] or ''} ({t['outcome_status']})"
                         if t["outcome_raw_value"] is not None else ""),
                verdict=t["verdict"], verdict_label=VERDICT_LABEL.get(t["verdict"], t["verdict"]),
                gap=gap, gap_sort="" if t["gap"] is None else t["gap"],
                evidence=t["target_evidence"] or t["target_text"] or "",
                target_report_id=t["target_report_id"], outcome_report_id=t["outcome_report_id"],
            ))
        disagreements = [
            dict(
                year=d["year"], name_zh=name_zh(d["indicator_code"]), name_en=name_en(d["indicator_code"]),
                levels=f"{_fmt(d['prev_value'])} {d['prev_unit'] or ''} → {_fmt(d['value'])} {d['unit'] or ''}",
                implied=f"{d['implied_growth_pct']:.1f}%" if d["implied_growth_pct"] is not None else "",
                stated=f"{_fmt(d['stated_growth_pct'])}% {d['stated_growth_basis'] or ''}".strip(),
                check=d["growth_check"], flag=bool(d["growth_disagrees"]),
            )
            for d in data["yoy"]
        ]
        page = out_dir / f"{region['region_code']}.html"
        _write(page, env.get_template("region.html").render(
            title=f"{region['full_name'] or region['name']} {region.get('full_name_en') or ''} — indicators",
            region=region, reports=data["reports"], charts=charts, targets=target_rows, disagreements=disagreements,
        ))
        written.append(page)

    years = sorted({r["target_year"] for r in cross})
    for year in years:
        rows = [r for r in cross if r["target_year"] == year and r["indicator_code"] in order]
        groups = defaultdict(list)
        for r in rows:
            groups[(r["indicator_code"], r["metric"])].append(r)
        charts = []
        for n, (code, metric) in enumerate(sorted(groups, key=lambda k: (order[k[0]], k[1]))):
            if metric not in ("growth_pct", "change_pp"):
                continue
            chart = cross_region_chart(f"x{n}-{code}-{metric}", indicators[code], metric, groups[(code, metric)], year, units)
            if chart:
                charts.append(chart)
        table = [
            dict(
                anchor=f"r-{r['region_code']}-{r['indicator_code']}-{r['metric']}",
                region_code=r["region_code"], region_name=r["region_name"] or r["region_code"],
                region_name_en=r["region_name_en"] or "", name_zh=name_zh(r["indicator_code"]),
                name_en=name_en(r["indicator_code"]), metric_label=METRIC_LABEL.get(r["metric"], r["metric"]),
                target=target_text(r["target_comparator"], r["target_value"], r["target_value_high"], r["target_unit"],
                                   r["target_text"]),
                target_sort="" if r["target_value"] is None else r["target_value"],
                result=f"{_fmt(r['prev_result_value'])} {r['prev_result_unit'] or ''}".strip(),
                result_sort="" if r["prev_result_value"] is None else r["prev_result_value"],
                diff=(f"{_fmt(r['target_minus_result'])} {r['target_minus_result_unit'] or ''}".strip()
                      if r["target_minus_result"] is not None else ""),
                diff_sort="" if r["target_minus_result"] is None else r["target_minus_result"],
                target_evidence=r["target_evidence"] or "", result_evidence=r["result_evidence"] or "",
            )
            for r in sorted(rows, key=lambda r: (order[r["indicator_code"]], r["metric"], r["region_code"]))
        ]
        page = out_dir / f"cross-region-{year}.html"
        _write(page, env.get_template("cross_region.html").render(
            title=f"{year} targets beside {year - 1} results — regions side by side", year=year,
            n_regions=len({r["region_code"] for r in rows}), charts=charts, rows=table,
        ))
        written.append(page)

    index = out_dir / "index.html"
    _write(index, env.get_template("index.html").render(title="Regions", regions=regions, years=years))
    written.append(index)
    return written
