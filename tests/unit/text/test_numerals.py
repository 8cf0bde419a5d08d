"""Chinese numerals (text/numerals.py)."""

from decimal import Decimal

import pytest

from orchestration.text.numerals import parse_cn, parse_number


@pytest.mark.parametrize(
    ("s", "v"),
    [
        ("三", 3),
        ("十二", 12),
        ("一千二百", 1200),
        ("两", 2),
        ("三万五千", 35000),
        ("二〇二三", 2023),
        ("千亿", 10**11),
        ("三点二", "3.2"),
        ("一百二十三点四亿", "12340000000"),
        ("二点零五万", "20500"),
    ],
)
def test_parse_chinese_numerals(s, v):
    assert parse_cn(s) == Decimal(v)


def test_parse_number_reads_arabic_with_separators_and_chinese():
    assert parse_number("1,234.5") == Decimal("1234.5")
    assert parse_number("三万五千") == Decimal(35000)
    assert parse_number("") is None
