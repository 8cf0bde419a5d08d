"""Build the static HTML report: index, one page per area, targets, revisions, quarantine, documents.

Every page is self-contained (inline CSS, inline SVG charts, a few lines of inline
script for the details panel) and works offline. All text from the warehouse is
escaped; provenance for the details panel travels as JSON inside a
`<script type="application/json">` block with `<`, `>` and `&` escaped.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

from orchestration.report import data as report_data
from orchestration.report.assets_static import CSS, JS
from orchestration.report.format import (
    COMPARATOR_WORD,
    KIND_LABEL,
    MEASURE_LABEL,
    PERCENT_CHANGE_UNITS,
    STATUS_LABEL,
    Change,
    change_between,
    format_value,
    format_with_comparator,
    stated_growth,
)
from orchestration.report.svg import (
    CORRECTED_COLOUR,
    SERIES_COLOUR,
    STATUS_COLOUR,
    AreaLine,
    ChartPoint,
    render_area_chart,
    render_chart,
)

MEASURE_PREFERENCE = ("level", "yoy_pct", "share_pct", "pp_change", "rank_change")
KIND_RANK = {"actual": 0, "estimate": 1}


@dataclass
class ReportSummary:
    out_dir: Path
    index: Path
    pages: list[Path] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    cards: int = 0
    charts: int = 0
    observations: int = 0
    targets: Counter = field(default_factory=Counter)
    revisions: int = 0
    quarantined: int = 0
    documents: int = 0
    review: int = 0

    def markdown(self) -> str:
        status = ", ".join(f"{k} {v}" for k, v in sorted(self.targets.items())) or "none"
        return (
            f"| | |\n|---|---|\n| pages | {len(self.pages)} |\n| areas | {', '.join(self.regions) or '-'} |\n"
            f"| indicator cards | {self.cards} |\n| observations | {self.observations} |\n"
            f"| targets | {status} |\n| revisions | {self.revisions} |\n"
            f"| quarantined documents | {self.quarantined} |\n"
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


def corrected_badge(obs: dict) -> str:
    return f'<span class="badge corrected" title="{escape(correction_text(obs))}">corrected 已更正</span>'


def status_badge(status: str | None) -> str:
    s = status or "undetermined"
    return f'<span class="badge {escape(s)}">{escape(STATUS_LABEL.get(s, s))}</span>'


# ---------------------------------------------------------------- provenance


def doc_label(doc: dict | None) -> str:
    if not doc:
        return "(unknown document)"
    return doc.get("title") or doc.get("source_uri") or doc.get("document_id") or ""


def provenance_entry(obs: dict, doc: dict | None, indicator: dict | None) -> dict:
    name = (indicator or {}).get("name_zh") or obs["indicator_code"]
    value = format_with_comparator(obs["value"], obs["unit"], obs["comparator"], obs["measure"])
    if obs.get("value_high") is not None:
        value += f" – {format_value(obs['value_high'], obs['unit'], obs['measure'])}"
    if obs.get("reported_value") and obs.get("reported_unit"):
        value += f"  (as written: {obs['reported_value']}{obs['reported_unit']})"
    kind = KIND_LABEL.get(obs["value_kind"], obs["value_kind"])
    kind += f" · {MEASURE_LABEL.get(obs['measure'], obs['measure'])}"
    if obs["comparator"] not in (None, "="):
        kind += f" · {COMPARATOR_WORD.get(obs['comparator'], obs['comparator'])}"
    return {
        "heading": f"{name} · {obs['period_year']}",
        "value": value,
        "kind": kind,
        "derivation": obs.get("derivation") or "" if obs.get("is_derived") else "",
        "document": doc_label(doc),
        "published": str((doc or {}).get("published_date") or obs.get("published_date") or ""),
        "publisher": (doc or {}).get("publisher") or "",
        "evidence": obs.get("evidence") or "",
        "source": (doc or {}).get("source_uri") or "",
        "rule": obs.get("rule") or "",
        "correction": correction_text(obs),
    }


def correction_text(obs: dict) -> str:
    """'' for an uncorrected row; else what an analyst changed, why, who and when."""
    if not obs.get("corrected"):
        return ""
    was = []
    for col, label in (
        ("original_value", "value"),
        ("original_unit", "unit"),
        ("original_indicator_code", "indicator"),
        ("original_region_code", "area"),
        ("original_period_year", "year"),
        ("original_value_kind", "kind"),
    ):
        original, now = obs.get(col), obs.get(col.removeprefix("original_"))
        if col == "original_value" and original is not None and original != obs.get("value"):
            was.append(f"value was {format_value(original, obs.get('original_unit') or obs.get('unit'))}")
        elif col != "original_value" and original is not None and original != now:
            was.append(f"{label} was {original}")
    who = ", ".join(str(x) for x in (obs.get("corrected_by"), str(obs.get("corrected_at") or "")[:10]) if x)
    derived = " (computed from a corrected number)" if obs.get("is_derived") else ""
    return (
        f"corrected 已更正{derived}: {obs.get('correction_reason') or ''}"
        + (f"; {'; '.join(was)}" if was else "")
        + (f" ({who})" if who else "")
    )


def tooltip(obs: dict, doc: dict | None, indicator: dict | None) -> str:
    e = provenance_entry(obs, doc, indicator)
    lines = [f"{e['heading']}: {e['value']}", e["kind"]]
    if e["derivation"]:
        lines.append(f"derived: {e['derivation']}")
    if e["correction"]:
        lines.append(e["correction"])
    lines.append(f"{e['document']}" + (f" ({e['published']})" if e["published"] else ""))
    lines.append(f"“{e['evidence']}”")
    return "\n".join(lines)


# ---------------------------------------------------------------- cards


@dataclass
class Card:
    indicator_code: str
    measure: str
    unit: str | None
    points: list[ChartPoint]
    latest: dict | None
    latest_growth: Change | None
    targets: list[dict]
    html: str = ""


def _series_pick(rows: list[dict]) -> dict:
    """The series value of one year, as indicator_series chooses: actual > estimate > derived, newest."""

    def key(o):
        return (
            o["is_derived"],
            KIND_RANK.get(o["value_kind"], 9),
            -(o["published_date"].toordinal() if o.get("published_date") else 0),
            o["observation_id"],
        )

    return sorted(rows, key=key)[0]


def build_card(
    code: str,
    obs: list[dict],
    series_ids: set[str],
    yoy: dict[int, dict],
    targets: dict[tuple[int, str], dict],
    data: report_data.ReportData,
    prov: dict,
) -> Card:
    indicator = data.indicators.get(code)
    measures = {o["measure"] for o in obs}
    measure = next((m for m in MEASURE_PREFERENCE if m in measures), sorted(measures)[0])
    chosen = [o for o in obs if o["measure"] == measure]
    unit = Counter(o["unit"] for o in chosen).most_common(1)[0][0]
    chosen = [o for o in chosen if o["unit"] == unit]

    stated = [o for o in chosen if o["value_kind"] != "target"]
    on_line: set[str] = set()
    by_year: dict[int, list[dict]] = defaultdict(list)
    for o in stated:
        if o["period_year"] is not None:
            by_year[o["period_year"]].append(o)
    for _year, rows in by_year.items():
        in_series = [o for o in rows if o["observation_id"] in series_ids]
        on_line.add(
            (in_series[0] if in_series and measure == "level" else _series_pick(rows))["observation_id"]
        )

    points: list[ChartPoint] = []
    for o in chosen:
        if o["period_year"] is None:
            continue
        doc = data.documents.get(o["document_id"])
        prov[o["observation_id"]] = provenance_entry(o, doc, indicator)
        status = None
        if o["value_kind"] == "target":
            t = targets.get((o["period_year"], o["measure"]))
            status = (t or {}).get("status") or "undetermined"
        points.append(
            ChartPoint(
                year=o["period_year"],
                value=o["value"],
                kind=o["value_kind"],
                is_derived=bool(o["is_derived"]),
                on_line=o["observation_id"] in on_line,
                status=status,
                obs_id=o["observation_id"],
                tooltip=tooltip(o, doc, indicator) + (f"\nstatus: {STATUS_LABEL[status]}" if status else ""),
                corrected=bool(o.get("corrected")),
            )
        )
    line = sorted((p for p in points if p.on_line and p.kind != "target"), key=lambda p: p.year)
    latest = None
    growth: Change | None = None
    better = (indicator or {}).get("better")
    if line:
        by_id = {o["observation_id"]: o for o in chosen}
        latest = by_id[line[-1].obs_id]
        y = yoy.get(latest["period_year"]) if measure == "level" else None
        stated = y.get("reported_yoy_pct") if y else None
        if stated is None and measure == "level":
            g = [
                o
                for o in obs
                if o["measure"] == "yoy_pct"
                and o["period_year"] == latest["period_year"]
                and o["value_kind"] != "target"
            ]
            stated = g[-1]["value"] if g else None
        if measure == "level" and stated is not None and unit in PERCENT_CHANGE_UNITS:
            growth = stated_growth(stated, better)
        elif measure == "level" and len(line) > 1:
            prev = by_id[line[-2].obs_id]
            growth = change_between(
                latest["value"], prev["value"], unit, prev["period_year"],
                latest["comparator"], prev["comparator"], better,
            )  # fmt: skip
    all_targets = sorted(
        (o for o in obs if o["value_kind"] == "target"), key=lambda o: (o["period_year"] or 0, o["measure"])
    )
    card = Card(code, measure, unit, points, latest, growth, all_targets)
    card.html = render_card(card, indicator, targets, data, prov)
    return card


def render_card(card: Card, indicator: dict | None, targets: dict, data, prov: dict) -> str:
    ind = indicator or {}
    name_zh = ind.get("name_zh") or card.indicator_code
    name_en = ind.get("name_en") or ""
    measure_note = "" if card.measure == "level" else f" · {MEASURE_LABEL.get(card.measure, card.measure)}"
    if card.latest:
        o = card.latest
        big = format_with_comparator(o["value"], o["unit"], o["comparator"], o["measure"])
        doc = data.documents.get(o["document_id"])
        meta = (
            f"{o['period_year']} · {KIND_LABEL.get(o['value_kind'], o['value_kind'])}"
            + (" · derived 推算" if o["is_derived"] else "")
            + f" · {doc_label(doc)}"
        )
        g = card.latest_growth
        latest = (
            f'<div class="latest" data-obs="{escape(o["observation_id"])}" title="{escape(tooltip(o, doc, indicator))}">'
            f"{escape(big)}"
            + (f'<span class="{g.css}" data-kind="{g.kind}">{escape(g.text)}</span>' if g else "")
            + (corrected_badge(o) if o.get("corrected") else "")
            + f'</div><div class="latest-meta">{escape(meta)}</div>'
        )
    else:
        latest = (
            '<div class="latest muted">–</div><div class="latest-meta">no reported value yet 尚无实际值</div>'
        )
    target_items = []
    for t in card.targets:
        tt = targets.get((t["period_year"], t["measure"])) or {}
        status = tt.get("status") or "undetermined"
        actual = ""
        if tt.get("actual_value") is not None:
            actual = f" · actual {format_with_comparator(tt['actual_value'], tt['unit'], tt.get('actual_comparator'), t['measure'])}"
        target_items.append(
            f'<li data-obs="{escape(t["observation_id"])}">{t["period_year"]} target '
            f"{escape(format_with_comparator(t['value'], t['unit'], t['comparator'], t['measure']))}"
            f"{escape(actual)} {status_badge(status)}</li>"
        )
    targets_html = f'<ul class="targets">{"".join(target_items)}</ul>' if target_items else ""
    chart = render_chart(card.points, card.unit, card.measure, title=f"{name_zh} {name_en}")
    return (
        f'<article class="card" id="ind-{escape(card.indicator_code)}">'
        f'<h3>{escape(name_zh)}</h3><div class="en">{escape(name_en)}{escape(measure_note)}</div>'
        f'<div class="code">{escape(card.indicator_code)}</div>{latest}{chart}{targets_html}</article>'
    )


def region_cards(code: str, data: report_data.ReportData, prov: dict) -> list[Card]:
    obs = [o for o in data.observations if o["region_code"] == code]
    series_ids = {s["observation_id"] for s in data.series if s["region_code"] == code}
    by_ind: dict[str, list[dict]] = defaultdict(list)
    for o in obs:
        by_ind[o["indicator_code"]].append(o)
    cards = []
    for ind_code, rows in by_ind.items():
        yoy = {
            y["period_year"]: y
            for y in data.yoy
            if y["region_code"] == code and y["indicator_code"] == ind_code
        }
        targets = {
            (t["period_year"], t["measure"]): t
            for t in data.targets
            if t["region_code"] == code and t["indicator_code"] == ind_code
        }
        cards.append(build_card(ind_code, rows, series_ids, yoy, targets, data, prov))

    def order(c: Card):
        ind = data.indicators.get(c.indicator_code) or {}
        n_line = sum(1 for p in c.points if p.on_line)
        return (not ind.get("is_core"), -n_line, c.measure != "level", c.indicator_code)

    return sorted(cards, key=order)


# ---------------------------------------------------------------- pages


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
    table = (
        '<table class="data"><thead><tr><th>area 地区</th><th>code 代码</th><th>level</th>'
        "<th>indicators</th><th>observations</th><th>documents</th><th>years</th><th>targets</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else '<div class="empty-state">The warehouse has no indicator observations yet.</div>'
    )
    body = (
        '<h1>Indicator report <span class="en">指标报告</span></h1>'
        '<p class="lead">Numbers stated in government bureau reports, by area, with the sentence each '
        "comes from. 各地区政府部门报告中的指标数据及其出处。</p>"
        f"{stats}<h2>Areas 地区</h2>{table}"
    )
    return page("Indicator report", body, "index.html")


def _indicator_cell(data, code: str) -> str:
    ind = data.indicators.get(code) or {}
    return (
        f'{escape(ind.get("name_zh") or code)}<br><span class="muted small">'
        f"{escape(ind.get('name_en') or '')} · {escape(code)}</span>"
    )


def _region_cell(data, code: str) -> str:
    r = data.regions.get(code) or {"name": code}
    return f'<a href="{region_page_name(code)}">{escape(r.get("name") or code)}</a>'


def _evidence_cell(data, sentence: str | None, document_id: str | None) -> str:
    if not sentence and not document_id:
        return ""
    doc = data.documents.get(document_id) if document_id else None
    return (
        f'<div class="evidence">“{escape(sentence or "")}”</div>'
        f'<div class="muted small">{escape(doc_label(doc))}'
        f"{escape(' · ' + str(doc['published_date'])) if doc and doc.get('published_date') else ''}</div>"
    )


def render_targets(data: report_data.ReportData) -> str:
    counts = Counter(t["status"] for t in data.targets)
    rows = []
    for t in data.targets:
        target = format_with_comparator(t["target_value"], t["unit"], t["target_comparator"], t["measure"])
        actual = (
            format_with_comparator(t["actual_value"], t["unit"], t.get("actual_comparator"), t["measure"])
            if t.get("actual_value") is not None
            else "–"
        )
        gap = format_value(t["gap"], t["unit"], t["measure"]) if t.get("gap") is not None else ""
        rows.append(
            f"<tr><td>{status_badge(t['status'])}</td><td>{_region_cell(data, t['region_code'])}</td>"
            f"<td>{_indicator_cell(data, t['indicator_code'])}</td><td>{t['period_year']}</td>"
            f"<td>{escape(MEASURE_LABEL.get(t['measure'], t['measure']))}</td>"
            f'<td class="num">{escape(target)}</td><td class="num">{escape(actual)}</td>'
            f'<td class="num">{escape(gap)}</td>'
            f"<td>{_evidence_cell(data, t.get('target_evidence'), t.get('target_document_id'))}</td>"
            f"<td>{_evidence_cell(data, t.get('actual_evidence'), t.get('actual_document_id'))}</td></tr>"
        )
    stats = (
        '<div class="summary">'
        + "".join(
            f'<div class="stat"><b>{counts.get(s, 0)}</b>{status_badge(s)}</div>' for s in STATUS_COLOUR
        )
        + "</div>"
    )
    table = (
        '<table class="data"><thead><tr><th>status</th><th>area</th><th>indicator 指标</th><th>year</th>'
        "<th>measure</th><th>target 目标</th><th>outcome 实际</th><th>gap</th><th>target sentence</th>"
        f"<th>outcome sentence</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else '<div class="empty-state">No targets stated in the loaded reports. 暂无目标。</div>'
    )
    body = (
        '<h1>Targets and their status <span class="en">目标完成情况</span></h1>'
        '<p class="lead">Each target stated in a report (力争 / 目标 / 计划), the outcome reported later for '
        "the same year, and whether it was met. Pending: no outcome reported yet; undetermined: the "
        "comparators make it undecidable.</p>"
        f"{stats}{table}"
    )
    return page("Targets", body, "targets.html")


def render_revisions(data: report_data.ReportData) -> str:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in data.revisions:
        groups[(r["region_code"], r["indicator_code"], r["period_year"], r["measure"])].append(r)
    rows = []
    for (region, code, year, measure), vintages in groups.items():
        for i, v in enumerate(vintages):
            change = (
                format_value(v["change_from_previous"], v["unit"], "level" if measure == "level" else measure)
                if v.get("change_from_previous") is not None
                else ""
            )
            lead = (
                f'<td rowspan="{len(vintages)}">{_region_cell(data, region)}</td>'
                f'<td rowspan="{len(vintages)}">{_indicator_cell(data, code)}</td>'
                f'<td rowspan="{len(vintages)}">{year}<br><span class="muted small">'
                f"{escape(MEASURE_LABEL.get(measure, measure))}</span></td>"
                if i == 0
                else ""
            )
            rows.append(
                f'<tr>{lead}<td class="num">{v["vintage"]}</td>'
                f'<td class="num">{escape(format_with_comparator(v["value"], v["unit"], v["comparator"], measure))}</td>'
                f"<td>{escape(KIND_LABEL.get(v['value_kind'], v['value_kind']))}</td>"
                f'<td class="num">{escape(change)}</td>'
                f"<td>{_evidence_cell(data, v.get('evidence'), v.get('document_id'))}</td></tr>"
            )
    table = (
        '<table class="data"><thead><tr><th>area</th><th>indicator 指标</th><th>year</th><th>vintage</th>'
        "<th>value</th><th>kind</th><th>change 变化</th><th>sentence and document</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else '<div class="empty-state">No revisions: no number in the loaded reports is stated by more than '
        "one document. 暂无修订：没有被多份文件重复公布的数值。</div>"
    )
    body = (
        '<h1>Revisions <span class="en">数据修订</span></h1>'
        '<p class="lead">Every indicator × area × year stated by more than one document, in publication '
        "order, with the change from the previous vintage (e.g. an estimate later confirmed).</p>"
        f"{table}"
    )
    return page("Revisions", body, "revisions.html")


# ---------------------------------------------------------------- cross-area pages


def _series_by_indicator(data: report_data.ReportData) -> dict[str, list[dict]]:
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
            f'<tr><td>{_region_cell(data, area)}<br><span class="muted small">{escape(area)}</span></td>'
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
    table = (
        '<table class="data"><thead><tr><th>indicator 指标</th><th>areas</th><th>years</th>'
        f"<th>better</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else '<div class="empty-state">No series values yet.</div>'
    )
    body = (
        '<h1>Indicators across areas <span class="en">指标地区对比</span></h1>'
        '<p class="lead">One page per indicator: every area\'s series by year, in a table and a chart.</p>'
        f"{table}"
    )
    return page("Indicators", body, "indicators.html")


REVIEW_LABEL = {
    "quality_flag": "quality flag 质量标记",
    "documents_disagree": "documents disagree 文件不一致",
    "series_conflict": "conflict in one document 同一文件数值冲突",
    "flow_as_stock": "flow wording, stock indicator 增量误作存量",
    "unit_change": "unit change 单位变化",
}


def render_review(data: report_data.ReportData) -> str:
    counts = Counter(r["review_reason"] for r in data.review)
    rows = []
    for r in data.review:
        value = format_with_comparator(r["value"], r["unit"], r["comparator"], r["measure"])
        rows.append(
            f'<tr><td><span class="badge reason">{escape(REVIEW_LABEL.get(r["review_reason"], r["review_reason"]))}</span></td>'
            f"<td>{_region_cell(data, r['region_code'])}</td><td>{_indicator_cell(data, r['indicator_code'])}</td>"
            f'<td>{r["period_year"]}</td><td class="num">{escape(value)}'
            f"{corrected_badge(r) if r.get('corrected') else ''}</td>"
            f"<td>{escape(r['detail'] or '')}{_evidence_cell(data, r.get('evidence'), r.get('document_id'))}"
            f'<code class="cmd">{escape(r["suggested_command"])}</code></td></tr>'
        )
    stats = '<div class="summary">' + "".join(
        f'<div class="stat"><b>{n}</b>{escape(REVIEW_LABEL.get(k, k))}</div>' for k, n in sorted(counts.items())
    ) + "</div>"  # fmt: skip
    table = (
        '<table class="data"><thead><tr><th>why</th><th>area</th><th>indicator 指标</th><th>year</th>'
        "<th>value</th><th>detail, sentence and a command to correct it</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else '<div class="empty-state">Nothing to review. 暂无需要审核的数据。</div>'
    )
    corr_rows = "".join(
        f"<tr><td>{escape(c['correction_id'] or '')}</td><td>{escape(c['status'] or '')}</td>"
        f"<td>{escape(c['changes'] or '')}</td><td>{escape(str(c.get('indicator_code') or ''))} "
        f"{escape(str(c.get('region_code') or ''))} {escape(str(c.get('period_year') or ''))}</td>"
        f'<td>{escape(c["reason"] or "")}<div class="muted small">{escape(c.get("status_reason") or "")}</div></td>'
        f'<td>{escape(str(c.get("corrected_by") or ""))}<br><span class="muted small">'
        f"{escape(str(c.get('corrected_at') or '')[:16])}</span></td></tr>"
        for c in data.corrections
    )
    corrections = (
        '<table class="data"><thead><tr><th>id</th><th>status</th><th>changes</th><th>observation</th>'
        f"<th>reason</th><th>by</th></tr></thead><tbody>{corr_rows}</tbody></table>"
        if corr_rows
        else '<div class="empty-state">No corrections yet: run a command above (or `bureau correct`).</div>'
    )
    body = (
        '<h1>Review queue <span class="en">待审核</span></h1>'
        '<p class="lead">Rows worth a human look: two documents disagreeing, a series value chosen among '
        "different values one document states, flow wording (新增 / 新认定) on a stock indicator, a unit that "
        "changes within a series, quality flags. Each comes with a <code>bureau correct</code> line to edit "
        "and run; corrections are kept in corrections.csv and re-applied on every build.</p>"
        f"{stats}{table}<h2>Corrections 更正记录</h2>{corrections}"
    )
    return page("Review", body, "review.html")


def render_quarantine(data: report_data.ReportData) -> str:
    rows = "".join(
        f"<tr><td>{escape(str(q.get('source_uri') or ''))}</td><td>{escape(str(q.get('stage') or ''))}</td>"
        f"<td>{escape(str(q.get('reason') or ''))}</td><td>{escape(str(q.get('seen_at') or '')[:19])}</td></tr>"
        for q in data.quarantine
    )
    table = (
        '<table class="data"><thead><tr><th>source 来源</th><th>stage</th><th>reason 原因</th>'
        f"<th>seen at</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else '<div class="empty-state">No quarantined documents: every loaded document was decoded and '
        "parsed. 没有被隔离的文件。</div>"
    )
    body = (
        '<h1>Quarantined documents <span class="en">隔离文件</span></h1>'
        '<p class="lead">Documents that could not be decoded or parsed, with the reason. They are kept, '
        "not dropped; fix or replace them and load again.</p>"
        f"{table}"
    )
    return page("Quarantine", body, "quarantine.html")


def render_documents(data: report_data.ReportData) -> str:
    n_obs = Counter(o["document_id"] for o in data.observations)
    rows = []
    for d in data.documents.values():
        src = str(d.get("source_uri") or "")
        src_html = (
            f'<a href="{escape(src)}" rel="noopener noreferrer">{escape(src)}</a>'
            if src.lower().startswith(("http://", "https://"))
            else escape(src)
        )
        original = str(d.get("original_url") or "")
        if original.lower().startswith(("http://", "https://")) and original != src:
            src_html = (
                f'<a href="{escape(original)}" rel="noopener noreferrer">{escape(original)}</a>'
                f'<br><span class="muted">loaded from {src_html}</span>'
            )
        if d.get("archive_href"):
            src_html += f'<br><a href="{escape(d["archive_href"])}">archived copy 存档</a>'
        rows.append(
            f"<tr><td>{escape(d.get('title') or '')}</td><td>{escape(d.get('publisher') or '')}</td>"
            f"<td>{_region_cell(data, d['region_code']) if d.get('region_code') else ''}</td>"
            f"<td>{escape(str(d.get('covered_year') or ''))}</td>"
            f"<td>{escape(str(d.get('published_date') or ''))}</td>"
            f'<td class="num">{n_obs.get(d["document_id"], 0)}</td>'
            f'<td class="small">{src_html}<br><span class="muted">{escape(d["document_id"])}</span></td></tr>'
        )
    table = (
        '<table class="data"><thead><tr><th>title 标题</th><th>publisher 发布机构</th><th>area</th>'
        "<th>covers</th><th>published</th><th>observations</th><th>source</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else '<div class="empty-state">No documents loaded.</div>'
    )
    body = f'<h1>Documents <span class="en">文件</span></h1>{table}'
    return page("Documents", body, "documents.html")


def _write(path: Path, text: str) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def build_report(warehouse: Path, out_dir: Path, region: str | None = None) -> ReportSummary:
    """Write the report site into `out_dir` from the warehouse marts (read-only). Returns a summary.

    `region` (a GB/T 2260 code) limits the area pages, targets and revisions to that area;
    ValueError if the warehouse has no observation for it.
    """
    warehouse, out_dir = Path(warehouse), Path(out_dir)
    data = report_data.load(warehouse, region)
    if region and region not in data.regions:
        raise ValueError(f"no observations for area {region!r} in {warehouse}")
    out_dir.mkdir(parents=True, exist_ok=True)
    for d in data.documents.values():  # the archived bytes, as a link relative to the report
        if d.get("archive_path"):
            d["archive_href"] = os.path.relpath(warehouse.parent / d["archive_path"], out_dir)
    codes = sorted(data.regions)
    summary = ReportSummary(out_dir=out_dir, index=out_dir / "index.html", regions=codes)
    cards_per_region: dict[str, int] = {}
    for code in codes:
        html_text, cards = render_region(code, data)
        cards_per_region[code] = len(cards)
        summary.cards += len(cards)
        summary.charts += len(cards)
        summary.pages.append(_write(out_dir / region_page_name(code), html_text))
    summary.pages.insert(0, _write(summary.index, render_index(data, codes, cards_per_region)))
    by_indicator = _series_by_indicator(data)
    summary.pages.append(_write(out_dir / "indicators.html", render_indicators(data, by_indicator)))
    for code, rows in sorted(by_indicator.items()):
        summary.pages.append(_write(out_dir / indicator_page_name(code), render_indicator(code, rows, data)))
    summary.pages.append(_write(out_dir / "review.html", render_review(data)))
    summary.review = len(data.review)
    summary.pages.append(_write(out_dir / "targets.html", render_targets(data)))
    summary.pages.append(_write(out_dir / "revisions.html", render_revisions(data)))
    summary.pages.append(_write(out_dir / "quarantine.html", render_quarantine(data)))
    summary.pages.append(_write(out_dir / "documents.html", render_documents(data)))
    summary.observations = len(data.observations)
    summary.targets = Counter(t["status"] for t in data.targets)
    summary.revisions = len(data.revisions)
    summary.quarantined = len(data.quarantine)
    summary.documents = len(data.documents)
    return summary
