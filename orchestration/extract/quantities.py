"""Number grammar: Arabic and Chinese numerals, multipliers, units, ranges, 余/多.

Runs on the normalised view (digits already half-width).  One compiled regex
finds candidate quantities; `read_quantity` turns a match into a `Quantity`
or rejects it (years, ordinals, idioms, identifiers, titles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from orchestration.text.numerals import MULTIPLIERS, parse_cn, parse_number
from orchestration.text.patterns import by_first_char

# unit as written -> (unit class, base unit).  Order matters only for the regex (longest first).
UNITS: dict[str, tuple[str, str]] = {}
for _u in ("元", "人民币", "元人民币"):
    UNITS[_u] = ("money", "CNY")
for _u, _b in (("美元", "USD"), ("港元", "HKD"), ("欧元", "EUR"), ("日元", "JPY")):
    UNITS[_u] = ("money", _b)
UNITS["%"] = ("percent", "percent")
UNITS["个百分点"] = ("pp", "percentage_points")
UNITS["百分点"] = ("pp", "percentage_points")
UNITS["倍"] = ("times", "times")
# counters (量词): what a count is of
_COUNTERS = (
    "人次 家 个 项 件 人 位 名 所 支 台 套 户 篇 座 条 批 次 场 处 艘 只 株 款 种 部 本 门 辆 架 颗 枚 间 栋 例 起 宗 对 组 张 "
    "份 册 首 期 类 所 幅 集 单 笔 单位 家次 个次 项次 床 张床 名次 人年"
)
for _u in _COUNTERS.split():
    UNITS[_u] = ("count", "count")
for _u, _b in (
    ("平方公里", "km2"),
    ("平方千米", "km2"),
    ("平方米", "m2"),
    ("公顷", "hectare"),
    ("亩", "mu"),
    ("公里", "km"),
    ("千米", "km"),
    ("英寸", "inch"),
    ("米", "m"),
    ("吨", "tonne"),
    ("标箱", "TEU"),
    ("千瓦时", "kWh"),
    ("兆瓦时", "MWh"),
    ("千瓦", "kW"),
    ("兆瓦", "MW"),
    ("立方米", "m3"),
    ("千克", "kg"),
    ("公斤", "kg"),
    ("微克", "ug"),
    ("岁", "years"),
    ("周岁", "years"),
    ("元/人", "CNY_per_person"),
):
    UNITS[_u] = ("physical", _b)
# time words: read so that they are not mistaken for something else, then dropped
for _u in ("年", "年度", "个月", "月", "日", "天", "小时", "分钟", "周"):
    UNITS[_u] = ("time", "time")

# (longest first; grouped by first character: the same matches, fewer branches tried)
_UNIT_ALT = by_first_char(sorted(UNITS, key=len, reverse=True))
_MULT_ALT = "万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千|百"
# a multiplier after the number, unless it begins a unit: 466.38千瓦时, 3千米, 5千克
_MULT_AFTER = "万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千(?![瓦米克])|百(?!分点)"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?"
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"  # (the multipliers of _MULT_ALT among them)
_CN = f"[{_CN_CHARS}]+"

# A quantity: optional ordinal 第, a number, an optional range end, 余/多,
# a multiplier, and a unit.  Chinese numerals must be followed by a unit
# (lookahead) so that words like 统一 or 一流 cost nothing.
# the numeral of 百分之…, with a decimal part after 点 (百分之三点二 = 3.2%)
_CN_DECIMALS = "零〇一二三四五六七八九"  # the digits after 点 (三点二, 一百二十三点四亿)
_CN_PERCENT = f"[零〇一二两三四五六七八九十百]+(?:点[{_CN_DECIMALS}]+)?"

QTY_RE = re.compile(
    rf"""
    (?=[第0-9{_CN_CHARS}])   # fast scan: only where a number can start (第, a digit, a numeral)
    (?P<ord>第[ ]?)?
    (?:
        (?P<num>{_ARABIC})
      | (?<=第)(?P<cnord>{_CN})
      | (?<=第[ ])(?P<cnord2>{_CN})
      | (?P<cn>{_CN}(?:点[{_CN_DECIMALS}]+[万亿]*)?)(?=[ ]?(?:余|多)?(?:{_UNIT_ALT}|位|名))
      | (?P<bare>{_MULT_ALT})(?=(?:余|多)?(?:元|美元|人|家|个|件|项|次|场|户|亩|吨|千瓦))
      | 百分之(?P<pct>{_CN_PERCENT})   # 百分之三点二: a percentage written out
      | (?P<tenths>[一二三四五六七八九])成(?=以上|左右|多|[ ，,。；;、）)]|$)   # 七成以上: tenths, 70%
    )
    (?:
        [ ]?(?P<rsep>[-—–~至到])[ ]?(?P<num2>{_ARABIC}|{_CN})(?=[ ]?(?:余|多)?(?:{_MULT_ALT})?(?:{_UNIT_ALT}))
    )?
    (?P<approx1>余|多)?
    (?P<mult>{_MULT_AFTER})?
    (?P<approx2>余|多)?
    [ ]?
    (?P<unit>{_UNIT_ALT})?
    """,
    re.VERBOSE,
)

_BARE_CUES = frozenset("破超逾近达上过约数")
_WORDY_UNITS = frozenset(["个", "次", "批", "类", "种", "条", "期", "对", "组", "首", "起", "单"])


@dataclass(slots=True)
class Quantity:
    start: int  # view offsets of the whole quantity (number + unit)
    end: int
    num_start: int
    num_end: int
    reported_value: str
    value: Decimal  # number x multiplier (not yet signed or scaled for 倍)
    value_high: Decimal | None
    multiplier: Decimal
    mult_text: str
    unit_text: str
    unit_class: str  # money | percent | pp | times | count | physical | time | rank | none
    base_unit: str
    approx: bool  # 余 / 多
    ordinal: bool  # 第N


_ONE = Decimal(1)
_SPACEISH = ("", " ", "\n", "\t", "\r")
_DATE_SEPS = frozenset("-/:")
_ID_BEFORE = frozenset("_-/:.#@")
_MULT_CHARS = frozenset("百千万亿")
_RANK_COUNTERS = frozenset(["位", "名"])


# (parsed Arabic literals: the same few thousand strings recur in every report)
@lru_cache(maxsize=65_536)
def _arabic(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(",", "")) if "," in s else Decimal(s)
    except InvalidOperation:
        return None


def read_quantity(m: re.Match, view: str) -> Quantity | None:
    """Turn a QTY_RE match into a Quantity, or None when it is not a quantity."""
    ordg, num, cnord, cnord2, cn, bare, pct, tenths, _rsep, num2, approx1, mult_text, approx2, unit = (
        m.groups()
    )
    if pct is not None:
        return _written_percent(m, pct)
    if tenths is not None:
        return _tenths(m, tenths)
    unit = unit or ""
    mult_text = mult_text or ""
    ordinal = ordg is not None
    s, mend = m.span()
    if unit in _RANK_COUNTERS and not ordinal and view[s - 1 : s] == "前":
        return None  # 居前两位, 前10名: the top places of a ranking, no count
    if num is not None:
        ns, ne = m.span(2)
        reported = num
        # (num is _ARABIC: it starts with a digit)
        val = _arabic(num)
        if ns > 0 and not ordinal:
            before = view[ns - 1]
            if before.isascii() and (before.isalpha() or before in _ID_BEFORE):
                return None  # identifiers, dates, PM2.5, R1, 5G
        if not unit:
            after = view[mend : mend + 1]
            if not mult_text and after.isascii() and after.isalpha():
                return None
            is_range = mult_text and after in _RANGE_SEPARATORS  # 10亿-20亿元
            if after and after in _DATE_SEPS and view[mend + 1 : mend + 2].isdigit() and not is_range:
                return None  # dates and document numbers
    elif cn is not None or cnord is not None or cnord2 is not None:
        if cn:
            grp = 5
        elif cnord:
            grp = 3
        else:
            grp = 4
        cn = cn or cnord or cnord2
        ns, ne = m.span(grp)
        reported = cn
        if len(cn) == 1 and not ordinal:
            if cn in "一零〇" and not (cn == "一" and unit == "倍"):
                return None  # (增长一倍 is a doubling; 一 elsewhere is a word: 统一, 一流)
            if unit in _WORDY_UNITS:
                return None
        if unit in ("年", "月", "日") and not ordinal:
            return None
        if unit == "位" and view[mend : mend + 1] == "数":
            return None  # 两位数增长: double-digit growth, no count
        if _MULT_CHARS.issuperset(cn) and view[ns - 1 : ns] not in _BARE_CUES:
            return None  # 每万人, 万人次 without a count, 百姓
        val = parse_cn(cn)
    else:
        ns, ne = m.span(6)
        reported = bare
        before = view[ns - 1 : ns]
        if before not in _BARE_CUES:
            return None
        val = MULTIPLIERS.get(bare)
        if mult_text:
            return None
    if val is None:
        return None
    if mult_text:
        multiplier = MULTIPLIERS.get(mult_text)
        if multiplier is None:
            return None
    else:
        multiplier = _ONE

    if ordinal:
        # 第N位 / 第N名 are rank positions; other ordinals (第二批, 第十五届) are not quantities
        if unit in ("位", "名"):
            return Quantity(s, mend, ns, ne, reported, val, None, _ONE, "", unit, "rank", "rank", False, True)
        if not unit and not mult_text:
            return Quantity(s, ne, ns, ne, reported, val, None, _ONE, "", "", "rank", "rank", False, True)
        return None

    if unit:
        if unit in ("位", "名"):
            uclass, base = "count", "count"
        else:
            uclass, base = UNITS.get(unit, ("count", "count"))
    else:
        if not mult_text:
            uclass, base = "none", ""
        elif view[mend : mend + 1] in _SPACEISH:
            return None  # 1万 before a line break: forum counters, table junk
        else:
            uclass, base = "count", "count"  # 1.5万 of something named before
    high = None
    if num2 is not None:
        hv = parse_number(num2)
        if hv is not None and hv > val:
            high = hv * multiplier
        else:
            return None  # 2017-2021 and similar
    approx = bool(approx1 or approx2)
    end = mend
    # trailing optional space matched before a missing unit should not be in the span
    while end > s and view[end - 1] == " ":
        end -= 1
    return Quantity(
        s,
        end,
        ns,
        ne if high is None else m.end("num2"),
        reported,
        val * multiplier if multiplier is not _ONE else val,
        high,
        multiplier,
        mult_text,
        unit,
        uclass,
        base,
        approx,
        False,
    )


def _written_percent(m: re.Match, pct: str) -> Quantity | None:
    """百分之三点二 -> 3.2 percent (百分之 and the numeral, no unit after it)."""
    val = parse_cn(pct)  # (the decimals after 点 as parse_cn reads them)
    return None if val is None else _percent_in_words(m, "pct", val, "百分之", 0)


def _tenths(m: re.Match, digit: str) -> Quantity | None:
    """七成 -> 70 percent (成: tenths of the whole)."""
    val = parse_cn(digit)
    return None if val is None else _percent_in_words(m, "tenths", val * 10, "成", 1)


def _percent_in_words(m: re.Match, group: str, value: Decimal, words: str, after: int) -> Quantity:
    """A percentage written in words: the numeral of `group`, its value, the words that make it a
    percentage, and how many characters of them follow the numeral (成 after 七)."""
    ns, ne = m.span(group)
    return Quantity(
        m.start(), ne + after, ns, ne, m.group(group), value, None, _ONE, "", words, "percent", "percent",
        False, False,
    )  # fmt: skip


# The second end of a range written with the unit on both ends: 10%—15%, 5亿元-8亿元
_RANGE_SEPARATORS = "-—–~至到"
RANGE_OPENERS = frozenset(" " + _RANGE_SEPARATORS)  # what may follow a quantity that opens a range
_UNIT_RANGE = re.compile(
    rf"[ ]?[{_RANGE_SEPARATORS}][ ]?(?P<num2>{_ARABIC})(?P<mult2>{_MULT_AFTER})?[ ]?(?P<unit2>{_UNIT_ALT})"
)
_RANGE_CLASSES = frozenset(["percent", "money", "physical", "count"])


def extend_unit_range(q: Quantity, view: str, endpos: int) -> Quantity:
    """`q` widened to a range when the same multiplier and unit follow a range
    separator and a larger number (10%—15% -> 10..15); otherwise `q` itself.  The first
    end may carry the multiplier only, the unit being stated once at the second end
    (50亿—60亿元 -> 50亿..60亿 yuan)."""
    if q.value_high is not None or q.ordinal or not (q.unit_text or q.mult_text):
        return q
    if q.unit_text and q.unit_class not in _RANGE_CLASSES:
        return q
    if not q.reported_value[:1].isdigit():
        return q
    m = _UNIT_RANGE.match(view, q.end, endpos)
    if m is None or (m.group("mult2") or "") != q.mult_text:
        return q
    unit_text, unit_class, base_unit = q.unit_text, q.unit_class, q.base_unit
    if not unit_text:  # 50亿—60亿元: the unit of the second end is the range's
        unit_text = m.group("unit2")
        unit_class, base_unit = UNITS[unit_text]
        if unit_class not in _RANGE_CLASSES:
            return q
    elif m.group("unit2") != unit_text:
        return q
    after = view[m.end() : m.end() + 1]
    if after.isascii() and after.isalnum():
        return q  # 10%-15G, 3-5个-6: not a clean range
    hv = _arabic(m.group("num2"))
    low = q.value / q.multiplier if q.multiplier != _ONE else q.value
    if hv is None or not hv > low:
        return q
    return Quantity(
        q.start,
        m.end(),
        q.num_start,
        m.end("num2"),
        q.reported_value,
        q.value,
        hv * q.multiplier if q.multiplier != _ONE else hv,
        q.multiplier,
        q.mult_text,
        unit_text,
        unit_class,
        base_unit,
        q.approx,
        False,
    )
