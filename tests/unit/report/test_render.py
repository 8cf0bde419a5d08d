"""Pure formatting and SVG functions of the HTML report."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from orchestration.report.format import (
    format_number,
    format_value,
    format_with_comparator,
    money_scale,
    nice_ticks,
    unit_scale,
)
from orchestration.report.pages import json_for_script, region_page_name
from orchestration.report.svg import ChartPoint, render_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "unit", "measure", "expected"),
    [
        (17358000000, "CNY", "level", "173.58亿元"),
        (28790000000, "CNY", "level", "287.9亿元"),
        (106000000000, "CNY", "level", "1,060亿元"),
        (56000, "CNY", "level", "5.6万元"),
        (950, "CNY", "level", "950元"),
        (3.3, "percent", "level", "3.3%"),
        (8025, "count", "level", "8,025"),
        (500000, "count", "level", "50万"),
        (80, "rank", "level", "第80位"),
        (33.2, "per_10k_residents", "level", "33.2 件/万人"),
        (29.34, "percent", "yoy_pct", "+29.34%"),
        (-3.3, "percent", "yoy_pct", "-3.3%"),
        (11, "rank", "rank_change", "↑11位"),
        (0.4, "percentage_points", "pp_change", "+0.4 个百分点"),
        (None, "CNY", "level", "–"),
    ],
)
def test_format_value(value, unit, measure, expected):
    assert format_value(value, unit, measure) == expected


def test_comparators():
    assert format_with_comparator(3.4, "percent", ">=") == "≥3.4%"
    assert format_with_comparator(4200, "count", ">") == ">4,200"
    assert format_with_comparator(5, "percent", "~", "yoy_pct") == "≈+5%"
    assert format_with_comparator(3.3, "percent", "=") == "3.3%"


def test_scales_and_numbers():
    assert money_scale(2e9).label == "亿元" and money_scale(2e5).label == "万元"
    assert unit_scale("CNY", 1.7e10).factor == 1e8
    assert unit_scale("percent", 3.3).label == "%"
    assert format_number(1234.500) == "1,234.5"
    assert format_number(float("nan")) == "–"


@pytest.mark.parametrize(("lo", "hi"), [(0, 173.58), (3.2, 3.4), (-5, 12), (80, 80), (0.001, 0.004)])
def test_nice_ticks_cover_the_range(lo, hi):
    ticks = nice_ticks(lo, hi)
    assert ticks[0] <= lo and ticks[-1] >= hi
    assert 2 <= len(ticks) <= 8
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1


def _points():
    return [
        ChartPoint(2019, 9.253e9, "actual", on_line=True, obs_id="a", tooltip="2019 actual"),
        ChartPoint(2022, 1.342e10, "estimate", is_derived=True, on_line=True, obs_id="b", tooltip="derived"),
        ChartPoint(2023, 1.7358e10, "actual", on_line=True, obs_id="c", tooltip="2023"),
        ChartPoint(2023, 1.7e10, "estimate", on_line=False, obs_id="d", tooltip="other document"),
        ChartPoint(2024, 2e10, "target", status="pending", obs_id="t", tooltip="target"),
    ]


def test_chart_is_wellformed_svg_with_one_marker_per_point():
    svg = render_chart(_points(), "CNY", title="技术合同成交额")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    markers = root.findall(f"{SVG}g")
    assert [g.get("data-obs") for g in markers] == ["d", "a", "b", "c", "t"]  # others, series, targets
    assert all(g.find(f"{SVG}title") is not None for g in markers)
    assert "亿元" in svg


def test_chart_styles_estimates_derived_and_targets():
    root = ET.fromstring(render_chart(_points(), "CNY"))
    segs = root.findall(f"{SVG}line[@stroke='#2563eb']")
    assert len(segs) == 2 and all(s.get("stroke-dasharray") for s in segs)  # both touch the derived 2022
    by_obs = {g.get("data-obs"): g for g in root.findall(f"{SVG}g")}
    est = by_obs["b"].findall(f"{SVG}circle")[-1]
    assert est.get("fill") == "#ffffff" and est.get("stroke-dasharray")  # hollow and dashed
    actual = by_obs["c"].findall(f"{SVG}circle")[-1]
    assert actual.get("fill") == "#2563eb" and not actual.get("stroke-dasharray")
    target = by_obs["t"].find(f"{SVG}polygon")
    assert "status-pending" in target.get("class") and target.get("fill") == "#d97706"


def test_chart_solid_line_between_read_values():
    pts = [
        ChartPoint(2022, 3.2, "estimate", on_line=True, obs_id="x"),
        ChartPoint(2023, 3.3, "actual", on_line=True, obs_id="y"),
    ]
    root = ET.fromstring(render_chart(pts, "percent"))
    (seg,) = root.findall(f"{SVG}line[@stroke='#2563eb']")
    assert seg.get("stroke-dasharray") is None


def test_chart_escapes_text_and_handles_edge_cases():
    evil = '<script>alert("x")</script> & "quotes"'
    svg = render_chart(
        [ChartPoint(2023, 1.0, "actual", on_line=True, obs_id=evil, tooltip=evil)], "count", title=evil
    )
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}g/{SVG}title").text == evil
    assert root.find(f"{SVG}g").get("data-obs") == evil
    empty = ET.fromstring(render_chart([], "count"))
    assert empty.find(f"{SVG}text") is not None


def test_rank_axis_is_inverted():
    pts = [
        ChartPoint(2022, 91, "actual", on_line=True, obs_id="a"),
        ChartPoint(2023, 80, "actual", on_line=True, obs_id="b"),
    ]
    root = ET.fromstring(render_chart(pts, "rank"))
    cy = {g.get("data-obs"): float(g.findall(f"{SVG}circle")[-1].get("cy")) for g in root.findall(f"{SVG}g")}
    assert cy["b"] < cy["a"]  # a better (smaller) rank is drawn higher


def test_json_for_script_cannot_close_the_script_element():
    text = json_for_script({"k": "</script><script>alert(1)</script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert region_page_name("350200") == "region-350200.html"
    assert region_page_name("../x") == "region-x.html"
