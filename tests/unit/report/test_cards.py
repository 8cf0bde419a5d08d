"""Indicator cards: the chart line joins exactly the values the marts chose (no rule of its own)."""

from __future__ import annotations

from datetime import date

from orchestration.report.cards import build_card
from orchestration.report.data import ReportData


def obs(oid, year, value, kind="actual", measure="level", derived=False, published=date(2024, 2, 1)):
    return {
        "observation_id": oid,
        "indicator_code": "gdp",
        "region_code": "350200",
        "period_year": year,
        "value": value,
        "unit": "CNY",
        "comparator": "=",
        "value_kind": kind,
        "measure": measure,
        "is_derived": derived,
        "document_id": "d1",
        "published_date": published,
        "evidence": "…",
        "corrected": False,
    }


def card(rows, line):
    data = ReportData(indicators={"gdp": {"indicator_code": "gdp", "name_zh": "地区生产总值"}})
    return build_card("gdp", rows, line, {}, {}, data, {})


def test_line_is_the_marts_pick_even_where_a_python_rule_would_choose_otherwise():
    rows = [
        obs("a22", 2022, 100.0),
        obs("e23", 2023, 120.0, kind="estimate", published=date(2024, 1, 1)),
        obs("x23", 2023, 118.0),  # an actual: a rule in the report would prefer it
        obs("d21", 2021, 90.0, kind="estimate", derived=True),
    ]
    c = card(rows, {"a22", "e23"})
    assert {p.obs_id for p in c.points if p.on_line} == {"a22", "e23"}
    assert c.latest["observation_id"] == "e23"
    assert len(c.points) == 4  # every value is drawn; only the picks are joined


def test_no_pick_no_line():
    c = card([obs("a22", 2022, 100.0), obs("a23", 2023, 110.0)], set())
    assert not any(p.on_line for p in c.points)
    assert c.latest is None


def test_a_card_of_another_measure_joins_its_picks():
    rows = [obs("g22", 2022, 5.1, measure="yoy_pct"), obs("g23", 2023, 6.0, measure="yoy_pct")]
    for r in rows:
        r["unit"] = "percent"
    c = card(rows, {"g23"})
    assert c.measure == "yoy_pct"
    assert [p.obs_id for p in c.points if p.on_line] == ["g23"]
