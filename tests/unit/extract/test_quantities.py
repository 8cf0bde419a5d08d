"""Number grammar: Arabic, full-width, Chinese numerals, multipliers, ranges, 余/多, non-quantities."""

from decimal import Decimal

from orchestration.extract.areas import AreaMatcher
from orchestration.extract.engine import extract_facts
from orchestration.extract.facts import DocumentContext

CTX = DocumentContext(region_code="350200", covered_year=2023, published_year=2024)
NO_AREAS = AreaMatcher(())


def facts(text, ctx=CTX):
    return extract_facts(text, ctx, areas=NO_AREAS)


def values(text):
    return [f.value for f in facts(text)]


def test_a_chinese_decimal_is_read_whole_not_from_its_last_digit():
    # (read from 点 on, 一百二十三点四亿元 would be a silent 4亿元)
    assert values("全市技术合同成交额一百二十三点四亿元。") == [Decimal("12340000000")]


def test_decimal_exactness_with_multiplier():
    (f,) = [f for f in facts("涉及研发费用额287.9亿元。") if f.unit == "CNY"]
    assert f.value == Decimal("28790000000")
    assert f.multiplier == Decimal(100_000_000)
    assert f.reported_value == "287.9" and f.reported_unit == "亿元"


def test_thousands_separator_and_wan_on_number():
    assert values("全年接待游客1,234,567人次。") == [Decimal(1234567)]
    assert values("国家高新技术企业超1.5万家。") == [Decimal(15000)]
    assert values("数字经济增加值预计达3.4万亿元。") == [Decimal("3400000000000")]


def test_fullwidth_digits_fold_without_moving_offsets():
    text = "技术合同成交额１７３．５８亿元。"
    (f,) = facts(text)
    assert f.value == Decimal("17358000000")
    assert text[f.char_start : f.char_end] == f.reported_text == "１７３．５８亿元"


def test_chinese_numeral_counts_and_idioms():
    fs = facts("省创新实验室三位科学家新当选两院院士。")
    assert [f.value for f in fs] == [Decimal(3)]
    assert values("新增一千二百家科技型中小企业。") == [Decimal(1200)]
    # idioms and names are not quantities
    assert values("加强与“一带一路”沿线国家合作,建设一流大学,首个试剂盒上市,引进一批项目。") == []
    assert values("“十四五”收官之年,深入推进“三争”行动。") == []


def test_ranges_apply_multiplier_to_both_ends():
    (f,) = facts("单个项目给予10-20万元资助。")
    assert f.value == Decimal(100000) and f.value_high == Decimal(200000)


def test_yu_duo_mean_more_than():
    (f,) = facts("惠及消费者750多万人次。")
    assert f.value == Decimal(7500000) and f.comparator == ">"
    (f,) = facts("累计培育企业300余家。")
    assert f.value == Decimal(300) and f.comparator == ">"


def test_years_documents_numbers_and_clutter_are_not_quantities():
    text = (
        "备注/文号:厦科〔2024〕9号\n时间:2024-02-18 17:04\n2023年是开局之年。\n"
        "网站标识码:3502000032 闽ICP备20014390号-1\n地址:虎园路2号 邮编:361003 电话:0592-2222222\n"
        "PM2.5浓度下降,新增5G基站。"
    )
    assert facts(text) == []


def test_numbers_in_titles_are_not_quantities():
    assert values("《全球创新指数(GII)2022》显示排名上升。") == []
