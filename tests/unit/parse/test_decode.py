"""Decoding: BOMs, declared charsets (gb2312 read as GB18030), detection, refusals."""

from __future__ import annotations

import codecs

import pytest

from orchestration.parse import parse_document
from orchestration.parse.decode import decode_bytes, sniff_binary
from orchestration.parse.model import UnreadableDocument

REPORT = "厦门市科学技术局2023年工作总结\n全市R&D经费投入强度预计3.3%。技术合同成交额173.58亿元。\n"


def test_gb18030_html_declaring_gb2312() -> None:
    # 䶮 (U+4DAE) and 𠮷 (U+20BB7) exist in GB18030 but not in GB2312/GBK: a strict gb2312 decode would fail.
    body = "<p>全市R&amp;D经费投入强度预计3.3%，龑䶮𠮷企业净增600家。</p>"
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>厦门市科学技术局2023年工作总结_厦门市科学技术局</title></head>"
        f"<body><div id='zoom'>{body}</div></body></html>"
    )
    data = html.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")
    text, enc = decode_bytes(data)
    assert enc == "gb18030"
    assert "䶮𠮷企业净增600家" in text
    doc = parse_document(data, source_uri="http://example.gov.cn/a.htm")
    assert "䶮𠮷企业净增600家" in doc.text
    assert doc.encoding == "gb18030"


def test_http_header_charset_wins_for_gbk() -> None:
    data = REPORT.encode("gbk")
    text, enc = decode_bytes(data, "text/plain; charset=GBK")
    assert enc == "gb18030" and text == REPORT


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (b"\x84\x31\x95\x33", "gb18030"),
    ],
)
def test_boms(bom: bytes, codec: str) -> None:
    data = bom + REPORT.encode(codec)
    text, enc = decode_bytes(data)
    assert text == REPORT and enc == codec
    doc = parse_document(data, source_uri="r.txt")
    assert doc.text.startswith("厦门市科学技术局2023年工作总结")
    assert "\ufeff" not in doc.text


def test_undeclared_gb18030_is_detected() -> None:
    data = (REPORT * 5).encode("gb18030")
    text, enc = decode_bytes(data)
    assert enc == "gb18030" and text == REPORT * 5


def test_big5_text_is_decoded_and_simplified() -> None:
    trad = "廈門市統計局\n2021年，全市地區生產總值7033.89億元，比上年增長8.1%。經濟總體呈現平穩增長態勢。\n"
    data = trad.encode("big5")
    doc = parse_document(data, source_uri="b.txt", media_type="text/plain; charset=big5")
    assert doc.script == "traditional"
    assert "地区生产总值7033.89亿元" in doc.text


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG image"),
        (b"GIF89a" + b"\x01" * 64, "GIF image"),
        (b"PK\x03\x04" + b"\x14" * 26 + b"word/document.xml", "Word document (.docx)"),
        (b"PK\x03\x04" + b"\x14" * 26 + b"xl/workbook.xml", "Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Microsoft Office document (.doc/.xls/.ppt)"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 64, "gzip archive"),
        (b"\x7fELF" + b"\x02" * 64, "ELF executable"),
    ],
)
def test_binary_files_are_refused_with_their_type(data: bytes, what: str) -> None:
    assert sniff_binary(data) == what
    with pytest.raises(UnreadableDocument) as e:
        parse_document(data, source_uri="x.txt")
    assert str(e.value) == f"binary file ({what}), not a text report"


def test_nul_bytes_are_refused() -> None:
    with pytest.raises(UnreadableDocument, match="binary file"):
        parse_document(b"\x01\x02abc\x00\x00\x00\x03\xff\xfe\x00\x00def\x00", source_uri="x.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t  "])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(UnreadableDocument, match="^empty file$"):
        parse_document(data, source_uri="empty.txt")


def test_mostly_undecodable_is_refused_with_reason() -> None:
    import random

    rnd = random.Random(7)
    junk = bytes(rnd.randrange(1, 256) for _ in range(4000))
    with pytest.raises(UnreadableDocument, match="not (a )?readable"):
        parse_document(junk, source_uri="junk.txt")


def test_only_clutter_is_refused() -> None:
    with pytest.raises(UnreadableDocument, match="no readable text"):
        parse_document("下载\n打印\n收藏\n【字号：\n加大\n】\n".encode(), source_uri="nav.txt")


def test_text_without_numbers_is_fine() -> None:
    doc = parse_document("厦门市科学技术局工作总结\n本报告没有数字。\n".encode(), source_uri="a.txt")
    assert doc.text and doc.sentences
