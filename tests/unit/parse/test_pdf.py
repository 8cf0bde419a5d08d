"""PDF reports: text extraction, page-number noise, refusal of broken/encrypted files, caps."""

from __future__ import annotations

import pytest

from orchestration.parse import parse_document
from orchestration.parse import pdf as pdf_mod
from orchestration.parse.model import UnreadableDocument
from tests.unit._parse_helpers import make_pdf

LINES = [
    "Xiamen Science and Technology Bureau: 2023 summary",
    "Technology contracts reached 8025 items with a total turnover of 173.",
    "58 billion yuan, up 29.34 percent on the previous year, and the R&D",
    "intensity is estimated at 3.3 percent of regional GDP for the year.",
    "- 1 -",
]


def test_pdf_text_is_extracted_and_wrapped_lines_joined() -> None:
    data = make_pdf(LINES)
    doc = parse_document(data, source_uri="reports/summary.pdf")
    assert doc.media_type == "application/pdf"
    assert doc.encoding is None
    assert "turnover of 173.58 billion yuan" in doc.text  # number split across lines joined
    assert "previous year, and the R&D intensity" in doc.text  # words joined with a space
    assert "- 1 -" not in doc.text  # page-number marker removed
    assert doc.text.splitlines()[0] == LINES[0]  # the short title line is not glued to the body
    assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)


def test_pdf_detected_by_content_even_with_wrong_name() -> None:
    doc = parse_document(
        make_pdf(LINES), source_uri="download.php?id=1", media_type="application/octet-stream"
    )
    assert doc.media_type == "application/pdf"


def test_broken_pdf_is_unreadable() -> None:
    data = make_pdf(LINES)
    broken = data[: len(data) // 3]  # truncated: no xref, no trailer, stream cut
    with pytest.raises(UnreadableDocument, match="PDF"):
        parse_document(broken, source_uri="broken.pdf")


def test_garbage_after_pdf_header_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument, match="PDF"):
        parse_document(b"%PDF-1.7\n" + bytes(range(256)) * 8, source_uri="x.pdf")


def test_pdf_without_text_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument, match="no extractable text"):
        parse_document(make_pdf([]), source_uri="scan.pdf")


def test_encrypted_pdf_is_unreadable() -> None:
    data = make_pdf(LINES)
    # An /Encrypt dictionary in the trailer that no empty password opens.
    enc = (
        b"6 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>\nendobj\n"
    )
    data = make_pdf(LINES, extra_objects=enc)
    data = data.replace(
        b"/Root 1 0 R >>",
        b"/Root 1 0 R /Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>",
    )
    with pytest.raises(UnreadableDocument, match="encrypted PDF"):
        parse_document(data, source_uri="locked.pdf")


def test_character_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_mod, "MAX_CHARS", 50)
    text, notes = pdf_mod.extract_pdf_text(make_pdf(LINES))
    assert len(text) <= 50
    assert any("truncated" in n for n in notes)
