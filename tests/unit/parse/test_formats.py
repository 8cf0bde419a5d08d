"""Word, Excel and CSV reports, radical-laden PDF text layers, bytes that are not what their name says."""

from __future__ import annotations

import shutil
import unicodedata

import pytest

from orchestration.extract import DocumentContext, extract_facts
from orchestration.parse import parse_document
from orchestration.parse.convert import word_binary_text
from orchestration.parse.model import TABLE_SEP, UnreadableDocument
from orchestration.parse.normalise import normalise_text, radical_table, text_layer_report
from orchestration.parse.office import render_table
from tests.fixtures.site import build_pdf
from tests.formats import CSV_TEXT, PROSE, make_docx, make_xlsx, soffice_convert, with_radicals


def test_table_form_is_the_html_form() -> None:
    assert TABLE_SEP == " | "  # (one definition, parse/model.py: the HTML and Office readers write it)
    page = "<html><body><div><table><tr><th>地区</th><th>2023年</th></tr><tr><td>厦门市</td><td>173.58</td></tr></table>"
    page += "<p>" + "全市技术合同成交额173.58亿元。" * 5 + "</p></div></body></html>"
    doc = parse_document(page.encode(), source_uri="a.html")
    assert "地区 | 2023年\n厦门市 | 173.58" in doc.text
    rows = render_table(
        [["2023年主要指标", "2023年主要指标", "2023年主要指标"], ["指标", "数值", ""], ["", "", ""]]
    )
    assert rows == ["2023年主要指标", "指标 | 数值"]  # a title merged across the table is a caption line


def test_docx_paragraphs_and_tables_in_order() -> None:
    doc = parse_document(make_docx(), source_uri="/r/2023年工作总结.docx")
    lines = doc.text.splitlines()
    assert lines[0] == PROSE[0] and lines[1] == PROSE[1] and lines[-1] == PROSE[2]
    assert "指标 | 2023年 | 2023年" in lines  # the merged header cell repeated into both columns
    assert "指标 | 数值 | 增长(%)" in lines  # the vertically merged 指标 repeated down
    assert "技术合同成交额（亿元） | 173.58 | 29.34" in lines
    assert lines.index("技术合同成交额（亿元） | 173.58 | 29.34") < lines.index(PROSE[2])
    assert doc.title == PROSE[0] and doc.covered_year == 2023
    facts = extract_facts(doc.text, DocumentContext(region_code="350200", covered_year=2023))
    assert any(f.value == 173.58 * 10**8 or str(f.reported_value) == "173.58" for f in facts)


def test_xlsx_sheets_merged_headers_and_displayed_values() -> None:
    doc = parse_document(make_xlsx(), source_uri="/r/主要指标.xlsx")
    lines = doc.text.splitlines()
    assert lines[:5] == [
        "主要指标",
        "2023年厦门市科技创新主要指标",
        "指标 | 单位 | 数值 | 数值",
        "指标 | 单位 | 2023年 | 2022年",
        "技术合同成交额 | 亿元 | 173.58 | 134.2",
    ]
    assert "研发经费投入强度 | % | 3.3% | 3.2%" in lines  # as displayed (0.0% format)
    assert "高新技术企业 | 家 | 3000 | 2400" in lines  # whole numbers without ".0"
    assert lines[-2:] == ["说明", PROSE[1]]


def test_xls_via_xlrd() -> None:
    xls = soffice_convert(make_xlsx(), ".xlsx", "xls")
    doc = parse_document(xls, source_uri="/r/主要指标.xls")
    lines = doc.text.splitlines()
    assert "指标 | 单位 | 数值 | 数值" in lines and "技术合同成交额 | 亿元 | 173.58 | 134.2" in lines
    assert "研发经费投入强度 | % | 3.3% | 3.2%" in lines


def test_csv_in_gb18030_is_a_table() -> None:
    doc = parse_document(CSV_TEXT.encode("gb18030"), source_uri="/r/2023年技术合同.csv")
    assert doc.text.splitlines() == [
        "2023年技术合同",
        "地区 | 技术合同成交额(亿元) | 同比增长(%)",
        "厦门市 | 173.58 | 29.34",
        "福州市 | 120.5 | 12.1",
    ]
    assert doc.encoding == "gb18030"


@pytest.mark.parametrize("converter", ["libreoffice", "antiword"])
def test_doc_through_a_real_converter(converter: str) -> None:
    if converter == "antiword" and shutil.which("antiword") is None:
        pytest.skip("antiword is not installed: apt-get install antiword")
    doc_bytes = soffice_convert(make_docx(), ".docx", "doc")
    text, notes = word_binary_text(doc_bytes, converters=(converter,))
    assert PROSE[1] in text and PROSE[2] in text
    assert "技术合同成交额（亿元） | 173.58 | 29.34" in text
    assert notes[0] == f"Word .doc converted with {converter}"


