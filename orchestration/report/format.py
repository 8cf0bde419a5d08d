"""Number and label formatting for the report: pure functions, no I/O.

Money is shown the way the reports write it (亿元 for large sums, 万元 for
smaller ones); percentages with a percent sign; counts with thousands
separators. Comparators read as symbols (≥, ≈, ...).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

COMPARATOR_SYMBOL = {"=": "", ">": ">", ">=": "≥", "~": "≈", "<": "<", "<=": "≤", None: ""}
COMPARATOR_WORD = {
    "=": "stated",
    ">": "more than (超过)",
    ">=": "at least (不低于)",
    "~": "about (约)",
    "<": "nearly / under (近)",
    "<=": "at most (不超过)",
}

KIND_LABEL = {"actual": "actual 实际", "estimate": "estimate 预计", "target": "target 目标"}
STATUS_LABEL = {
    "met": "met 已完成",
    "missed": "missed 未完成",
    "pending": "pending 待公布",
    "undetermined": "undetermined 无法判定",
}
MEASURE_LABEL = {
    "level": "level",
    "yoy_pct": "growth y/y 同比",
    "pp_change": "change in pp 百分点变化",
    "share_pct": "share 占比",
    "rank_change": "rank change 位次变化",
}

# unit -> (suffix, separator) for non-money units
_UNIT_SUFFIX = {
    "percent": "%",
    "percentage_points": " 个百分点",
    "per_10k_residents": " 件/万人",
    "tonne": " 吨",
    "years": " 岁",
    "count": "",
    "rank": "",
}


@dataclass(frozen=True)
class Scale:
    """How values of one unit are shown on an axis: divide by `factor`, label with `label`."""

    factor: float
    label: str


def _trim(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_number(value: float, max_decimals: int = 2, grouping: bool = True) -> str:
    """A plain number: at most `max_decimals` decimals, trailing zeros dropped, thousands grouped."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "–"
    text = f"{value:,.{max_decimals}f}" if grouping else f"{value:.{max_decimals}f}"
    return _trim(text)


def money_scale(value: float) -> Scale:
    """亿元 from 1e8, 万元 from 1e4, else 元."""
    v = abs(value or 0.0)
    if v >= 1e8:
        return Scale(1e8, "亿元")
    if v >= 1e4:
        return Scale(1e4, "万元")
    return Scale(1.0, "元")


def unit_scale(unit: str | None, max_abs: float) -> Scale:
    """The axis scale for values of `unit` whose largest magnitude is `max_abs`."""
    if unit == "CNY":
        return money_scale(max_abs)
    if unit in ("count", "tonne") and abs(max_abs) >= 1e5:
        suffix = {"count": "万", "tonne": "万吨"}[unit]
        return Scale(1e4, suffix)
    label = {
        "percent": "%",
        "percentage_points": "个百分点 (pp)",
        "per_10k_residents": "件/万人",
        "tonne": "吨",
        "years": "岁",
        "count": "",
        "rank": "位 (rank)",
    }.get(unit or "", unit or "")
    return Scale(1.0, label)


def format_value(value: float | None, unit: str | None, measure: str = "level") -> str:
    """A value with its unit, e.g. 173.58亿元, 3.3%, 8,025, 第80位, +29.34%."""
    if value is None:
        return "–"
    if measure == "yoy_pct":
        sign = "+" if value > 0 else ""
        return f"{sign}{format_number(value)}%"
    if measure == "pp_change":
        sign = "+" if value > 0 else ""
        return f"{sign}{format_number(value)} 个百分点"
    if measure == "rank_change":
        return f"↑{format_number(value, 0)}位" if value >= 0 else f"↓{format_number(-value, 0)}位"
    if measure == "share_pct":
        return f"{format_number(value)}%"
    if unit == "CNY":
        scale = money_scale(value)
        decimals = 2 if scale.factor > 1 else 0
        return f"{format_number(value / scale.factor, decimals)}{scale.label}"
    if unit == "rank":
        return f"第{format_number(value, 0)}位"
    if unit in ("count", "tonne") and abs(value) >= 1e5:
        suffix = {"count": "万", "tonne": "万吨"}[unit]
        return f"{format_number(value / 1e4, 2)}{suffix}"
    suffix = _UNIT_SUFFIX.get(unit or "", f" {unit}" if unit else "")
    decimals = 0 if unit == "count" and float(value).is_integer() else 2
    return f"{format_number(value, decimals)}{suffix}"


