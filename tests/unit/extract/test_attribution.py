"""Periods, areas, indicator mapping, text forms."""

from decimal import Decimal

import pytest

from orchestration.catalog.regions import Region
from orchestration.extract.areas import AreaMatcher
from orchestration.extract.engine import extract_facts
from orchestration.extract.facts import DocumentContext
from orchestration.parse.clean import clean_text

CTX = DocumentContext(region_code="350200", covered_year=2023, published_year=2024)
REGIONS = [
    Region("350000", "福建省", "福建", "province", None, "350000"),
    Region("350100", "福州市", "福州", "prefecture", "350000", "350000"),
    Region("350200", "厦门市", "厦门", "prefecture", "350000", "350000"),
    Region("350500", "泉州市", "泉州", "prefecture", "350000", "350000"),
    Region("120000", "天津市", "天津", "province", None, "120000"),
]
AREAS = AreaMatcher(REGIONS)


def ex(text, ctx=CTX):
    return extract_facts(text, ctx, areas=AREAS)


def test_periods_explicit_year_wins_and_default_is_covered_year():
    (f,) = ex("全年共登记技术合同8025项。")
    assert f.period_year == 2023
    (f,) = ex("今年登记技术合同8025项。")
    assert f.period_year == 2023
    ctx = DocumentContext(region_code="350200", covered_year=2024, published_year=2025)
    (f,) = ex("2023年全社会R&D经费投入287.9亿元。", ctx)
    assert f.period_year == 2023
    # a year naming a thing in mid-clause does not set the period
    fs = ex("颁发2022年度厦门市科学技术奖,登记技术合同8025项。")
    assert [f.period_year for f in fs if f.indicator_code] == [2023]


def test_forward_looking_section_gets_its_year_and_target():
    text = "一、总体进展\n全年登记技术合同8025项。\n三、2024年工作重点\n新增新型研发机构10家。\n"
    fs = [f for f in ex(text) if f.indicator_code]
    assert [(f.indicator_code, f.period_year, f.value_kind) for f in fs] == [
        ("tech_contracts", 2023, "actual"),
        ("new_rd_institutions", 2024, "target"),
    ]


def test_areas_default_and_named():
    (f,) = ex("全市技术合同成交额173.58亿元。")
    assert f.region_code == "350200"
    fs = ex("福州技术合同成交额增长20%,赶超厦门。")
    assert fs[0].region_code == "350100"
    # names inside organisations are not areas
    (f,) = [f for f in ex("新引进天津大学研究院等6家新型研发机构。") if f.indicator_code]
    assert f.region_code == "350200"
    # a table row per area
    fs = ex("泉州 技术合同成交额 45.2亿元\n福州 技术合同成交额 80.1亿元\n")
    assert [f.region_code for f in fs] == ["350500", "350100"]


def test_areas_degrade_without_region_list():
    (f,) = extract_facts("福州技术合同成交额80.1亿元。", CTX, areas=AreaMatcher(()))
    assert f.region_code == "350200"


def test_indicator_mapping_and_unmapped_subjects():
    codes = {
        "净增国家级高新技术企业超过600家。": "hitech_enterprises_net_new",
        "国家高新技术企业总数超过4200家。": "hitech_enterprises",
        "每万人有效发明专利拥有量达33.2件。": "invention_patents_per_10k",
        "新培育省、市级新型研发机构14家。": "new_rd_institutions",
        "入库科技型中小企业5000家。": "tech_smes",
        "新增发放科技信用贷款31.94亿元。": "tech_loans",
        "全社会研发经费投入增长10%左右。": "rd_expenditure",
        "国家级专精特新“小巨人”企业达426家。": "little_giants",
        "新增1家全国重点实验室。": None,  # gross additions to a stock are not the stock
        "全国重点实验室总数达到8家。": "key_laboratories",
        "R&D人员8.5万人。": "rd_personnel",
        "地区生产总值7033.89亿元。": "gdp",
    }
    for text, code in codes.items():
        fs = ex(text)
        assert [f.indicator_code for f in fs] == [code], text
    (f,) = ex("科学城孵化器累计入驻64个项目。")
    assert f.indicator_code is None and f.subject == "项目"
    (f,) = ex("兑现高新技术企业认定奖励资金超过7亿元。")
    assert f.indicator_code is None and "资金" in f.subject
    # enterprise R&D expenses are not whole-society R&D expenditure
    assert {f.indicator_code for f in ex("涉及研发费用额287.9亿元。")} == {"rd_expense_deduction"}