def test_doc_and_wps_load_and_kingsoft_format_is_refused() -> None:
    doc_bytes = soffice_convert(make_docx(), ".docx", "doc")
    doc = parse_document(doc_bytes, source_uri="/r/总结.doc")
    assert PROSE[1] in doc.text and doc.media_type == "application/msword"
    wps = parse_document(doc_bytes, source_uri="/r/总结.wps")  # WPS Office's Word-compatible .wps
    assert wps.text == doc.text and any("WPS Writer .wps converted" in w for w in wps.warnings)
    with pytest.raises(UnreadableDocument, match="Kingsoft's own format"):
        parse_document(b"\x00\x01WPS\x00" + bytes(range(256)) * 4, source_uri="/r/old.wps")


def test_doc_without_converter_is_quarantined_with_the_packages_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc_bytes = soffice_convert(make_docx(), ".docx", "doc")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(UnreadableDocument, match="libreoffice-writer-nogui or antiword"):
        parse_document(doc_bytes, source_uri="/r/总结.doc")


def test_radical_table_is_derived_from_unicode_data() -> None:
    table = radical_table()
    assert chr(table[0x2ED3]) == "长" and chr(table[0x2F63]) == "生" and chr(table[0x2F00]) == "一"
    assert chr(table[0x2ED4]) == "门" and chr(table[0xF900]) == "豈"  # a compatibility ideograph
    assert sum(1 for cp in table if 0x2F00 <= cp <= 0x2FD5) == 214  # every Kangxi radical
    supplement = [
        cp for cp in range(0x2E80, 0x2F00) if unicodedata.name(chr(cp), "").startswith("CJK RADICAL")
    ]
    mapped = [cp for cp in supplement if cp in table]
    assert len(supplement) == 115 and len(mapped) >= 110  # Unicode gives no equivalent for the rest
    for cp in mapped:
        t = table[cp]  # a unified ideograph (BMP block or Extension B..H)
        assert 0x4E00 <= t <= 0x9FFF or 0x3400 <= t <= 0x4DBF or 0x20000 <= t <= 0x323AF, hex(cp)
    text = "地区⽣产总值增⻓8.5%，⼀季度１２％"
    norm = normalise_text(text)
    assert norm == "地区生产总值增长8.5%，一季度１２％" and len(norm) == len(text)  # offsets unchanged


def test_pdf_with_radicals_yields_the_same_facts_as_its_clean_text() -> None:
    from pathlib import Path

    report = (
        Path(__file__).resolve().parents[3] / "seeds/reports/000_xiamen_sti_2023_summary_full.txt"
    ).read_text()
    dirty_text = with_radicals(report)
    assert sum(1 for a, b in zip(report, dirty_text, strict=True) if a != b) > 300
    clean = parse_document(build_pdf(report), source_uri="clean.pdf")
    dirty = parse_document(build_pdf(dirty_text), source_uri="dirty.pdf")
    assert dirty.text == clean.text and dirty.title == clean.title
    assert dirty.covered_year == clean.covered_year == 2023
    assert any("radical" in w and "mapped" in w for w in dirty.warnings)
    ctx = DocumentContext(region_code="350200", covered_year=2023)
    facts_clean, facts_dirty = extract_facts(clean.text, ctx), extract_facts(dirty.text, ctx)
    assert len(facts_clean) >= 20 and facts_dirty == facts_clean
    for f in facts_dirty:  # evidence offsets are exact against the stored (normalised) text
        assert dirty.text[f.char_start : f.char_end] == f.reported_text


def test_garbled_text_layer_warns() -> None:
    garbled = "地区\ue001\ue002产总值" * 10 + "增⺀⺀" * 5 + "全市技术合同成交额173.58亿元。" * 20
    report = text_layer_report(garbled, normalise_text(garbled))
    assert any("looks garbled" in w for w in report.warnings("PDF text layer"))
    doc = parse_document(build_pdf(garbled), source_uri="g.pdf")
    assert any("PDF text layer looks garbled" in w for w in doc.warnings)


def test_waf_page_named_pdf_is_quarantined_as_an_error_page() -> None:
    waf = (
        "<html><head><title>403 访问被拒绝</title></head><body><h1>403 访问被拒绝</h1>"
        "<p>您的请求疑似攻击行为，已被网站防火墙拦截。事件ID: 8f2c1a</p></body></html>"
    ).encode()
    with pytest.raises(UnreadableDocument) as e:
        parse_document(waf, source_uri="http://bureau.gov.cn/files/report.pdf", media_type="application/pdf")
    assert "named .pdf but is an HTML error page" in str(e.value) and "访问被拒绝" in str(e.value)
    with pytest.raises(UnreadableDocument, match="error or access-denied page"):
        parse_document(waf, source_uri="http://bureau.gov.cn/art/1.html")


def test_text_named_pdf_is_read_as_text_with_a_warning() -> None:
    doc = parse_document("\n".join(PROSE).encode(), source_uri="/r/report.pdf")
    assert PROSE[1] in doc.text
    assert doc.warnings == ["named .pdf but is plain text, not a PDF file; read as plain text"]
    docx_named_xls = parse_document(make_docx(), source_uri="/r/table.xls")
    assert "named .xls but is a Word .docx document; read as such" in docx_named_xls.warnings
