"""Rejoining lines a page broke (parse/line_joins.py), directly and through clean_text."""

from __future__ import annotations

import pytest

from orchestration.parse.clean import clean_text
from orchestration.parse.line_joins import join_wrapped, looks_hard_wrapped


def test_genuine_paragraphs_and_tables_are_not_joined() -> None:
    text = (
        "一、综合\n经济总量\n初步核算，全年地区生产总值7033.89亿元。\n厦门\n7033.89\n8.1\n福州\n12308.23\n8.4"
    )
    assert clean_text(text) == text


def test_hard_wrapped_text_is_joined_inside_words_and_numbers() -> None:
    lines = [
        "2023年，全市技术合同成交额达到173.",
        "58亿元，同比增长29.34%，全社会研发投入强度",
        "预计达到3.3%，净增国家级高新技术企业超过6",
        "00家，新增省级新型研发机构12家，高新区营",
        "业收入突破一千亿元，科技型中小企业评价入",
        "库数量再创新高，科技创新整体实力持续提升。",
        "二、2024年工作重点",
        "（一）加快建设厦门科学城。",
    ]
    assert looks_hard_wrapped(lines)
    joined = join_wrapped(lines)
    assert joined[0].startswith("2023年，全市技术合同成交额达到173.58亿元")
    assert "净增国家级高新技术企业超过600家" in joined[0]
    assert "高新区营业收入突破一千亿元" in joined[0]
    assert joined[1:] == ["二、2024年工作重点", "（一）加快建设厦门科学城。"]


def test_short_plain_lines_are_not_hard_wrapped() -> None:
    assert not looks_hard_wrapped(
        ["厦门市科学技术局", "2023年工作总结", "一、总体进展", "全市R&D经费投入强度预计3.3%。"]
    )


def test_a_number_broken_at_its_decimal_point_is_joined():
    assert clean_text("成交额173\n.58亿元\n增长29.\n34%。") == "成交额173.58亿元\n增长29.34%。"
    assert clean_text("增长２９．\n３４％。") == "增长２９．３４％。"
    # a line ending in a number, then a line starting with one: two lines
    assert clean_text("成交额173亿元，增长12\n3.一季度") == "成交额173亿元，增长12\n3.一季度"


def test_a_clause_broken_before_its_number_is_joined():
    # a short line of a PDF's text layer or a page break: the number goes on with its clause
    assert (
        clean_text("全市科技型中小企业评价入库\n3200家，增长18%。")
        == "全市科技型中小企业评价入库3200家，增长18%。"
    )


@pytest.mark.parametrize(
    "raw",
    [
        "厦门市科学技术局2024年工作总结\n2024年，全市研发投入280亿元。",  # a title, then a year
        "地区\n研发经费（亿元）\n福州市\n180.5\n厦门市\n230.1",  # a table, one cell per line
        "一、主要指标\n3200家科技型中小企业入库。",  # a heading
        "全市研发投入280亿元。\n3200家企业入库。",  # a sentence that ended
    ],
)
def test_lines_that_do_not_go_on_with_the_clause_above_stay_apart(raw):
    assert clean_text(raw) == raw


def test_a_word_broken_before_its_number_is_joined():
    # the last character of a word on the next line, then its number: 成交 / 额83.6亿元
    assert (
        clean_text("（二）成果转化加快推进。全年技术合同成交\n额83.6亿元，增长27.4%。")
        == "（二）成果转化加快推进。全年技术合同成交额83.6亿元，增长27.4%。"
    )
    # a numbered item that holds a sentence is no heading: its clause goes on below it
    assert clean_text("（五）科技金融深度融合。成果转化贷款为企业放款\n6.8亿元，增长5%。") == (
        "（五）科技金融深度融合。成果转化贷款为企业放款6.8亿元，增长5%。"
    )
    # a heading alone stays apart, and so does a short line
    assert clean_text("（五）科技金融\n6.8亿元，增长5%。") == "（五）科技金融\n6.8亿元，增长5%。"
    assert clean_text("科技金融成效\n额6.8亿元，增长5%。") == "科技金融成效\n额6.8亿元，增长5%。"


def test_a_number_broken_from_its_unit_is_joined():
    assert (
        clean_text("研发投入强度达到3.5%，高新技术企业超过7万\n家。")
        == "研发投入强度达到3.5%，高新技术企业超过7万家。"
    )
    # a table's cells, one per line, are no unit of the number above them
    assert clean_text("地区\n2023\n家数") == "地区\n2023\n家数"


def test_a_clause_broken_before_a_percentage_is_joined():
    assert (
        clean_text("全市研发投入强度为\n2.18%，比上年提高0.05个百分点。")
        == "全市研发投入强度为2.18%，比上年提高0.05个百分点。"
    )


def test_tab_separated_rows_and_a_table_caption_are_not_joined() -> None:
    # a title, a caption 表1 and spreadsheet rows (cells between tabs): none is a wrapped line
    text = (
        "福建省2024年研究与试验发展经费投入统计公报\n表1  2024年各设区市R&D经费投入情况\n"
        "地区\tR&D经费（亿元）\tR&D经费投入强度（%）\n福州市\t320.5\t2.35\n厦门市\t330.1\t3.90\n"
        "泉州市\t210.2\t1.60"
    )
    assert clean_text(text) == text


def test_a_short_line_ending_no_sentence_stays_apart_in_wrapped_text() -> None:
    # the publisher under the title of a PDF bulletin is a line of its own; the wrapped
    # paragraph below is joined
    lines = [
        "厦门市2024年国民经济和社会发展统计公报",
        "厦门市统计局",
        "全年全市研究与试验发展（R&D）经费",
        "投入预计达到380.5亿元，比上年增长10.2%，",
        "相当于全市地区生产总值的比例为4.1%。年末",
        "全市国家高新技术企业4316家，比上年末增",
        "加512家。全年技术合同成交额268.3亿元，",
        "增长15.9%。",
    ]
    assert looks_hard_wrapped(lines)
    joined = join_wrapped(lines)
    assert joined[:2] == ["厦门市2024年国民经济和社会发展统计公报", "厦门市统计局"]
    assert "国家高新技术企业4316家，比上年末增加512家。" in joined[2]