def format_with_comparator(value: float | None, unit: str | None, comparator: str | None, measure="level"):
    """`≥3.4%`, `>4,200`, `≈5%`: the comparator symbol before the formatted value."""
    return f"{COMPARATOR_SYMBOL.get(comparator, comparator or '')}{format_value(value, unit, measure)}"


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round tick values covering [lo, hi] (1-2-5 steps)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        pad = abs(hi) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < hi:
        ticks.append(round(t, 10))
    return ticks


# ---------------------------------------------------------------- change in the indicator's own terms

# Levels of amounts and counts change in percent; everything else in its own unit
# (a percentage in 百分点, a rank in places, a per-10k ratio in 件/万人).
PERCENT_CHANGE_UNITS = ("CNY", "count", "tonne")
LOWER_BOUNDS = (">", ">=")
UPPER_BOUNDS = ("<", "<=")


@dataclass(frozen=True)
class Change:
    """A change label and whether it is good news: 'better', 'worse' or '' (no judgement)."""

    text: str
    direction: str = ""
    kind: str = ""  # pct | pp | places | abs | none: how the change is expressed

    @property
    def css(self) -> str:
        return f"change {self.direction or 'neutral'}"


def _signed(text: str, negative: bool) -> str:
    return text if negative else f"+{text}"


def change_between(
    value: float,
    prev: float,
    unit: str | None,
    prev_year: int,
    comparator: str | None = "=",
    prev_comparator: str | None = "=",
    better: str | None = None,
) -> Change:
    """The change from `prev` (in `prev_year`) to `value`, said the way the indicator is read.

    Percentages change in 百分点 (3.2% -> 3.3% is +0.1 个百分点, not +3.12%); ranks in places,
    ↑ meaning a better place (第91位 -> 第80位 is ↑11位); amounts and counts in percent. A bound
    (超过 800) is never treated as exact: the change is marked ≥ / ≤, or not computed when both
    ends are bounds in a way that leaves it unknown. Colour (`direction`) only where the catalog
    says which way is better.
    """
    comparator, prev_comparator = comparator or "=", prev_comparator or "="
    # Which way can the true change differ from the computed one?
    # value a lower bound -> true change is larger; prev a lower bound -> smaller.
    up = comparator in LOWER_BOUNDS or prev_comparator in UPPER_BOUNDS
    down = comparator in UPPER_BOUNDS or prev_comparator in LOWER_BOUNDS
    approx = "~" in (comparator, prev_comparator)
    bound_note = ""
    if prev_comparator in LOWER_BOUNDS + UPPER_BOUNDS:
        bound_note = (
            f" ({prev_year}: {COMPARATOR_WORD[prev_comparator].split(' (')[0]} {format_value(prev, unit)})"
        )
    elif comparator in LOWER_BOUNDS + UPPER_BOUNDS:
        bound_note = " (this year's value is a bound)"
    if up and down:
        return Change(f"change vs {prev_year} unknown: both values are bounds", "", "none")
    raw = value - prev
    if unit == "rank":
        places = -raw  # a smaller rank number is a better place
        kind = "places"
        arrow = "↑" if places > 0 else "↓"
        body = "±0位" if places == 0 else f"{arrow}{format_number(abs(places), 0)}位"
        up, down = down, up  # a bound on the rank number bounds the places the other way
    elif unit == "percent":
        kind = "pp"
        body = _signed(f"{format_number(raw)} 个百分点", raw < 0)
    elif unit in PERCENT_CHANGE_UNITS and prev:
        kind = "pct"
        pct = 100.0 * (value / prev - 1)
        body = _signed(f"{format_number(pct)}%", pct < 0)
    else:
        kind = "abs"
        body = _signed(format_value(raw, unit), raw < 0)
    prefix = "≥" if up else ("≤" if down else ("≈" if approx else ""))
    text = f"{prefix}{body} vs {prev_year}{bound_note}"
    # `gain` is the change as labelled (places for a rank); its sign is certain unless a bound
    # could carry the true change across zero.
    gain = places if unit == "rank" else raw
    good_if_gain = (better == "lower") if unit == "rank" else (better == "higher")
    direction = ""
    if better in ("higher", "lower") and gain and not ((gain > 0 and down) or (gain < 0 and up)):
        direction = "better" if (gain > 0) == good_if_gain else "worse"
    return Change(text, direction, kind)


def stated_growth(pct: float, better: str | None = None) -> Change:
    """A growth rate the report states (同比增长29.34%), coloured only when the catalog says."""
    direction = ""
    if better in ("higher", "lower") and pct:
        direction = "better" if (pct > 0) == (better == "higher") else "worse"
    return Change(f"同比 {format_value(pct, 'percent', 'yoy_pct')} (stated)", direction, "pct")
