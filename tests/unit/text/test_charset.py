"""The one charset policy (text/charset.py), as the fetcher and the parser both use it."""

from __future__ import annotations

import codecs

import pytest

from orchestration.parse.decode import decode_bytes
from orchestration.text.charset import canonical_encoding, declared_charset, decode_html, html_label_encoding


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-gbk", "gb18030"),
        ("GB_2312-80", "gb18030"),
        ("utf8", "utf-8"),
    ],
)
def test_canonical_encoding(name: str, expected: str) -> None:
    assert canonical_encoding(name) == expected


@pytest.mark.parametrize(
    ("data", "ctype", "expected"),
    [
        ("科技局".encode("gbk"), "text/html; charset=GBK", "gb18030"),
        ("<meta charset='gb2312'>科技局".encode("gb18030"), "text/html; charset=ISO-8859-1", "gb18030"),
        ("<meta charset=utf-8>科技局".encode(), None, "utf-8"),
        ("\ufeff科技局".encode(), "text/html; charset=gbk", "utf-8"),
        (
            "厦门市科学技术局2023年工作总结和2024年工作重点,全市R&D经费投入强度预计3.3%。".encode("gb18030")
            * 5,
            None,
            "gb18030",
        ),
        (
            "<meta charset='utf-8'>科技局".encode("gb18030"),
            None,
            "gb18030",
        ),  # lying meta: next candidate wins
    ],
)
def test_decode_html_rules(data: bytes, ctype: str | None, expected: str) -> None:
    text, encoding = decode_html(data, ctype, hints=("gb18030",) if b"utf-8" in data else ())
    assert encoding == expected
    assert "科技局" in text or "科学技术局" in text


# Where the fetcher's and the parser's copies used to disagree, and what both do now.


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("gb231280", "gb18030"),  # the fetcher's table lacked it: the label was ignored
        ("GB_2312", "gb18030"),
        ("x_gbk", "gb18030"),  # the fetcher did not fold "_" to "-": ignored
        ("hz-gb-2312", "gb18030"),  # the fetcher decoded it with Python's 7-bit "hz" codec
        ("big5", "big5hkscs"),  # the fetcher used plain big5, the parser its HKSCS superset
        ("cp950", "big5hkscs"),
        ("utf-8-sig", "utf-8"),  # the fetcher returned utf-8-sig
    ],
)
def test_one_alias_table_for_fetcher_and_parser(label: str, expected: str) -> None:
    assert canonical_encoding(label) == expected
    assert html_label_encoding(label) == expected


def test_big5_page_reads_the_same_in_fetcher_and_parser() -> None:
    # 峯 is in Big5-HKSCS but not in plain Big5: the fetcher's old copy fell back to detection
    text = "<html><head><meta charset='big5'></head><body>香港特別行政區統計處 峯 2023年</body></html>"
    data = text.encode("big5hkscs")
    with pytest.raises(UnicodeDecodeError):
        data.decode("big5")
    assert decode_html(data) == (text, "big5hkscs")
    assert decode_bytes(data, "text/html; charset=big5") == (text, "big5hkscs")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (b"\x84\x31\x95\x33", "gb18030"),
    ],
)
def test_fetcher_reads_every_bom_the_parser_reads(bom: bytes, codec: str) -> None:
    # the fetcher's old copy knew only UTF-8/UTF-16 BOMs (a UTF-32 LE page read as UTF-16)
    page = "<a href='/a.html'>科技局</a>"
    data = (bom if codec != "gb18030" else b"\x84\x31\x95\x33") + page.encode(codec)
    assert decode_html(data) == (page, codec)


def test_latin1_label_in_a_web_page_means_windows_1252_only_for_the_fetcher() -> None:
    # kept difference: the WHATWG rule for labels in a web page (the fetcher's link decoding);
    # the parser reads a declared latin-1 as ISO-8859-1 and lets its readability check judge
    assert html_label_encoding("ISO-8859-1") == "cp1252"
    assert canonical_encoding("ISO-8859-1") == "iso8859-1"
    assert declared_charset(b"<meta charset='iso-8859-1'>", None) == "iso8859-1"


def test_xml_declaration_counts_for_the_fetcher_too() -> None:
    page = "<?xml version='1.0' encoding='gb2312'?><html><body>科学技术局 2023</body></html>"
    assert decode_html(page.encode("gb18030")) == (page, "gb18030")


def test_meta_charset_found_after_4096_bytes() -> None:
    # the parser looked in 4,096 bytes, the fetcher in 8,192: both now use 8,192
    page = "<html><head><!--" + "x" * 5000 + "--><meta charset=gbk></head><body>科学技术局 2023</body></html>"
    assert declared_charset(page.encode("gb18030"), None) == "gb18030"
