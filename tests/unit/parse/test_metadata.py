"""Metadata inferred from the text alone (no manifest) on every corpus file, and the rules behind it."""

from __future__ import annotations

import datetime as dt

import pytest

from orchestration.parse import parse_document
from orchestration.parse.metadata import Labels, covered_year, find_publisher, find_title, read_labels
from tests.unit._parse_helpers import corpus

# prefix: (title, publisher, region, covered year, published date)
EXPECTED = {
    "000": (
        "厦门市科学技术局2023年工作总结和2024年工作重点",
        "厦门市科学技术局",
        "350200",
        2023,
        dt.date(2024, 2, 18),
    ),
    "001": (
        "厦门市科学技术局关于2022年工作总结和2023年工作重点的报告",
        "厦门市科学技术局",
        "350200",
        2022,
        dt.date(2023, 2, 1),
    ),
    "003": (None, None, "350200", 2019, None),  # an excerpt without title; year from the file name
    "005": (
        "厦门市科学技术局 2016 年科技创新工作总结及 2017 年工作要点",
        "厦门市科学技术局",
        "350200",
        2016,
        None,
    ),
    "006": (None, "厦门市统计局、国家统计局厦门调查队", "350200", 2021, dt.date(2022, 3, 22)),
    "010": ("2024年厦门市政府工作报告", "厦门市人民政府", "350200", 2023, dt.date(2024, 1, 11)),
    "024": (
        "2026年福建省政府工作报告——2026年1月27日在福建省第十四届人民代表大会第四次会议上",
        "福建省人民政府",
        "350000",
        2025,
        dt.date(2026, 2, 6),
    ),
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_corpus_metadata_without_manifest(prefix: str) -> None:
    path = corpus(prefix)
    doc = parse_document(path.read_bytes(), source_uri=f"inbox/{path.name}")
    title, publisher, region, year, published = EXPECTED[prefix]
    assert (doc.title, doc.publisher, doc.region_code, doc.covered_year, doc.published_date) == (
        title,
        publisher,
        region,
        year,
        published,
    )


def test_index_and_document_numbers_000() -> None:
    doc = parse_document(corpus("000").read_bytes(), source_uri="000.txt")
    assert doc.index_no == "09-09-2024-001"
    assert doc.doc_no == "厦科〔2024〕9号"


def test_covered_year_of_003_needs_a_year_somewhere() -> None:
    doc = parse_document(corpus("003").read_bytes(), source_uri="inbox/report.txt")
    assert doc.covered_year is None  # the excerpt names no year; nothing is invented


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("厦门市科学技术局2023年工作总结和2024年工作重点", 2023),
        ("2024年政府工作报告", 2023),
        ("2024年深圳市政府工作报告", 2023),
        ("宁波市2022年国民经济和社会发展统计公报", 2022),
        ("泉州市2021年统计公报", 2021),
        ("福州市科技局2025年工作要点", 2025),
        ("关于２０２３年度工作总结的报告", 2023),
        ("某市科学技术局2021年度部门整体支出绩效自评报告", 2021),
    ],
)
def test_covered_year_rules(title: str, year: int) -> None:
    assert covered_year(title, [title]) == year


def test_a_government_work_report_titled_without_a_year_covers_the_year_before_its_delivery() -> None:
    text = (
        "政府工作报告\n——2024年1月24日在某省第十四届人民代表大会第三次会议上\n某省省长\n各位代表：\n"
        "一、2023年工作回顾\n过去一年，全省地区生产总值增长4.1%。\n"
    )
    doc = parse_document(text.encode(), source_uri="a.txt")
    assert (doc.covered_year, doc.published_date) == (2023, dt.date(2024, 1, 24))


def test_a_reply_to_a_suggestion_covers_the_year_before_it_was_written() -> None:
    text = (
        "某省科学技术厅关于省十四届人大二次会议第20240318号建议的答复\n某科函〔2024〕96号\n王某某代表：\n"
        "全年技术合同成交额4860.1亿元。\n某省科学技术厅\n2024年6月28日\n"
    )
    assert parse_document(text.encode(), source_uri="reply.txt").covered_year == 2023
    signed_only = text.replace("某科函〔2024〕96号\n", "")
    assert parse_document(signed_only.encode(), source_uri="reply.txt").covered_year == 2023


