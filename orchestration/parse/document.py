"""parse_document: bytes -> ParsedDocument (canonical text, metadata, sentences).

Never raises anything but UnreadableDocument, whatever the bytes.
"""

from __future__ import annotations

import re
from functools import cache

from orchestration.documents import ParsedDocument, UnreadableDocument
from orchestration.parse.clean import clean_text
from orchestration.parse.decode import decode_bytes
from orchestration.parse.html import extract_html, looks_like_html
from orchestration.parse.metadata import Labels, infer_metadata, read_labels
from orchestration.parse.pdf import extract_pdf_text, is_pdf
from orchestration.parse.script import _char_class, is_traditional, to_simplified
from orchestration.parse.sentences import split_sentences

MAX_BYTES = 64 * 1024 * 1024
_HTML_EXT = (".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def parse_document(data: bytes, *, source_uri: str, media_type: str | None = None) -> ParsedDocument:
    """Decode, clean and segment one report; raise `UnreadableDocument` with a reason if impossible."""
    try:
        return _parse(bytes(data), source_uri=source_uri or "", media_type=media_type)
    except UnreadableDocument:
        raise
    except RecursionError:
        raise UnreadableDocument("document structure too deeply nested to read") from None
    except MemoryError:
        raise UnreadableDocument("document too large to read (out of memory)") from None
    except Exception as e:  # noqa: BLE001 - the contract: bad input never crashes a run
        raise UnreadableDocument(
            f"document could not be parsed ({type(e).__name__}: {str(e)[:200]})"
        ) from None


def _kind(data: bytes, source_uri: str, media_type: str | None) -> str:
    mt = (media_type or "").split(";")[0].strip().lower()
    if is_pdf(data):
        return "pdf"
    if mt in ("text/html", "application/xhtml+xml"):
        return "html"
    path = source_uri.split("?", 1)[0].split("#", 1)[0].lower()
    if mt == "text/plain":
        return "text"
    if path.endswith(_HTML_EXT):
        return "html"
    if mt == "application/pdf" or path.endswith(".pdf"):
        return "pdf?"  # declared PDF but no PDF header: decided after decoding
    return "text"


@cache
def _gb2312_chars() -> frozenset[str]:
    chars = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


@cache
def _rare_re() -> re.Pattern:
    """CJK ideographs (U+4E00..U+9FFF) outside GB2312, as one character class."""
    gb = _gb2312_chars()
    return re.compile(_char_class(chr(c) for c in range(0x4E00, 0xA000) if chr(c) not in gb))


# re's \w is str.isalnum() plus "_": [\W_] is exactly the characters that are not alphanumeric
_NOT_ALNUM = re.compile(r"[\W_]")


def _check_readable(text: str, sample: int = 6000) -> None:
    """Refuse text that decoded to gibberish (random bytes, wrong encoding).

    Counts come from C-level string and regex operations (no per-character
    Python calls): visible = non-whitespace, wordish = alphanumeric."""
    if len(text) > sample:
        half = sample // 2
        mid = len(text) // 2
        text = text[:half] + text[mid : mid + half]
    visible = len("".join(text.split()))  # str.split() splits on exactly the str.isspace() characters
    if visible == 0:
        raise UnreadableDocument("no readable text in the document")
    wordish = len(text) - _NOT_ALNUM.subn("", text)[1]
    if visible >= 20 and wordish / visible < 0.4:
        raise UnreadableDocument("text is not readable (mostly symbols, no words)")
    rare = _rare_re().subn("", text)[1]  # occurrences of CJK ideographs outside GB2312
    if not rare:
        return
    if rare < 30 or rare < 0.1 * visible:
        return
    cjk = len(_CJK.findall(text))
    if cjk >= 30 and rare / cjk > 0.4:
        raise UnreadableDocument(
            f"text is not readable: {rare / cjk:.0%} of its Chinese characters are rare ones "
            "(random bytes or a wrong character encoding)"
        )


def _parse(data: bytes, *, source_uri: str, media_type: str | None) -> ParsedDocument:
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(
            f"file too large ({len(data) / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MB)"
        )
    kind = _kind(data, source_uri, media_type)
    warnings: list[str] = []
    encoding: str | None = None
    title: str | None = None
    labels = Labels()

    if kind == "pdf":
        body, notes = extract_pdf_text(data)
        warnings += notes
        out_media = "application/pdf"
    else:
        body, encoding = decode_bytes(data, media_type)
        if kind == "pdf?":
            warnings.append("declared a PDF but has no PDF header; read as text")
            kind = "text"
        if kind == "text" and looks_like_html(body):
            kind = "html"
        out_media = "text/html" if kind == "html" else "text/plain"
        if kind == "html":
            art = extract_html(body)
            traditional = is_traditional(art.text)
            page = to_simplified(art.page_text) if traditional else art.page_text
            labels = read_labels(page)
            title = art.title
            body = art.text
    traditional = is_traditional(body)
    if traditional:
        body = to_simplified(body)
        title = to_simplified(title) if title else title
    if kind != "html":
        labels = read_labels(body, max_lines=60)

    text = clean_text(body, pdf=kind == "pdf")
    if not text.strip():
        raise UnreadableDocument("no readable text in the document (only page clutter or whitespace)")
    _check_readable(text)

    meta = infer_metadata(text, labels=labels, title=title, source_uri=source_uri)
    return ParsedDocument(
        text=text,
        title=meta.title,
        publisher=meta.publisher,
        region_code=meta.region_code,
        covered_year=meta.covered_year,
        published_date=meta.published_date,
        index_no=meta.index_no,
        doc_no=meta.doc_no,
        encoding=encoding,
        media_type=out_media,
        script="traditional" if traditional else "simplified",
        sentences=split_sentences(text),
        warnings=warnings,
    )
