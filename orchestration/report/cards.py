"""One card per indicator and area: the latest value, its change, the values by year as a chart,
the targets; and the provenance (document, sentence, rule, correction) every point carries.

Which value of a year the chart's line joins is the marts' choice (`ReportData.line`), never
re-decided here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape

from orchestration.report import data as report_data
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
    ChartPoint,
    render_chart,
)

MEASURE_PREFERENCE = ("level", "yoy_pct", "share_pct", "pp_change", "rank_change")


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


def build_card(
    code: str,
    obs: list[dict],
    line_ids: set[str],
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

    # the line joins the values the marts chose (indicator_series for levels, the pick of
    # int_observations_ranked for other measures): the report applies no preference of its own
    on_line = {o["observation_id"] for o in chosen if o["observation_id"] in line_ids}

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
        cards.append(build_card(ind_code, rows, data.line, yoy, targets, data, prov))

    def order(c: Card):
        ind = data.indicators.get(c.indicator_code) or {}
        n_line = sum(1 for p in c.points if p.on_line)
        return (not ind.get("is_core"), -n_line, c.measure != "level", c.indicator_code)

    return sorted(cards, key=order)
