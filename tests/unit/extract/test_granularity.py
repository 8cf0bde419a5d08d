"""Which part of a year a number is about (extract/granularity.py)."""

import pytest

from orchestration.extract.granularity import period_granularity


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("上半年，全市", ("half", 6)),
        ("一季度", ("quarter", 3)),
        ("1-9月，", ("months", 9)),
        ("前三季度", ("months", 9)),
        ("1-11月", ("months", 11)),
        ("1-7月", ("months", 7)),
        ("前10个月，", ("months", 10)),
        ("前八个月", ("months", 8)),
        ("上半年增长5%，全年", ("year", 12)),
        ("全市", ("year", 12)),
        # a stock as of a month's end (截至11月底) is not the year's; December's end is
        ("截至11月底，全市", ("months", 11)),
        ("截至2024年10月末", ("months", 10)),
        ("截至9月，", ("months", 9)),
        ("12月底，", ("year", 12)),
        ("截至2024年底", ("year", 12)),
    ],
)
def test_period_granularity(head, expected):
    assert period_granularity(head) == expected
