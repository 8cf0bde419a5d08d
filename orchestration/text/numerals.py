"""Chinese numerals: 一千二百 -> 1200, 二〇二三 -> 2023, 三点二 -> 3.2, and the multipliers
(万, 亿, 千亿) that scale a number in this genre. Pure functions on strings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}

MULTIPLIERS: dict[str, Decimal] = {
    "": Decimal(1),
    "十": Decimal(10),
    "百": Decimal(100),
    "千": Decimal(1000),
    "万": Decimal(10_000),
    "十万": Decimal(100_000),
    "百万": Decimal(1_000_000),
    "千万": Decimal(10_000_000),
    "亿": Decimal(100_000_000),
    "十亿": Decimal(1_000_000_000),
    "百亿": Decimal(10_000_000_000),
    "千亿": Decimal(100_000_000_000),
    "万亿": Decimal(1_000_000_000_000),
}


def parse_cn(s: str) -> Decimal | None:
    """一千二百 -> 1200, 三 -> 3, 十二 -> 12, 二〇二三 -> 2023, 三万五千 -> 35000,
    一百二十三点四亿 -> 12340000000 (digits after 点, then the multiplier)."""
    if not s:
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        digits = frac.rstrip("万亿")
        mult = frac[len(digits) :]
        base = parse_cn(whole)
        if base is None or not digits or (mult and mult not in MULTIPLIERS):
            return None
        if not all(c in CN_DIGITS for c in digits):
            return None  # 三点十: no decimal digits
        value = base + Decimal("0." + "".join(str(CN_DIGITS[c]) for c in digits))
        return value * MULTIPLIERS[mult] if mult else value
    if s in MULTIPLIERS:  # a bare multiplier: 千亿 = 100000000000
        return MULTIPLIERS[s]
    if all(c in CN_DIGITS for c in s):  # digit by digit (二〇二三)
        if len(s) == 1:
            return Decimal(CN_DIGITS[s])
        return Decimal("".join(str(CN_DIGITS[c]) for c in s))
    total = 0
    section = 0
    digit = None
    for c in s:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c]
        elif c in CN_SMALL:
            section += (1 if digit is None else digit) * CN_SMALL[c]
            digit = None
        elif c in CN_BIG:
            section += digit or 0
            if section == 0:
                section = 1
            total = (total + section) * CN_BIG[c] if c == "亿" else total + section * CN_BIG[c]
            section = 0
            digit = None
        else:
            return None
    total += section + (digit or 0)
    return Decimal(total)


def parse_number(s: str) -> Decimal | None:
    if not s:
        return None
    if s[0].isdigit():
        try:
            return Decimal(s.replace(",", ""))
        except InvalidOperation:
            return None
    return parse_cn(s)
