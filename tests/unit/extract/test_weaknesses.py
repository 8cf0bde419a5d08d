"""Known weaknesses fixed: absolute changes, ranges with the unit on both ends,
units that begin with a multiplier character, target lists across clauses."""

from decimal import Decimal

import pytest

from orchestration.extract.areas import AreaMatcher
from orchestration.extract.engine import extract_facts
from orchestration.extract.facts import DocumentContext

CTX = DocumentContext(region_code="350200", covered_year=2023, published_year=2024)


def facts(text, ctx=CTX):
    return extract_facts(text, ctx, areas=AreaMatcher(()))


def by_text(text, reported, ctx=CTX):
    fs = [f for f in facts(text, ctx) if f.reported_text == reported]
    assert len(fs) == 1, fs
    return fs[0]


# ---- absolute changes are not levels ------------------------------------------------


def test_absolute_increase_is_not_a_level_of_the_indicator():
    text = "全市实现地区生产总值8589.01亿元，比上年增加523亿元，增长5.2%。"
    level = by_text(text, "8589.01亿元")
    assert (level.indicator_code, level.measure) == ("gdp", "level")
    change = by_text(text, "523亿元")
    assert change.indicator_code is None
    assert change.rule.endswith("+abs_change")
    assert change.value == Decimal("52300000000")
    assert change.subject == "地区生产总值"
    growth = by_text(text, "5.2%")  # the change does not break the subject chain
    assert (growth.indicator_code, growth.measure, growth.value) == ("gdp", "yoy_pct", Decimal("5.2"))


def test_absolute_decrease_is_negative_and_unmapped():
    f = by_text("全年税收收入比上年减少12.5亿元，主要受减税降费影响。", "12.5亿元")
    assert f.indicator_code is None
    assert f.value == Decimal("-1250000000")
    assert f.rule.endswith("+abs_change")


def test_change_then_level_in_one_sentence():
    text = "全年技术合同成交额较上年增长30亿元，达到180亿元。"
    assert by_text(text, "30亿元").indicator_code is None
    level = by_text(text, "180亿元")
    assert (level.indicator_code, level.value) == ("tech_contract_value", Decimal("18000000000"))


def test_more_than_last_year_needs_a_comparison_base():
    change = by_text("全年引进高层次人才比上年多3200人。", "3200人")
    assert change.rule.endswith("+abs_change")
    plain = by_text("单个项目最多支持3家单位联合申报。", "3家")
    assert "abs_change" not in plain.rule


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("全年净增国家高新技术企业500家。", "hitech_enterprises_net_new"),
        ("全年新增国家高新技术企业500家。", "hitech_enterprises_new"),
        ("研发经费投入增加到260亿元。", "rd_expenditure"),
    ],
)
def test_flows_and_levels_reached_are_not_changes(text, code):
    fs = [f for f in facts(text) if f.indicator_code]
    assert [f.indicator_code for f in fs] == [code]
    assert "abs_change" not in fs[0].rule


def test_respectively_changes():
    fs = facts("城镇、农村居民人均可支配收入分别比上年增加2500元、1800元。")
    assert [f.value for f in fs] == [Decimal(2500), Decimal(1800)]
    assert all(f.indicator_code is None and f.rule.endswith("+abs_change") for f in fs)


# ---- ranges with the unit on both ends ----------------------------------------------


@pytest.mark.parametrize("sep", ["—", "-", "~", "至", "到"])
def test_percent_range_with_unit_on_both_ends(sep):
    text = f"力争规模以上工业增加值增长10%{sep}15%。"
    fs = facts(text)
    assert len(fs) == 1, fs
    f = fs[0]
    assert (f.indicator_code, f.measure, f.value_kind) == ("industrial_va", "yoy_pct", "target")
    assert (f.value, f.value_high) == (Decimal(10), Decimal(15))
    assert f.reported_text == f"10%{sep}15%"


