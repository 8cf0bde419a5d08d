"""Inline SVG line charts for indicator cards: pure functions of their points.

A chart shows one indicator in one area over the years, in one measure:

* the series line joins the chosen value of each year (indicator_series);
  a segment touching a derived value is dashed;
* actual values are filled dots, estimates hollow dots, derived values have a
  dashed outline; other documents' statements for the same year are small grey dots;
* targets are diamonds coloured by their status (met / missed / pending / undetermined).

Every marker carries its provenance as an SVG `<title>` (hover) and a
`data-obs` key that the page's script resolves to the details panel (click).
All text goes through `html.escape`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from orchestration.report.format import Scale, format_number, nice_ticks, unit_scale

SERIES_COLOUR = "#2563eb"
OTHER_COLOUR = "#9ca3af"
CORRECTED_COLOUR = "#7c3aed"
# one colour per area on a cross-area chart (identity, not good/bad)
AREA_COLOURS = ("#2563eb", "#ea580c", "#0d9488", "#9333ea", "#ca8a04", "#db2777", "#4b5563", "#65a30d")
STATUS_COLOUR = {
    "met": "#16a34a",
    "missed": "#dc2626",
    "pending": "#d97706",
    "undetermined": "#6b7280",
}


@dataclass(frozen=True)
class ChartPoint:
    year: int
    value: float
    kind: str  # actual | estimate | target
    is_derived: bool = False
    on_line: bool = False  # the series value of its year
    status: str | None = None  # targets: met | missed | pending | undetermined
    obs_id: str = ""
    tooltip: str = ""
    corrected: bool = False  # an analyst's correction changed it: ringed


@dataclass(frozen=True)
class Layout:
    width: int = 360
    height: int = 190
    left: int = 56
    right: int = 14
    top: int = 22
    bottom: int = 26


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def y_domain(values: list[float], include_zero: bool) -> tuple[float, float, list[float]]:
    lo, hi = min(values), max(values)
    if include_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if lo == hi:
        pad = abs(hi) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    else:
        pad = (hi - lo) * 0.08
        lo = lo if (include_zero and lo == 0) else lo - pad
        hi = hi + pad
    ticks = nice_ticks(lo, hi, 4)
    return ticks[0], ticks[-1], ticks


def x_years(years: list[int]) -> tuple[float, float]:
    lo, hi = min(years), max(years)
    if lo == hi:
        return lo - 1, hi + 1
    return lo - 0.35, hi + 0.35


def _axes(lay, w, h, ph, scale, ticks, years, sx, sy, *, max_year_labels: int) -> list[str]:  # noqa: ANN001
    """The unit label, y grid with tick labels, year labels (at most about `max_year_labels`,
    the last always) and the x axis: the frame both chart kinds draw their lines on."""
    parts = []
    if scale.label:
        parts.append(
            f'<text class="axis-unit" x="{lay.left - 6}" y="12" text-anchor="end">{escape(scale.label)}</text>'
        )
    for t in ticks:
        y = sy(t * scale.factor)
        parts.append(
            f'<line class="grid" x1="{lay.left}" x2="{w - lay.right}" y1="{_fmt(y)}" y2="{_fmt(y)}"/>'
            f'<text class="tick" x="{lay.left - 6}" y="{_fmt(y + 3.5)}" text-anchor="end">'
            f"{escape(format_number(t, 2))}</text>"
        )
    step = max(1, -(-len(years) // max_year_labels))
    for i, yr in enumerate(years):
        if i % step and yr != years[-1]:
            continue
        parts.append(f'<text class="tick" x="{_fmt(sx(yr))}" y="{h - 8}" text-anchor="middle">{yr}</text>')
    parts.append(
        f'<line class="axis" x1="{lay.left}" x2="{w - lay.right}" y1="{lay.top + ph}" y2="{lay.top + ph}"/>'
    )
    return parts


def _marker(p: ChartPoint, x: float, y: float) -> str:
    label = escape(p.tooltip)
    attrs = f'class="pt pt-{escape(p.kind)}" tabindex="0" role="button" data-obs="{escape(p.obs_id)}"'
    if p.kind == "target":
        colour = STATUS_COLOUR.get(p.status or "", STATUS_COLOUR["undetermined"])
        s = 6.5
        pts = (
            f"{_fmt(x)},{_fmt(y - s)} {_fmt(x + s)},{_fmt(y)} {_fmt(x)},{_fmt(y + s)} {_fmt(x - s)},{_fmt(y)}"
        )
        shape = (
            f'<polygon class="target status-{escape(p.status or "undetermined")}" points="{pts}" '
            f'fill="{colour}" stroke="#1f2937" stroke-width="1"/>'
        )
    elif not p.on_line:
        shape = (
            f'<circle class="other" cx="{_fmt(x)}" cy="{_fmt(y)}" r="3" fill="{OTHER_COLOUR}" '
            f'stroke="#fff" stroke-width="1"/>'
        )
    else:
        hollow = p.kind == "estimate"
        fill = "#ffffff" if hollow else (SERIES_COLOUR if not p.is_derived else "#bfdbfe")
        dash = ' stroke-dasharray="2.5 1.8"' if p.is_derived else ""
        cls = "estimate" if hollow else "actual"
        cls += " derived" if p.is_derived else ""
        shape = (
            f'<circle class="{cls}" cx="{_fmt(x)}" cy="{_fmt(y)}" r="4.5" fill="{fill}" '
            f'stroke="{SERIES_COLOUR}" stroke-width="2"{dash}/>'
        )
    if p.corrected:
        attrs = attrs.replace('class="pt ', 'class="pt corrected ', 1)
        shape += (
            f'<circle class="corrected-ring" cx="{_fmt(x)}" cy="{_fmt(y)}" r="7.5" fill="none" '
            f'stroke="{CORRECTED_COLOUR}" stroke-width="1.5"/>'
        )
    # a larger transparent hit area makes small markers easy to hover and click
    hit = f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="9" fill="transparent"/>'
    return f"<g {attrs}><title>{label}</title>{hit}{shape}</g>"


def render_chart(
    points: list[ChartPoint],
    unit: str | None,
    measure: str = "level",
    title: str = "",
    layout: Layout | None = None,
) -> str:
    """One `<svg>` element: axes, series line, markers. Empty input gives an empty-state chart."""
    lay = layout or Layout()
    w, h = lay.width, lay.height
    head = (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        f'role="img" aria-label="{escape(title)}" preserveAspectRatio="xMidYMid meet">'
    )
    if not points:
        return (
            f'{head}<text x="{w / 2}" y="{h / 2}" text-anchor="middle" class="empty">'
            "no values 无数据</text></svg>"
        )
    values = [p.value for p in points]
    include_zero = measure == "level" and unit in ("CNY", "count", "tonne") and min(values) >= 0
    scale: Scale = unit_scale(unit, max(abs(v) for v in values)) if measure == "level" else Scale(1.0, "%")
    if measure == "pp_change":
        scale = Scale(1.0, "pp")
    if measure == "rank_change":
        scale = Scale(1.0, "位")
    y0, y1, ticks = y_domain([v / scale.factor for v in values], include_zero)
    years = sorted({p.year for p in points})
    x0, x1 = x_years(years)
    pw, ph = w - lay.left - lay.right, h - lay.top - lay.bottom
    invert = unit == "rank" and measure == "level"  # rank 1 at the top

    def sx(year: float) -> float:
        return lay.left + (year - x0) / (x1 - x0) * pw

    def sy(v: float) -> float:
        frac = (v / scale.factor - y0) / ((y1 - y0) or 1.0)
        if invert:
            frac = 1 - frac
        return lay.top + (1 - frac) * ph

    parts = [head, *_axes(lay, w, h, ph, scale, ticks, years, sx, sy, max_year_labels=7)]
    line = sorted((p for p in points if p.on_line and p.kind != "target"), key=lambda p: p.year)
    for a, b in zip(line, line[1:], strict=False):
        derived = a.is_derived or b.is_derived
        dash = ' stroke-dasharray="5 4"' if derived else ""
        cls = "seg derived" if derived else "seg"
        parts.append(
            f'<line class="{cls}" x1="{_fmt(sx(a.year))}" y1="{_fmt(sy(a.value))}" '
            f'x2="{_fmt(sx(b.year))}" y2="{_fmt(sy(b.value))}" stroke="{SERIES_COLOUR}" '
            f'stroke-width="2"{dash}/>'
        )
    # draw order: other statements, series, targets on top
    order = {False: 0, True: 1}
    for p in sorted(points, key=lambda p: (p.kind == "target", order[p.on_line], p.year)):
        parts.append(_marker(p, sx(p.year), sy(p.value)))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class AreaLine:
    """One area's series on a cross-area chart."""

    label: str
    points: tuple[ChartPoint, ...]


