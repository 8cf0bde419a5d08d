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