def test_money_range_with_unit_on_both_ends_keeps_the_multiplier():
    f = by_text("每个项目给予5亿元—8亿元研发投入支持。", "5亿元—8亿元")
    assert (f.value, f.value_high) == (Decimal("500000000"), Decimal("800000000"))


def test_decreasing_range_is_signed_on_both_ends():
    f = by_text("单位地区生产总值能耗下降3%-5%。", "3%-5%")
    assert (f.measure, f.value, f.value_high) == ("yoy_pct", Decimal(-3), Decimal(-5))


def test_different_units_are_not_a_range():
    fs = facts("研发经费投入增长15%—10个百分点。")
    assert all(f.value_high is None for f in fs), fs


def test_range_needs_a_larger_second_end():
    fs = facts("全市研发投入强度从3.5%到3.2%。")
    assert all(f.value_high is None for f in fs)
    assert sorted(f.reported_text for f in fs) == ["3.2%", "3.5%"]


# ---- units that start with a multiplier character -----------------------------------


def test_kilowatt_hours_are_a_unit_not_a_thousand():
    f = by_text("万元地区生产总值耗电466.38千瓦时。", "466.38千瓦时")
    assert (f.value, f.unit, f.multiplier) == (Decimal("466.38"), "kWh", Decimal(1))
    g = by_text("新增装机容量120万千瓦。", "120万千瓦")
    assert (g.value, g.unit) == (Decimal("1200000"), "kW")
    h = by_text("新建城市道路3千米。", "3千米")
    assert (h.value, h.unit) == (Decimal(3), "km")


# ---- target lists (plan passages) ---------------------------------------------------


def test_target_list_runs_over_its_clauses_with_the_plan_year():
    text = (
        "全会提出，今年的主要预期目标是：全市生产总值增长6%左右；一般公共预算收入增长5%；"
        "全社会研发经费投入强度达到3.5%。\n全年技术合同成交额180亿元。"
    )
    fs = {f.reported_text: f for f in facts(text) if f.indicator_code}
    for rt in ("6%", "5%", "3.5%"):
        assert (fs[rt].value_kind, fs[rt].period_year) == ("target", 2024), fs[rt]
    assert fs["3.5%"].comparator == ">="  # 达到 in a target
    assert (fs["180亿元"].value_kind, fs["180亿元"].period_year) == ("actual", 2023)


def test_target_list_on_numbered_lines():
    ctx = DocumentContext(region_code="350200", covered_year=2023, published_year=2023)
    text = (
        "明年工作的主要目标：\n（一）地区生产总值增长6%；\n（二）研发经费投入强度3.5%。\n"
        "全年技术合同成交额180亿元。"
    )
    fs = {f.reported_text: f for f in facts(text, ctx) if f.indicator_code}
    assert (fs["6%"].value_kind, fs["6%"].period_year) == ("target", 2024)
    assert (fs["3.5%"].value_kind, fs["3.5%"].period_year) == ("target", 2024)
    assert fs["180亿元"].value_kind == "actual"


def test_inline_target_list_ends_with_its_sentence():
    text = "主要目标是：地区生产总值增长6%；研发经费投入强度3.5%。全年技术合同成交额180亿元。"
    fs = {f.reported_text: f for f in facts(text) if f.indicator_code}
    assert fs["3.5%"].value_kind == "target"
    assert fs["180亿元"].value_kind == "actual"


@pytest.mark.parametrize(
    "text",
    [
        # a slogan, not a list of targets
        "咬定一个目标:切实把发展动能转换到依靠科技创新上来；全市国家高新技术企业3500家。",
        # targets a review restates
        "年初确定的主要目标是：地区生产总值增长6%；全市国家高新技术企业3500家。",
    ],
)
def test_not_plan_passages(text):
    f = [f for f in facts(text) if f.reported_text == "3500家"][0]
    assert f.value_kind == "actual"