def render_area_chart(
    lines: list[AreaLine], unit: str | None, title: str = "", layout: Layout | None = None
) -> str:
    """One `<svg>` with a line per area (series values only) and a legend of areas.

    Area colours tell areas apart; they say nothing about good or bad.
    """
    lay = layout or Layout(width=720, height=300, right=150)
    w, h = lay.width, lay.height
    head = (
        f'<svg class="chart area-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        f'role="img" aria-label="{escape(title)}" preserveAspectRatio="xMidYMid meet">'
    )
    points = [p for line in lines for p in line.points]
    if not points:
        return f'{head}<text x="{w / 2}" y="{h / 2}" text-anchor="middle" class="empty">no values 无数据</text></svg>'
    values = [p.value for p in points]
    include_zero = unit in ("CNY", "count", "tonne") and min(values) >= 0
    scale = unit_scale(unit, max(abs(v) for v in values))
    y0, y1, ticks = y_domain([v / scale.factor for v in values], include_zero)
    years = sorted({p.year for p in points})
    x0, x1 = x_years(years)
    pw, ph = w - lay.left - lay.right, h - lay.top - lay.bottom
    invert = unit == "rank"

    def sx(year: float) -> float:
        return lay.left + (year - x0) / (x1 - x0) * pw

    def sy(v: float) -> float:
        frac = (v / scale.factor - y0) / ((y1 - y0) or 1.0)
        return lay.top + (frac if invert else 1 - frac) * ph

    parts = [head, *_axes(lay, w, h, ph, scale, ticks, years, sx, sy, max_year_labels=10)]
    for i, line in enumerate(lines):
        colour = AREA_COLOURS[i % len(AREA_COLOURS)]
        pts = sorted(line.points, key=lambda p: p.year)
        for a, b in zip(pts, pts[1:], strict=False):
            dash = ' stroke-dasharray="5 4"' if (a.is_derived or b.is_derived) else ""
            parts.append(
                f'<line class="seg" x1="{_fmt(sx(a.year))}" y1="{_fmt(sy(a.value))}" x2="{_fmt(sx(b.year))}" '
                f'y2="{_fmt(sy(b.value))}" stroke="{colour}" stroke-width="2"{dash}/>'
            )
        for p in pts:
            x, y = sx(p.year), sy(p.value)
            fill = "#ffffff" if p.kind == "estimate" else colour
            ring = (
                f'<circle class="corrected-ring" cx="{_fmt(x)}" cy="{_fmt(y)}" r="7.5" fill="none" '
                f'stroke="{CORRECTED_COLOUR}" stroke-width="1.5"/>'
                if p.corrected
                else ""
            )
            parts.append(
                f'<g class="pt pt-{escape(p.kind)}" tabindex="0" data-obs="{escape(p.obs_id)}">'
                f"<title>{escape(p.tooltip)}</title>"
                f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="9" fill="transparent"/>'
                f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
                f"{ring}</g>"
            )
        ly = lay.top + 8 + i * 18
        lx = w - lay.right + 14
        parts.append(
            f'<line x1="{lx}" x2="{lx + 18}" y1="{ly}" y2="{ly}" stroke="{colour}" stroke-width="2.5"/>'
            f'<text class="tick legend-label" x="{lx + 24}" y="{ly + 4}">{escape(line.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
