"""Which part of a year a number is about: 上半年 / 一季度 / 1-9月 / 前三季度 / 截至11月底 are not
the year's value (the contract's `period_kind` and `period_months`); 全年 / 年底 / none are.
The last period word before a number in its sentence governs it."""

from __future__ import annotations

import re
from bisect import bisect_right

_SUB_ANNUAL = re.compile(
    r"(?P<m9>前三季度|1[-—~至]9月|一至九月)|(?P<half>[上下]半年|1[-—~至]6月|一至六月)"
    r"|(?P<quarter>第?[一二三四]季度)|1[-—~～至](?P<months>[2-8]|1[01])月"
    r"|前(?P<first>[2-9]|1[01]|[两三四五七八]|十一?)个月|(?P<year>全年|年末|年底|年度)"
    # a month's end (a stock as of then): 截至11月底, 10月末, 截至9月 (12月底 is the year's end)
    r"|(?:(?<=截至)|(?<=截止)|(?<=截止到))(?:\d{4}年)?(?P<upto>\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:底|末|份)?"
    r"|(?<!\d)(?P<end>\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:底|末)"
)
_CN_MONTHS = {"两": 2, "三": 3, "四": 4, "五": 5, "七": 7, "八": 8, "十": 10, "十一": 11}
_CN_MONTH_NAMES = {c: i for i, c in enumerate("一二三四五六七八九", 1)} | {"十二": 12}


_ANNUAL = ("year", 12)


def _granularity(m: re.Match) -> tuple[str, int]:
    if m.group("year"):
        return _ANNUAL
    if m.group("m9"):
        return "months", 9
    if m.group("half"):
        return "half", 6
    if m.group("quarter"):
        return "quarter", 3
    if m.group("first"):  # 前10个月
        n = m.group("first")
        return "months", _CN_MONTHS[n] if n in _CN_MONTHS else int(n)
    upto = m.group("upto") or m.group("end")
    if upto:  # 截至11月底: as of a month's end; December's end is the year's
        n = _CN_MONTHS.get(upto) or _CN_MONTH_NAMES.get(upto) or int(upto)
        return _ANNUAL if n >= 12 else ("months", n)
    return "months", int(m.group("months"))


def period_marks(sentence: str) -> list[tuple[int, tuple[str, int]]]:
    """(offset, (period_kind, period_months)) of every period word of a sentence, in order."""
    if "季" not in sentence and "半" not in sentence and "月" not in sentence and "年" not in sentence:
        return []  # (most sentences: four scans in C instead of a regex scan)
    return [(m.start(), _granularity(m)) for m in _SUB_ANNUAL.finditer(sentence)]


def granularity_at(marks: list[tuple[int, tuple[str, int]]], rel: int) -> tuple[str, int]:
    """The period of a number at sentence offset `rel`: the last period word before it governs."""
    k = bisect_right(marks, (rel,)) - 1 if marks else -1
    return marks[k][1] if k >= 0 else _ANNUAL


def period_granularity(head: str) -> tuple[str, int]:
    """(period_kind, period_months) of a number whose sentence reads `head` before it:
    上半年 → (half, 6), 一季度 → (quarter, 3), 1-9月 / 前三季度 → (months, 9), 1-11月 →
    (months, 11); 全年 / none → (year, 12)."""
    return granularity_at(period_marks(head), len(head))
