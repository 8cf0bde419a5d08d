"""Change labels in the indicator's own terms (pure function, no warehouse)."""

from __future__ import annotations

import pytest

from orchestration.report.format import change_between, stated_growth


@pytest.mark.parametrize(
    ("value", "prev", "unit", "cmp", "prev_cmp", "better", "text", "direction"),
    [
        # a percentage changes in 百分点, never in percent of itself
        (3.3, 3.2, "percent", "=", "=", "higher", "+0.1 个百分点 vs 2022", "better"),
        (5.2, 5.0, "percent", "=", "=", "lower", "+0.2 个百分点 vs 2022", "worse"),
        # a rank in places, ↑ meaning a better place
        (80, 91, "rank", "=", "=", "lower", "↑11位 vs 2022", "better"),
        (95, 91, "rank", "=", "=", "lower", "↓4位 vs 2022", "worse"),
        # amounts and counts in percent
        (17358000000, 13420000000, "CNY", "=", "=", "higher", "+29.34% vs 2022", "better"),
        (90, 100, "count", "=", "=", "higher", "-10% vs 2022", "worse"),
        # other units in their own unit
        (3.1, 2.9, "per_10k_residents", "=", "=", "higher", "+0.2 件/万人 vs 2022", "better"),
        # no colour where the catalog says nothing
        (102.0, 101.5, "percent", "=", "=", None, "+0.5 个百分点 vs 2022", ""),
    ],
)
def test_change_in_own_terms(value, prev, unit, cmp, prev_cmp, better, text, direction):
    c = change_between(value, prev, unit, 2022, cmp, prev_cmp, better)
    assert (c.text, c.direction) == (text, direction)


def test_bounds_are_said_and_never_taken_as_exact():
    # last year "more than 3.2%": the true change is at most the computed one, sign unknown
    c = change_between(3.3, 3.2, "percent", 2022, "=", ">", "higher")
    assert c.text.startswith("≤+0.1 个百分点") and "more than 3.2%" in c.text and c.direction == ""
    # this year a lower bound and rising: surely up, and said to be at least
    c = change_between(900, 800, "count", 2022, ">", "=", "higher")
    assert c.text.startswith("≥+12.5%") and "bound" in c.text and c.direction == "better"
    # both lower bounds: not computed
    c = change_between(600, 800, "count", 2022, ">", ">", "higher")
    assert "unknown" in c.text and c.kind == "none" and c.direction == ""


def test_stated_growth_is_labelled_and_coloured_by_the_catalog():
    assert stated_growth(29.34, "higher").text == "同比 +29.34% (stated)"
    assert stated_growth(29.34, "higher").direction == "better"
    assert stated_growth(-3.0, "higher").direction == "worse"
    assert stated_growth(5.0, None).direction == ""