def test_title_publisher_region_for_other_cities() -> None:
    text = "深圳市科技创新局2023年工作总结\n2023年，全市研发投入强度达到6%。"
    doc = parse_document(text.encode(), source_uri="a.txt")
    assert (doc.title, doc.publisher, doc.region_code, doc.covered_year) == (
        "深圳市科技创新局2023年工作总结",
        "深圳市科技创新局",
        "440300",
        2023,
    )
    doc = parse_document(
        "宁波市统计局 国家统计局宁波调查队\n2022年，全市实现地区生产总值15704亿元。".encode(),
        source_uri="b.txt",
    )
    assert (
        doc.region_code == "330200"
        and doc.publisher == "宁波市统计局、国家统计局宁波调查队"
        and doc.covered_year == 2022
    )


def test_label_publisher_abbreviation_resolved_from_title() -> None:
    labels = Labels(publisher="科技局")
    assert find_publisher(labels, "泉州市科学技术局2023年工作总结", []) == "泉州市科学技术局"
    assert find_publisher(Labels(publisher="福州市科学技术局"), "2023年工作总结", []) == "福州市科学技术局"


def test_read_labels_several_on_one_line() -> None:
    labels = read_labels(
        "索引号：FJ001-2024-01 发布机构：泉州市科学技术局\n文号：泉科〔2024〕3号 发布日期：2024-03-01"
    )
    assert labels.index_no == "FJ001-2024-01"
    assert labels.publisher == "泉州市科学技术局"
    assert labels.doc_no == "泉科〔2024〕3号"
    assert labels.published == "2024-03-01"


def test_find_title_skips_body_and_headings() -> None:
    assert find_title(["一、总体进展", "全市R&D经费投入强度预计3.3%。"]) is None
    assert find_title(["2023年，全市科技工作取得新成效。"]) is None


def test_published_date_from_government_url() -> None:
    doc = parse_document(
        "厦门市科学技术局2019年工作总结\n正文。".encode(),
        source_uri="http://x.gov.cn/ghjh/202003/t20200303_2425743.htm",
    )
    assert doc.published_date == dt.date(2020, 3, 3)


def test_a_breadcrumb_is_never_the_title_and_a_plan_covers_its_base_year():
    text = (
        "首页 > 政务公开 > 规划计划\n关于印发《宁波市科技创新“十五五”规划》的通知\n发布时间：2026-03-01\n"
        "各区县（市）人民政府：\n到2030年，全市R&D经费投入强度达到4.5%。\n"
    )
    doc = parse_document(text.encode(), source_uri="/tmp/plan.txt")
    assert doc.title == "关于印发《宁波市科技创新“十五五”规划》的通知"
    assert (doc.region_code, doc.covered_year) == ("330200", 2025)


def test_the_source_label_names_the_publisher_and_a_proposal_reply_has_a_title():
    text = "市科技局2025年工作总结\n来源：成都市科学技术局  发布时间：2026-01-10\n2025年，全市高新技术企业达到1.3万家。\n"
    assert parse_document(text.encode(), source_uri="/tmp/s.txt").region_code == "510100"
    text = "关于市政协十五届三次会议第0123号提案的答复\n张委员：\n您提出的建议收悉。\n西安市科学技术局\n2025年6月10日\n"
    assert (
        parse_document(text.encode(), source_uri="/tmp/r.txt").title
        == "关于市政协十五届三次会议第0123号提案的答复"
    )


def test_a_short_title_opening_with_its_year_is_a_title():
    text = "2025年全省科技工作会议报告\n同志们：\n过去一年，全省研发投入强度达到2.6%。\n湖北省科学技术厅\n"
    doc = parse_document(text.encode(), source_uri="/tmp/t.txt")
    assert (doc.title, doc.covered_year) == ("2025年全省科技工作会议报告", 2025)
