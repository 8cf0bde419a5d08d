"""parse_document: bytes -> ParsedDocument (canonical text, metadata, sentences).

Never raises anything but UnreadableDocument, whatever the bytes. The bytes decide what a
document is (PDF, Word .docx/.doc, Excel .xlsx/.xls, HTML, text); the name or media type
only hints (CSV, a WPS file) — and when the two disagree, a warning or the quarantine
reason says so (an HTML "403 访问被拒绝" page saved as report.pdf is quarantined as an
error page, a text file named .pdf is read as text with a warning). Every text goes
through `normalise_text` (Kangxi / CJK radicals -> unified ideographs) before parsing.
"""

from __future__ import annotations

import re
from functools import cache

from orchestration.parse.clean import clean_text
from orchestration.parse.convert import ole_streams, word_binary_text
from orchestration.parse.decode import decode_bytes
from orchestration.parse.html import HtmlArticle, extract_html, looks_like_html
from orchestration.parse.metadata import Labels, infer_metadata, read_labels
from orchestration.parse.model import ParsedDocument, UnreadableDocument
from orchestration.parse.normalise import normalise_text, text_layer_report
from orchestration.parse.office import csv_text, docx_text, xls_text, xlsx_text
from orchestration.parse.pdf import extract_pdf_text, is_pdf
from orchestration.text.script import char_class, is_traditional, to_simplified
from orchestration.text.sentences import split_sentences

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


_EXT_KIND = {
    ".pdf": "pdf",
    ".doc": "doc",
    ".docx": "docx",
    ".wps": "wps",
    ".xls": "xls",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".et": "xls",
    ".csv": "csv",
}
_MEDIA_KIND = {
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/kswps": "wps",
    "application/vnd.ms-works": "wps",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/csv": "csv",
}
_BINARY_KINDS = {"pdf", "doc", "docx", "wps", "xls", "xlsx"}
_SNIFFED_NAME = {
    "pdf": "a PDF",
    "docx": "a Word .docx document",
    "xlsx": "an Excel .xlsx workbook",
    "ole-word": "a Word 97-2003 (.doc) document",
    "ole-excel": "an Excel 97-2003 (.xls) workbook",
}
_SNIFFED_FAMILY = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "ole-word": "doc wps", "ole-excel": "xls"}
_OUT_MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ole-word": "application/msword",
    "ole-excel": "application/vnd.ms-excel",
}
# What web servers and WAFs send instead of a file: "403 访问被拒绝", "404 页面不存在" …
_ERROR_PAGE = re.compile(
    r"访问被拒绝|拒绝访问|禁止访问|访问受限|无权访问|无法访问|access denied|forbidden|页面不存在|页面未找到|"
    r"找不到(?:该|您要访问的|您所访问的)?页面|文件不存在|not found|安全(?:防护|拦截|狗)|防火墙|\bwaf\b|"
    r"请求(?:已)?被(?:拦截|阻断)|验证码|just a moment|service unavailable|bad gateway|服务器(?:内部)?错误|"
    r"internal server error|too many requests|请求过于频繁|\b(?:40[0-9]|50[0-9])\b\s*(?:错误|error)",
    re.I,
)
ERROR_PAGE_MAX_CHARS = 600


def _path(source_uri: str) -> str:
    return source_uri.split("?", 1)[0].split("#", 1)[0].lower()


def _declared(source_uri: str, media_type: str | None) -> tuple[str | None, str]:
    """(kind the name or media type claims, how to say it: '.pdf' / 'application/pdf')."""
    path = _path(source_uri)
    dot = path.rfind(".")
    ext = path[dot:] if dot > path.rfind("/") else ""
    if ext in _EXT_KIND:
        return _EXT_KIND[ext], ext
    mt = (media_type or "").split(";")[0].strip().lower()
    if mt in _MEDIA_KIND:
        return _MEDIA_KIND[mt], mt
    return None, ""


def _sniff(data: bytes) -> str | None:
    """What the bytes are: pdf | docx | xlsx | ole-word | ole-excel | ole-ppt | None (text, or refused)."""
    if is_pdf(data):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        import io
        import zipfile

        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None  # decode_bytes names it (a damaged ZIP archive)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    streams = ole_streams(data)
    if streams is None:
        return None
    if "WordDocument" in streams:
        return "ole-word"
    if "Workbook" in streams or "Book" in streams:
        return "ole-excel"
    if "PowerPoint Document" in streams:
        return "ole-ppt"
    return None  # damaged or of another kind: decode_bytes names it


