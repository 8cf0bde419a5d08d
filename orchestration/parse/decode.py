"""Bytes -> str for a report: binary sniffing, then the charset policy of `text/charset.py`.

Rules: BOMs, declared charsets and the alias table (gb2312/gbk -> gb18030) come from
`orchestration.text.charset`; binary files (NUL bytes, known magic numbers) are refused with a readable reason;
text that is mostly undecodable is refused rather than loaded as mojibake.
"""

from __future__ import annotations

import re

from orchestration.parse.model import UnreadableDocument
from orchestration.text.charset import bom_encoding, declared_charset, detect_encoding

# (magic prefix, offset, description). Checked before anything else.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"\x00\x00\x01\x00", 0, "icon image"),
    (b"8BPS", 0, "Photoshop image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "Microsoft Office document (.doc/.xls/.ppt)"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"\x1f\x8b", 0, "gzip archive"),
    (b"BZh", 0, "bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "xz archive"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd archive"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"\xca\xfe\xba\xbe", 0, "Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\x00asm", 0, "WebAssembly module"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"OggS", 0, "Ogg media"),
    (b"ID3", 0, "MP3 audio"),
    (b"fLaC", 0, "FLAC audio"),
    (b"\x1aE\xdf\xa3", 0, "Matroska/WebM video"),
    (b"wOFF", 0, "WOFF font"),
    (b"wOF2", 0, "WOFF2 font"),
    (b"\x00\x01\x00\x00\x00", 0, "TrueType font"),
    (b"OTTO", 0, "OpenType font"),
    (b"ftyp", 4, "MP4/QuickTime media"),
    (b"PAR1", 0, "Parquet file"),
    (b"{\\rtf", 0, "RTF document"),
    (b"CWS", 0, "Flash file"),
    (b"FWS", 0, "Flash file"),
)

# Characters that may legitimately occur in a report. Anything else (C0/C1 controls,
# private use, replacement chars) counts against readability.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff]")


def sniff_binary(data: bytes) -> str | None:
    """Describe a binary file type, or None when the bytes may be text."""
    head = data[:16]
    for magic, off, what in _MAGIC:
        if head[off : off + len(magic)] == magic:
            return what
    if head.startswith(b"RIFF") and len(data) >= 12:
        kind = data[8:12]
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}.get(
            kind, "RIFF media file"
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        probe = data[:4096]
        if b"word/" in probe:
            return "Word document (.docx)"
        if b"xl/" in probe:
            return "Excel workbook (.xlsx)"
        if b"ppt/" in probe:
            return "PowerPoint presentation (.pptx)"
        if b"application/epub" in probe:
            return "EPUB e-book"
        if b"mimetype" in probe and b"opendocument" in probe:
            return "OpenDocument file"
        return "ZIP archive"
    if head.startswith(b"MZ") and b"\x00" in data[:512]:
        return "Windows executable"
    return None


def bad_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_BAD_CHARS.findall(text)) / len(text)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: NULs concentrated on one parity of mostly-ASCII text."""
    n = min(len(data), 4096) & ~1
    if n < 8:
        return None
    even = data[0:n:2].count(0)
    odd = data[1:n:2].count(0)
    half = n // 2
    if odd > 0.3 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _try(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, media_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). Raises UnreadableDocument with a reason a person understands."""
    if not data or not data.strip(b" \t\r\n\x0b\x0c"):
        raise UnreadableDocument("empty file")
    bom = bom_encoding(data)
    if bom:
        enc, skip = bom
        text = data[skip:].decode(enc, errors="replace")
        return _check(text, enc), enc
    what = sniff_binary(data)
    if what:
        raise UnreadableDocument(f"binary file ({what}), not a text report")
    utf16 = _looks_utf16(data) if b"\x00" in data[:4096] else None
    if utf16:
        text = data.decode(utf16, errors="replace")
        return _check(text, utf16), utf16
    if b"\x00" in data:
        raise UnreadableDocument("binary file (contains NUL bytes), not a text report")

    text = _try(data, "utf-8")
    if text is not None:
        return _check(text, "utf-8"), "utf-8"

    # UTF-8 with a few damaged bytes is still UTF-8 (a legacy codec would turn all of it into mojibake).
    loose = data.decode("utf-8", errors="replace")
    if loose.count("\ufffd") <= max(2, len(loose) // 500):
        return _check(loose, "utf-8"), "utf-8"

    declared = declared_charset(data, media_type)
    candidates: list[str] = []
    if declared and declared != "utf-8":
        candidates.append(declared)
    detected = detect_encoding(data)
    if detected and detected not in candidates:
        candidates.append(detected)
    # Chinese reports: GB18030 is by far the most common legacy encoding.
    for enc in ("gb18030", "big5hkscs"):
        if enc not in candidates:
            candidates.append(enc)

    best: tuple[float, str, str] | None = None
    for enc in candidates:
        strict = _try(data, enc)
        if strict is not None and bad_ratio(strict) < 0.01:
            return _check(strict, enc), enc
        loose = data.decode(enc, errors="replace")
        r = bad_ratio(loose)
        if best is None or r < best[0]:
            best = (r, enc, loose)
    assert best is not None
    ratio, enc, text = best
    if ratio > 0.02:
        raise UnreadableDocument(
            f"text could not be decoded ({ratio:.0%} of characters undecodable as {enc}); "
            "not a readable text report"
        )
    return _check(text, enc), enc


def _check(text: str, enc: str) -> str:
    r = bad_ratio(text)
    if r > 0.05:
        raise UnreadableDocument(
            f"text could not be decoded ({r:.0%} of characters are control or undecodable characters "
            f"as {enc}); not a readable text report"
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text
