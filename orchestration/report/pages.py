"""The page frame (navigation, details panel, legend) and the chart pages: the index of areas,
one page per area (its cards), the indicators and one page per indicator across areas.

Every page is self-contained (inline CSS, inline SVG charts, a few lines of inline
script for the details panel) and works offline. All text from the warehouse is
escaped; provenance for the details panel travels as JSON inside a
`<script type="application/json">` block with `<`, `>` and `&` escaped.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from html import escape

from orchestration.report import data as report_data
from orchestration.report.cards import Card, doc_label, provenance_entry, region_cards, status_badge, tooltip
from orchestration.report.format import (
    STATUS_LABEL,
    change_between,
    format_value,
    format_with_comparator,
)
from orchestration.report.static import CSS, JS
from orchestration.report.svg import (
    CORRECTED_COLOUR,
    SERIES_COLOUR,
    STATUS_COLOUR,
    AreaLine,
    ChartPoint,
    render_area_chart,
)


def region_page_name(code: str) -> str:
    return f"region-{''.join(ch for ch in code if ch.isalnum())}.html"


def indicator_page_name(code: str) -> str:
    return f"indicator-{''.join(ch for ch in code if ch.isalnum() or ch == '_')}.html"


def json_for_script(obj) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` can close or open a tag."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# ---------------------------------------------------------------- page frame


NAV = (
    ("index.html", "Areas 地区"),
    ("indicators.html", "Indicators 指标"),
    ("review.html", "Review 审核"),
    ("targets.html", "Targets 目标"),
    ("revisions.html", "Revisions 修订"),
    ("quarantine.html", "Quarantine 隔离"),
    ("documents.html", "Documents 文件"),
)


def page(title: str, body: str, current: str, provenance: dict | None = None) -> str:
    current_attr = ' aria-current="page"'
    nav = "".join(
        f'<a href="{href}"{current_attr if href == current else ""}>{escape(label)}</a>'
        for href, label in NAV
    )
    details = ""
    if provenance is not None:
        details = (
            '<aside id="details" hidden aria-live="polite"><button class="close" type="button" '
            'aria-label="close">×</button><h4 data-f="heading"></h4><dl>'
            '<dt class="label">value 数值</dt><dd class="row" data-f="value"></dd>'
            '<dt class="label">kind 类型</dt><dd class="row" data-f="kind"></dd>'
            '<dt class="label">derived 推算</dt><dd class="row" data-f="derivation"></dd>'
            '<dt class="label">document 文件</dt><dd class="row" data-f="document"></dd>'
            '<dt class="label">published 发布</dt><dd class="row" data-f="published"></dd>'
            '<dt class="label">publisher 机构</dt><dd class="row" data-f="publisher"></dd>'
            '<dt class="label">sentence 原文</dt><dd class="row" data-f="evidence"></dd>'
            '<dt class="label">source 来源</dt><dd class="row"><a class="source" hidden '
            'rel="noopener noreferrer"><span data-f="source"></span></a></dd>'
            '<dt class="label">rule 规则</dt><dd class="row" data-f="rule"></dd>'
            '<dt class="label">correction 更正</dt><dd class="row" data-f="correction"></dd>'
            "</dl></aside>"
            f'<script type="application/json" id="provenance">{json_for_script(provenance)}</script>'
            f"<script>{JS}</script>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · bureau-indicators</title><style>{CSS}</style></head><body>"
        f'<header class="site"><a class="brand" href="index.html">bureau-indicators 指标报告</a>'
        f"<nav>{nav}</nav></header><main>{body}"
        f"<footer>Generated {escape(datetime.now().strftime('%Y-%m-%d %H:%M'))} from the warehouse marts. "
        "Offline, self-contained page.</footer></main>"
        f"{details}</body></html>\n"
    )


def legend() -> str:
    def sw(shape: str) -> str:
        return f'<svg width="22" height="14" viewBox="0 0 22 14" aria-hidden="true">{shape}</svg>'

    items = [
        (
            sw(
                f'<circle cx="11" cy="7" r="4.5" fill="{SERIES_COLOUR}" stroke="{SERIES_COLOUR}" stroke-width="2"/>'
            ),
            "actual 实际",
        ),
        (
            sw(f'<circle cx="11" cy="7" r="4.5" fill="#fff" stroke="{SERIES_COLOUR}" stroke-width="2"/>'),
            "estimate 预计",
        ),
        (
            sw(
                f'<line x1="0" y1="7" x2="22" y2="7" stroke="{SERIES_COLOUR}" stroke-width="2" stroke-dasharray="5 4"/>'
                f'<circle cx="11" cy="7" r="4.5" fill="#bfdbfe" stroke="{SERIES_COLOUR}" stroke-width="2" stroke-dasharray="2.5 1.8"/>'
            ),
            "derived 推算 (dashed)",
        ),
        (sw('<circle cx="11" cy="7" r="3" fill="#9ca3af"/>'), "other document 其他文件"),
        (
            sw(
                f'<circle cx="11" cy="7" r="4.5" fill="{SERIES_COLOUR}"/>'
                f'<circle cx="11" cy="7" r="6.5" fill="none" stroke="{CORRECTED_COLOUR}" stroke-width="1.5"/>'
            ),
            "corrected 已更正",
        ),
    ]
    for status, colour in STATUS_COLOUR.items():
        items.append(
            (
                sw(f'<polygon points="11,1 17,7 11,13 5,7" fill="{colour}" stroke="#1f2937"/>'),
                f"target {STATUS_LABEL[status]}",
            )
        )
    inner = "".join(f"<span>{s} {escape(label)}</span>" for s, label in items)
    return f'<div class="legend">{inner}<span class="muted">Hover a point for its source; click for details.</span></div>'


# ---------------------------------------------------------------- area pages


def region_title(r: dict) -> str:
    return f"{r.get('name') or r['region_code']} ({r['region_code']})"


def render_region(code: str, data: report_data.ReportData) -> tuple[str, list[Card]]:
    r = data.regions[code]
    prov: dict = {}
    cards = region_cards(code, data, prov)
    docs = {o["document_id"] for o in data.observations if o["region_code"] == code}
    targets = Counter(t["status"] for t in data.targets if t["region_code"] == code)
    n_obs = sum(1 for o in data.observations if o["region_code"] == code)
    stats = (
        f'<div class="summary"><div class="stat"><b>{len(cards)}</b>indicators 指标</div>'
        f'<div class="stat"><b>{n_obs}</b>observations 观测值</div>'
        f'<div class="stat"><b>{len(docs)}</b>documents 文件</div>'
        f'<div class="stat"><b>{sum(targets.values())}</b>targets 目标 '
        + " ".join(status_badge(s) + f" {n}" for s, n in sorted(targets.items()))
        + "</div></div>"
    )
    body = (
        f'<h1>{escape(r.get("name") or code)} <span class="en">{escape(code)} · '
        f"{escape(r.get('level') or '')}</span></h1>"
        '<p class="lead">One card per indicator: the latest value with its unit and comparator, '
        "and the values by year. 每个指标一张卡片：最新值及历年走势。</p>"
        f"{stats}{legend()}"
        + (
            f'<section class="cards">{"".join(c.html for c in cards)}</section>'
            if cards
            else '<div class="empty-state">No indicator observations for this area.</div>'
        )
    )
    return page(region_title(r), body, "", prov), cards


def render_index(data: report_data.ReportData, codes: list[str], cards_per_region: dict[str, int]) -> str:
    rows = []
    for code in codes:
        r = data.regions[code]
        obs = [o for o in data.observations if o["region_code"] == code]
        years = [o["period_year"] for o in obs if o["period_year"] is not None]
        docs = {o["document_id"] for o in obs}
        targets = Counter(t["status"] for t in data.targets if t["region_code"] == code)
        rows.append(
            f'<tr><td><a href="{region_page_name(code)}">{escape(r.get("name") or code)}</a></td>'
            f"<td>{escape(code)}</td><td>{escape(r.get('level') or '')}</td>"
            f'<td class="num">{cards_per_region.get(code, 0)}</td><td class="num">{len(obs)}</td>'
            f'<td class="num">{len(docs)}</td>'
            f"<td>{escape(f'{min(years)}–{max(years)}' if years else '')}</td>"
            f"<td>{' '.join(status_badge(s) + f' {n}' for s, n in sorted(targets.items()))}</td></tr>"
        )
    stats = (
        f'<div class="summary"><div class="stat"><b>{len(codes)}</b>areas 地区</div>'
        f'<div class="stat"><b>{len(data.observations)}</b>observations 观测值</div>'
        f'<div class="stat"><b>{len(data.documents)}</b>documents 文件</div>'
        f'<div class="stat"><b>{len(data.targets)}</b>targets 目标</div>'
        f'<div class="stat"><b>{len(data.quarantine)}</b>quarantined 隔离</div></div>'
    )
    table = data_table(
        "<th>area 地区</th><th>code 代码</th><th>level</th>"
        "<th>indicators</th><th>observations</th><th>documents</th><th>years</th><th>targets</th>",
        "".join(rows),
        "The warehouse has no indicator observations yet.",
    )
    body = (
        '<h1>Indicator report <span class="en">指标报告</span></h1>'
        '<p class="lead">Numbers stated in government bureau reports, by area, with the sentence each '
        "comes from. 各地区政府部门报告中的指标数据及其出处。</p>"
        f"{stats}<h2>Areas 地区</h2>{table}"
    )
    return page("Indicator report", body, "index.html")


def data_table(head: str, rows: str, empty: str) -> str:
    """A `data` table with header cells `head` and body rows `rows` (HTML), or, with no rows, an
    empty state that says `empty` (HTML), so no page shows a table of headers only."""
    if not rows:
        return f'<div class="empty-state">{empty}</div>'
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def indicator_cell(data, code: str) -> str:
    ind = data.indicators.get(code) or {}
    return (
        f'{escape(ind.get("name_zh") or code)}<br><span class="muted small">'
        f"{escape(ind.get('name_en') or '')} · {escape(code)}</span>"
    )


def region_cell(data, code: str) -> str:
    r = data.regions.get(code) or {"name": code}
    return f'<a href="{region_page_name(code)}">{escape(r.get("name") or code)}</a>'


def evidence_cell(data, sentence: str | None, document_id: str | None) -> str:
    if not sentence and not document_id:
        return ""
    doc = data.documents.get(document_id) if document_id else None
    return (
        f'<div class="evidence">“{escape(sentence or "")}”</div>'
        f'<div class="muted small">{escape(doc_label(doc))}'
        f"{escape(' · ' + str(doc['published_date'])) if doc and doc.get('published_date') else ''}</div>"
    )


# ---------------------------------------------------------------- cross-area pages


def series_by_indicator(data: report_data.ReportData) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for srow in data.series:
        out[srow["indicator_code"]].append(srow)
    return out


def render_indicator(code: str, rows: list[dict], data: report_data.ReportData) -> str:
    """One indicator across areas: an areas x years table of series values and a chart."""
    ind = data.indicators.get(code) or {}
    better = ind.get("better")
    obs_by_id = {o["observation_id"]: o for o in data.observations}
    units = Counter(r["unit"] for r in rows)
    unit = units.most_common(1)[0][0]
    years = sorted({r["period_year"] for r in rows})
    areas = sorted({r["region_code"] for r in rows}, key=lambda c: data.regions.get(c, {}).get("name") or c)
    cell = {(r["region_code"], r["period_year"]): r for r in rows if r["unit"] == unit}
    prov: dict = {}
    lines, body_rows = [], []
    for area in areas:
        label = (
            (data.regions.get(area) or {}).get("short_name")
            or (data.regions.get(area) or {}).get("name")
            or area
        )
        pts, tds = [], []
        for year in years:
            r = cell.get((area, year))
            if r is None:
                tds.append('<td class="num muted">–</td>')
                continue
            o = obs_by_id.get(r["observation_id"]) or r
            doc = data.documents.get(r["document_id"])
            prov[r["observation_id"]] = provenance_entry(o, doc, ind) if "measure" in o else {}
            tip = tooltip(o, doc, ind) if "measure" in o else ""
            pts.append(
                ChartPoint(
                    year=year, value=r["value"], kind=r["value_kind"], is_derived=bool(r["is_derived"]),
                    on_line=True, obs_id=r["observation_id"], tooltip=f"{label} {tip}",
                    corrected=bool(r.get("corrected")),
                )
            )  # fmt: skip
            classes = "num value" + (" estimate" if r["value_kind"] == "estimate" else "")
            classes += " corrected" if r.get("corrected") else ""
            text = format_with_comparator(r["value"], r["unit"], r["comparator"])
            tds.append(
                f'<td class="{classes}" data-obs="{escape(r["observation_id"])}" title="{escape(tip)}">'
                f"{escape(text)}{'<sup>推</sup>' if r['is_derived'] else ''}</td>"
            )
        change = ""
        stated = sorted((p for p in pts), key=lambda p: p.year)
        if len(stated) > 1:
            a, b = cell[(area, stated[-2].year)], cell[(area, stated[-1].year)]
            ch = change_between(
                b["value"], a["value"], unit, a["period_year"], b["comparator"], a["comparator"], better
            )
            change = f'<span class="{ch.css}" data-kind="{ch.kind}">{escape(ch.text)}</span>'
        lines.append(AreaLine(label, tuple(pts)))
        body_rows.append(
            f'<tr><td>{region_cell(data, area)}<br><span class="muted small">{escape(area)}</span></td>'
            f"{''.join(tds)}<td>{change}</td></tr>"
        )
    name = ind.get("name_zh") or code
    chart = render_area_chart(lines, unit, title=f"{name} by area")
    other_units = [u for u in units if u != unit]
    note = (
        f'<p class="muted small">Values in other units ({escape(", ".join(map(str, other_units)))}) are not '
        "shown: see the review page.</p>"
        if other_units
        else ""
    )
    table = (
        '<table class="data"><thead><tr><th>area 地区</th>'
        + "".join(f'<th class="num">{y}</th>' for y in years)
        + f"<th>latest change 最新变化</th></tr></thead><tbody>{''.join(body_rows)}</tbody></table>"
    )
    direction = {"higher": "higher is better 越高越好", "lower": "lower is better 越低越好"}.get(
        better or "", "no better direction in the catalog: changes are not coloured"
    )
    body = (
        f'<h1>{escape(name)} <span class="en">{escape(ind.get("name_en") or "")} · {escape(code)}</span></h1>'
        '<p class="lead">The series value of each area and year (actual over estimate over derived; '
        "estimates in italics, derived values marked 推, corrected values with a purple edge). "
        f"Unit: {escape(format_value(1, unit).replace('1', '', 1).strip() or str(unit))}; {escape(direction)}.</p>"
        f"{chart}{note}{table}"
    )
    return page(f"{name} by area", body, "indicators.html", prov)


def render_indicators(data: report_data.ReportData, by_indicator: dict[str, list[dict]]) -> str:
    rows = []
    for code in sorted(by_indicator, key=lambda c: (not (data.indicators.get(c) or {}).get("is_core"), c)):
        srows = by_indicator[code]
        years = [r["period_year"] for r in srows]
        ind = data.indicators.get(code) or {}
        rows.append(
            f'<tr><td><a href="{indicator_page_name(code)}">{escape(ind.get("name_zh") or code)}</a><br>'
            f'<span class="muted small">{escape(ind.get("name_en") or "")} · {escape(code)}</span></td>'
            f'<td class="num">{len({r["region_code"] for r in srows})}</td>'
            f"<td>{min(years)}–{max(years)}</td><td>{escape(ind.get('better') or '')}</td></tr>"
        )
    table = data_table(
        "<th>indicator 指标</th><th>areas</th><th>years</th><th>better</th>",
        "".join(rows),
        "No series values yet.",
    )
    body = (
        '<h1>Indicators across areas <span class="en">指标地区对比</span></h1>'
        '<p class="lead">One page per indicator: every area\'s series by year, in a table and a chart.</p>'
        f"{table}"
    )
    return page("Indicators", body, "indicators.html")