def _kind(data: bytes, source_uri: str, media_type: str | None) -> str:
    """pdf | html | text for decoded inputs (kept for callers that only need this much)."""
    sniffed = _sniff(data)
    if sniffed == "pdf":
        return "pdf"
    mt = (media_type or "").split(";")[0].strip().lower()
    if mt in ("text/html", "application/xhtml+xml"):
        return "html"
    if mt == "text/plain":
        return "text"
    if _path(source_uri).endswith(_HTML_EXT):
        return "html"
    return "text"


def error_page_title(art: HtmlArticle) -> str | None:
    """The title (or first line) of an HTML page that is a server error or WAF page, else None."""
    text = art.text.strip()
    if len(text) > ERROR_PAGE_MAX_CHARS:
        return None
    head = " ".join(filter(None, [art.title or "", text[:300]]))
    m = _ERROR_PAGE.search(head)
    if m is None:
        return None
    return (art.title or text.splitlines()[0] if text else m.group(0))[:80]


def _structured(data: bytes, sniffed: str, declared: str | None) -> tuple[str, list[str]]:
    """Text of a PDF, Word or Excel file (the bytes said which)."""
    if sniffed == "pdf":
        return extract_pdf_text(data)
    if sniffed == "docx":
        return docx_text(data)
    if sniffed == "xlsx":
        return xlsx_text(data)
    if sniffed == "ole-word":
        return word_binary_text(data, what="WPS Writer .wps" if declared == "wps" else "Word .doc")
    if sniffed == "ole-excel":
        return xls_text(data)
    if sniffed == "ole-ppt":
        raise UnreadableDocument("PowerPoint presentation (.ppt): slides are not read (export it as PDF)")
    if declared == "wps":
        raise UnreadableDocument(
            "WPS Writer .wps file in Kingsoft's own format (not the Word-compatible one): no converter "
            "here reads it; save it as .docx or .doc in WPS Office"
        )
    raise UnreadableDocument("Microsoft Office compound file of an unknown kind (not Word or Excel)")


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
    return re.compile(char_class(chr(c) for c in range(0x4E00, 0xA000) if chr(c) not in gb))


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
    sniffed = _sniff(data)
    declared, named = _declared(source_uri, media_type)
    warnings: list[str] = []
    encoding: str | None = None
    title: str | None = None
    labels = Labels()

    if sniffed is not None:
        kind = "pdf" if sniffed == "pdf" else "office"
        family = _SNIFFED_FAMILY.get(sniffed, "")
        if declared is not None and declared not in family.split() and sniffed in _SNIFFED_NAME:
            warnings.append(f"named {named} but is {_SNIFFED_NAME[sniffed]}; read as such")
        if declared == "wps" and sniffed not in ("ole-word", "docx"):
            raise UnreadableDocument(f"named {named} but is not a Word-compatible WPS file; not read")
        original, notes = _structured(data, sniffed, declared)
        warnings += notes
        body = normalised = normalise_text(original)
        out_media = _OUT_MEDIA.get(sniffed, "application/octet-stream")
    else:
        try:
            body, encoding = decode_bytes(data, media_type)
        except UnreadableDocument:
            if declared == "wps":
                _structured(data, "", declared)  # raises the WPS reason
            raise
        original = body
        body = normalised = normalise_text(body)
        kind = _kind(data, source_uri, media_type)
        if kind == "text" and looks_like_html(body):
            kind = "html"
        if declared in _BINARY_KINDS:
            what = "an HTML page" if kind == "html" else "plain text"
            if kind == "html":
                err = error_page_title(extract_html(body))
                if err is not None:
                    raise UnreadableDocument(
                        f"named {named} but is an HTML error page ({err!r}): the server sent an error "
                        "or access-denied page instead of the file"
                    )
            warnings.append(f"named {named} but is {what}, not a {declared.upper()} file; read as {what}")
        elif declared == "csv" and kind != "html":
            stem = source_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0] or None
            body, notes = csv_text(body, caption=stem)
            warnings += notes
            kind = "table"
        out_media = {"html": "text/html", "table": "text/csv"}.get(kind, "text/plain")
        if kind == "html":
            art = extract_html(body)
            err = error_page_title(art)
            if err is not None:
                raise UnreadableDocument(f"an HTML error or access-denied page ({err!r}), not a report")
            traditional = is_traditional(art.text)
            page = to_simplified(art.page_text) if traditional else art.page_text
            labels = read_labels(page)
            title = art.title
            body = art.text
    if kind == "pdf" or normalised is not original:  # nothing to say about an untouched text
        layer = text_layer_report(original, normalised)
        notes = layer.warnings("PDF text layer" if kind == "pdf" else "text")
        warnings += notes if kind == "pdf" else [w for w in notes if "garbled" not in w]
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