def test_traditional_mirror_text_once_the_parser_dropped_its_pinyin():
    text = clean_text("初步核算,全年地區生產總(zǒng)值(GDP)7033.89億元,比上年增長(zhǎng)8.1%。")
    fs = ex(text)
    assert [(f.indicator_code, f.measure) for f in fs] == [("gdp", "level"), ("gdp", "yoy_pct")]
    for f in fs:
        assert text[f.char_start : f.char_end] == f.reported_text
    assert fs[0].value == Decimal("703389000000")


def test_fullwidth_digits_once_the_parser_dropped_the_bbcode():
    text = clean_text("[b]技术合同成交额[/b]１７３．５８亿元，同比增长２９．３４％。")
    fs = ex(text)
    assert [(f.indicator_code, f.measure, f.value) for f in fs] == [
        ("tech_contract_value", "level", Decimal("17358000000")),
        ("tech_contract_value", "yoy_pct", Decimal("29.34")),
    ]


def test_pdf_line_break_inside_prose_once_the_parser_joined_it():
    text = clean_text(
        "推动企业成为成果转化主体，全年共登记技术合同8025项，合同成交\n金额173.58亿元。", pdf=True
    )
    fs = [f for f in ex(text) if f.indicator_code]
    assert [f.indicator_code for f in fs] == ["tech_contracts", "tech_contract_value"]


def test_a_number_broken_at_its_decimal_point_is_read_once_the_parser_joined_it():
    text = clean_text("全年技术合同成交额173\n.58亿元，同比增长29.\n34%。")
    assert [(f.reported_text, f.indicator_code) for f in ex(text)] == [
        ("173.58亿元", "tech_contract_value"),
        ("29.34%", "tech_contract_value"),
    ]


def test_evidence_and_sentence_index():
    text = "一、总体进展\n全市R&D经费投入强度预计3.3%。净增国家级高新技术企业超过600家。"
    fs = ex(text)
    assert fs[1].evidence == "净增国家级高新技术企业超过600家。"
    assert fs[1].sentence_index == fs[0].sentence_index + 1


@pytest.mark.parametrize(
    ("sentence", "number", "year", "kind", "region", "comparator"),
    [
        # period_year_of: a year stated before the number dates it; a from-value is the year before's
        ("2022年，全市高新技术企业3500家。", "3500家", 2022, "actual", "350200", "="),
        ("全市研发投入由2.1%提高到2.6%。", "2.1%", 2022, "actual", "350200", "="),
        ("五年来，全市研发投入由100亿元提高到200亿元。", "100亿元", 2018, "actual", "350200", "="),
        # value_kind_of: a target cue, an estimate cue, a number naming a target
        ("力争2024年技术合同成交额达到200亿元。", "200亿元", 2024, "target", "350200", ">="),
        ("预计全年研发投入增长10%。", "10%", 2023, "estimate", "350200", "="),
        ("完成年初确定的研发投入增长10%的目标。", "10%", 2023, "target", "350200", "="),
        # area_of: the clause's area, the country, a superlative's area, continued by the next clause
        ("全国R&D经费投入3.3万亿元。", "3.3万亿元", 2023, "actual", "100000", "="),
        ("福州市研发投入200亿元，投入强度2.5%。", "2.5%", 2023, "actual", "350100", "="),
        ("研发投入强度最高的是湖里区，达到4.5%。", "4.5%", 2023, "actual", "350206", "="),
    ],
)
def test_attribution_of_a_number(sentence, number, year, kind, region, comparator):
    f = next(f for f in extract_facts(sentence, CTX) if f.reported_text == number)
    assert (f.period_year, f.value_kind, f.region_code, f.comparator) == (year, kind, region, comparator)
