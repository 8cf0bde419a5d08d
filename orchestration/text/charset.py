"""The charset policy: bytes of a web page or report -> str.

Used by the fetcher (listing pages, robots.txt) through `decode_html`.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html"]

_GB_ALIASES = {
    "gb2312",
    "gb_2312",
    "gb_2312-80",
    "gbk",
    "x-gbk",
    "cp936",
    "ms936",
    "windows-936",
    "csgb2312",
    "euc-cn",
    "euccn",
    "chinese",
    "iso-ir-58",
    "csiso58gb231280",
    "gb18030",
}
_LATIN1_ALIASES = {
    "iso-8859-1",
    "iso8859-1",
    "latin1",
    "latin-1",
    "l1",
    "us-ascii",
    "ascii",
    "windows-1252",
    "cp1252",
}
_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""",
    re.I,
)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _canonical_encoding(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB_ALIASES:
        return "gb18030"
    if label in _LATIN1_ALIASES:
        return "cp1252"  # what browsers do with these labels
    if label in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return "utf-8"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("gb2312", "gbk"):
        return "gb18030"
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # HTML spec: a meta-declared UTF-16 means UTF-8
    return name


def decode_html(
    data: bytes, content_type: str | None = None, hints: tuple[str, ...] | list[str] = ()
) -> tuple[str, str]:
    """Decode an HTML page for link extraction: returns (text, encoding used).

    Order: BOM, HTTP charset (unless it is a latin-1 default), <meta> charset, a latin-1
    header, the publisher's hints, charset detection, UTF-8. gb2312/gbk are decoded as
    gb18030 (a superset). The first candidate that decodes cleanly wins; if none does, the
    first candidate decodes with replacement characters.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, "replace"), enc
    header_enc = None
    if content_type:
        m = _CHARSET_PARAM.search(content_type.encode("latin-1", "replace"))
        header_enc = _canonical_encoding(m.group(1).decode("ascii")) if m else None
    m = _META_CHARSET.search(data[:8192])
    meta_enc = _canonical_encoding(m.group(1).decode("ascii")) if m else None
    candidates: list[str] = []
    if header_enc and header_enc != "cp1252":
        candidates.append(header_enc)
    if meta_enc:
        candidates.append(meta_enc)
    if header_enc == "cp1252":
        candidates.append(header_enc)
    candidates.extend(e for e in (_canonical_encoding(h) for h in hints) if e)
    if not candidates:
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:65536]).best()
            detected = _canonical_encoding(best.encoding) if best else None
        except Exception:  # pragma: no cover - detection is best effort
            detected = None
        candidates.extend(e for e in ("utf-8", detected) if e)
    candidates.append("utf-8")
    seen: list[str] = []
    for enc in candidates:
        if enc in seen:
            continue
        seen.append(enc)
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(seen[0], "replace"), seen[0]
