"""Measures: what a number measures, from the words just before it.

* `measure_of(q, tail, window)` — level / yoy_pct (同比增长12%) / pp_change (提高0.3个百分点) /
  share_pct (占全省的15.2%) / rank_change (上升12位), with its sign (下降3% is -3);
* `qualifier_of(window)` — a change that is no year-on-year one: 年均增长 (multi_year),
  较2020年增长 (other_base, or the base year until the number's year is known);
* `of_an_average(...)` — 约为全国平均的70%: a percent of another area's value.
"""

from __future__ import annotations

import re

from orchestration.extract import cues, rules
from orchestration.extract.indicators import strip_quotes
from orchestration.extract.quantities import Quantity

_SHARE_OF_TOTAL = re.compile(r"(?:全[省市国区县球]|全世界|全部|总量|总数|总额)|$")


_RATIO_DENOMINATOR = re.compile(r"生产总值|GDP|增加值|营业收入|主营业务收入|总产值")


_TO_ENDS = ("至", "到")  # TO_LEVEL_TAIL ends so (before an optional space)


_AMOUNT_CLASSES = frozenset(["money", "count", "physical"])
_OF_AN_AVERAGE = re.compile(r"平均(?:水平|值|数)?的[ ]?$")  # 约为全国平均的70%: relative, not a level


def _of_a_larger_total(window: str) -> bool:
    """…占全省的比重达到 / 占全国总量的: the number is a share of a larger area's or group's total."""
    if "占" not in window:
        return False
    sh = cues.SHARE_TAIL.search(window.rstrip("达到至提高升 "))  # (the verb of 提高到 / 达到 off)
    if sh is None:
        return False
    whole = sh.group("whole")
    return bool(whole) and _is_a_larger_total(whole)


def _is_a_larger_total(whole: str) -> bool:
    """占全省 / 占全国 / 占…总量: a larger area's or group's total, not a ratio's denominator
    (占全省地区生产总值比重 is a ratio)."""
    return bool(_SHARE_OF_TOTAL.match(whole)) and not _RATIO_DENOMINATOR.search(whole)


def measure_of(q: Quantity, tail: str, window: str) -> tuple[str, int, bool] | None:
    """(measure, sign, share_of_whole) of a quantity from the words just before it."""
    uc = q.unit_class
    if q.ordinal:
        return "level", 1, False
    if uc == "count" and q.unit_text in ("位", "名"):
        m = cues.RANK_CHANGE_TAIL.search(tail)
        if m:
            return (
                "rank_change",
                (-1 if m.group("verb") in ("下降", "下滑", "后退", "退后", "回落") else 1),
                False,
            )
        return "level", 1, False
    if uc == "pp":
        sign = -1 if cues.PP_DOWN.search(tail[-8:]) else 1
        return "pp_change", sign, False
    if uc in ("percent", "times"):
        if (tail.endswith(_TO_ENDS) or tail[:-1].endswith(_TO_ENDS)) and cues.TO_LEVEL_TAIL.search(tail):
            if uc != "percent":
                return None
            if _of_a_larger_total(window):
                return "share_pct", 1, True  # 占全省的比重达到29.5%: a share of the province's total
            return "level", 1, bool(cues.SHARE_WORD.search(window))
        g = cues.GROWTH_TAIL.search(tail)
        if g:
            sign = -1 if cues.GROWTH_DOWN.match(g.group("verb")) else 1
            return "yoy_pct", sign, False
        if uc == "times":
            return None  # 是上年的2倍: a ratio, not a quantity we keep
        sh = cues.SHARE_TAIL.search(window) if ("占" in window or "相当于" in window) else None
        if sh is None and "之比" in window:
            sh = cues.RATIO_TAIL.search(window)
        if sh:
            whole = sh.group("whole")
            # 占全省 / 占全国: share of a larger area's total; 占规上工业增加值的比重: a ratio indicator
            # (占全省R&D经费的66.4%: a share of the larger total; 占全省地区生产总值比重: a ratio)
            if _is_a_larger_total(whole):
                return "share_pct", 1, True
            return "level", 1, True
        return "level", 1, bool(cues.SHARE_WORD.search(window))
    return "level", 1, False


def qualifier_of(window: str) -> str | None:
    if cues.AVG_ANNUAL.search(window):
        return rules.MULTI_YEAR
    m = cues.COMPARISON_BASE.search(window)
    if m and not cues.PRIOR_YEAR_BASE.match(m.group("base")):
        base = strip_quotes(m.group("base"))
        if by := cues.BASE_YEAR.match(base):
            return f"{rules.BASE_YEAR_PREFIX}{by.group(1)}"  # decided once the number's year is known
        if not cues.PRIOR_YEAR_BASE.match(base):
            return rules.OTHER_BASE
    return None


def of_an_average(unit_class: str, measure: str, tail: str) -> bool:
    """约为全国平均的70%: a percent of another area's value, not a level of the indicator."""
    return unit_class == "percent" and measure == "level" and _OF_AN_AVERAGE.search(tail) is not None


def abs_change_of(q: Quantity, measure: str, tail: str) -> int:
    """The sign of an absolute change (比上年增加523亿元 -> 1, 减少20家 -> -1) when a level of an
    amount states one, else 0: its size, kept unmapped (never a level of the indicator)."""
    if measure == "level" and q.unit_class in _AMOUNT_CLASSES and not q.ordinal:
        return cues.abs_change_sign(tail)
    return 0
