"""Comparators, value kinds and measures."""

from decimal import Decimal

import pytest

from orchestration.extract.areas import AreaMatcher
from orchestration.extract.engine import extract_facts
from orchestration.extract.facts import DocumentContext

CTX = DocumentContext(region_code="350200", covered_year=2023, published_year=2024)


def one(text, **kw):
    fs = [f for f in extract_facts(text, CTX, areas=AreaMatcher(())) if f.indicator_code or kw.get("any")]
    assert len(fs) == 1, fs
    return fs[0]


@pytest.mark.parametrize(
    ("text", "cmp"),
    [
        ("国家高新技术企业超过4200家。", ">"),
        ("国家高新技术企业超4200家。", ">"),
        ("国家高新技术企业逾4200家。", ">"),
        ("国家高新技术企业突破4200家。", ">"),
        ("国家高新技术企业4200家以上。", ">="),
        ("国家高新技术企业不少于4200家。", ">="),
        ("国家高新技术企业约4200家。", "~"),
        ("国家高新技术企业4200家左右。", "~"),
        ("国家高新技术企业近4200家。", "<"),
        ("国家高新技术企业不到4200家。", "<"),
        ("国家高新技术企业接近4200家。", "<"),
        ("国家高新技术企业达4200家。", "="),
    ],
)
def test_comparators(text, cmp):
    assert one(text).comparator == cmp


def test_da_is_at_least_only_in_a_target():
    assert one("技术合同交易额达92.53亿元。").comparator == "="
    f = one("力争2024年全市R&D经费投入强度达3.4%。")
    assert (f.comparator, f.value_kind, f.period_year) == (">=", "target", 2024)


def test_kinds_and_their_scope():
    assert one("全市R&D经费投入强度预计3.3%。").value_kind == "estimate"
    assert one("初步核算,全年地区生产总值7033.89亿元。", any=True).value_kind == "estimate"
    fs = [
        f
        for f in extract_facts("力争全年R&D经费投入强度达3.4%,净增国家级高新技术企业500家。", CTX)
        if f.indicator_code
    ]
    assert [f.value_kind for f in fs] == ["target", "target"]
    # the cue holds only within its sentence
    fs = extract_facts("全市R&D经费投入强度预计3.3%。净增国家级高新技术企业超过600家。", CTX)
    assert [f.value_kind for f in fs] == ["estimate", "actual"]
    assert one("计划到2025年登记技术合同10000项。").value_kind == "target"
    # 计划 as part of a name is not a target
    f = one("新增国家级人才计划入选者106人。", any=True)
    assert f.value_kind == "actual"


def test_yoy_growth_decline_and_times():
    fs = extract_facts("技术合同成交金额173.58亿元,同比增长29.34%。", CTX)
    assert [(f.indicator_code, f.measure, f.value) for f in fs] == [
        ("tech_contract_value", "level", Decimal("17358000000")),
        ("tech_contract_value", "yoy_pct", Decimal("29.34")),
    ]
    assert one("固定资产投资下降3.3%。").value == Decimal("-3.3")
    f = one("技术合同成交额增长1.2倍。")
    assert (f.measure, f.value, f.unit) == ("yoy_pct", Decimal("120.0"), "percent")
    assert one("有效发明专利拥有量比上年增长21.9%。").measure == "yoy_pct"


def test_pp_change_share_and_level_ratio():
    f = one("R&D经费投入强度提高0.2个百分点。")
    assert (f.measure, f.value, f.unit) == ("pp_change", Decimal("0.2"), "percentage_points")
    assert one("R&D经费投入强度下降0.1个百分点。").value == Decimal("-0.1")
    fs = extract_facts("资格有效数达1928家国家高新技术企业,占全省40%。", CTX)
    assert [(f.indicator_code, f.measure) for f in fs] == [
        ("hitech_enterprises", "level"),
        ("hitech_enterprises", "share_pct"),
    ]
    f = one("规上高新技术产业增加值占规上工业增加值的比重67.13%。")
    assert (f.indicator_code, f.measure) == ("hitech_industry_va_share", "level")


def test_ranks_and_rank_changes():
    fs = extract_facts("全球百强科技集群排名上升11位,跃升至第80位。", CTX)
    assert [(f.measure, f.value) for f in fs] == [("rank_change", 11), ("level", 80)]
    assert all(f.indicator_code == "wipo_cluster_rank" for f in fs)
    (f,) = extract_facts("综合实力居全球第二位。", CTX)
    assert (f.unit, f.value) == ("rank", 2)
    (f,) = extract_facts("考核评估连续六年居全省第一。", CTX)
    assert (f.unit, f.value) == ("rank", 1)
    assert extract_facts("数字经济规模居全国第一梯队。", CTX) == []


def test_respectively_lists_match_by_position():
    fs = extract_facts("5693家企业申报加计扣除,涉及研发费用额287.9亿元,同比分别增长14.25%、15.68%。", CTX)
    growth = [f for f in fs if f.measure == "yoy_pct"]
    assert [g.value for g in growth] == [Decimal("14.25"), Decimal("15.68")]
    assert growth[1].indicator_code == "rd_expense_deduction"
    fs = extract_facts("城镇居民、农村居民人均可支配收入分别增长4.5%、5.7%。", CTX)
    assert [f.indicator_code for f in fs] == ["disposable_income_urban", "disposable_income_rural"]


def test_average_annual_growth_is_not_year_on_year():
    (f,) = extract_facts("五年来,全社会研发经费投入年均增长10.5%。", CTX)
    assert f.indicator_code is None and "multi_year" in f.rule
