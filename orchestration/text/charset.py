"""The charset policy: which codec turns the bytes of a web page or report into text.

One table of labels and one set of sniffing rules, used by the fetcher (`decode_html`:
listing pages, robots.txt) and by the parser (`parse/decode.py`, which adds binary sniffing
and the readability check):

* byte-order marks first (UTF-32, UTF-8, UTF-16, GB18030);
* gb2312 / gbk and every alias of them are decoded as gb18030, their superset; Big5 labels
  as big5hkscs, its superset;
* declared charsets: the HTTP Content-Type, then an XML declaration or a <meta> charset in
  the head of the bytes;
* inside a web page a declared latin-1 / ASCII means windows-1252 and a declared UTF-16
  means UTF-8 (what browsers do, WHATWG Encoding), see `html_label_encoding`;
* detection (charset-normalizer) when nothing is declared.
"""

from __future__ import annotations

import codecs
import re

__all__ = [
    "BOMS",
    "bom_encoding",
    "canonical_encoding",
    "decode_html",
    "declared_charset",
    "detect_encoding",
    "html_label_encoding",
]

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),
)

_GB_ALIASES = {
    "gb2312",
    "gb_2312",
    "gb_2312-80",
    "gb231280",
    "gbk",
    "x-gbk",
    "cp936",
    "ms936",
    "windows-936",
    "euc-cn",
    "euccn",
    "csgb2312",
    "csiso58gb231280",
    "hz-gb-2312",
    "gb18030",
    "chinese",
    "iso-ir-58",
}
_GB_KEYS = {a.replace("-", "").replace("_", "") for a in _GB_ALIASES}
_BIG5_ALIASES = {"big5", "big-5", "cn-big5", "csbig5", "x-x-big5", "cp950", "big5-hkscs", "big5hkscs"}
_UTF8_ALIASES = {"utf8", "utf-8", "unicode-1-1-utf-8", "utf-8-sig"}
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

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_\-.]{2,40})["']""", re.I)
HEAD_BYTES = 8192  # where a <meta> or XML declaration is looked for
DETECT_SAMPLE = 64 * 1024


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(codec, length of the BOM) when `data` starts with a byte-order mark."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def canonical_encoding(label: str | None) -> str | None:
    """The Python codec for a charset label (gb2312/gbk -> gb18030, Big5 -> big5hkscs), or None."""
    if not label:
        return None
    n = label.strip().strip("\"'").lower().replace("_", "-")
    if n.replace("-", "") in _GB_KEYS:
        return "gb18030"
    if n in _BIG5_ALIASES:
        return "big5hkscs"
    if n in _UTF8_ALIASES:
        return "utf-8"
    try:
        info = codecs.lookup(n)
    except (LookupError, ValueError):
        return None
    if info.name in {"gb2312", "gbk", "gb18030"}:
        return "gb18030"
    if info.name == "utf-8-sig":
        return "utf-8"
    return info.name


def html_label_encoding(label: str | None) -> str | None:
    """A label declared by a web page, read as browsers do: latin-1/ASCII -> cp1252, UTF-16/32 -> UTF-8."""
    if not label:
        return None
    if label.strip().strip("\"'").lower() in _LATIN1_ALIASES:
        return "cp1252"
    enc = canonical_encoding(label)
    if enc and (enc.startswith("utf-16") or enc.startswith("utf-32")):
        return "utf-8"  # HTML spec: a meta-declared UTF-16 means UTF-8
    return enc


def _header_label(content_type: str | None) -> str | None:
    m = _HEADER_CHARSET.search(content_type) if content_type else None
    return m.group(1) if m else None


def _markup_label(data: bytes) -> str | None:
    head = data[:HEAD_BYTES]
    m = _XML_DECL.search(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "ignore") if m else None


def declared_charset(data: bytes, content_type: str | None) -> str | None:
    """The codec declared by the HTTP Content-Type, else by <?xml ...?> / <meta> in the head."""
    return canonical_encoding(_header_label(content_type)) or canonical_encoding(_markup_label(data))


def detect_encoding(data: bytes) -> str | None:
    """charset-normalizer on a sample, label canonicalised; None when it has no answer."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:DETECT_SAMPLE]).best()
    except Exception:  # noqa: BLE001 - detection is best effort
        return None
    return canonical_encoding(best.encoding) if best is not None else None


def decode_html(
    data: bytes, content_type: str | None = None, hints: tuple[str, ...] | list[str] = ()
) -> tuple[str, str]:
    """Decode an HTML page for link extraction: returns (text, encoding used).

    Order: BOM, HTTP charset (unless it is a latin-1 default), <meta> / XML charset, a latin-1
    header, the publisher's hints, charset detection, UTF-8. The first candidate that decodes
    cleanly wins; if none does, the first candidate decodes with replacement characters.
    """
    bom = bom_encoding(data)
    if bom:
        enc, skip = bom
        return data[skip:].decode(enc, "replace"), enc
    header_enc = html_label_encoding(_header_label(content_type))
    meta_enc = html_label_encoding(_markup_label(data))
    candidates: list[str] = []
    if header_enc and header_enc != "cp1252":
        candidates.append(header_enc)
    if meta_enc:
        candidates.append(meta_enc)
    if header_enc == "cp1252":
        candidates.append(header_enc)
    candidates.extend(e for e in (html_label_encoding(h) for h in hints) if e)
    if not candidates:
        candidates.extend(e for e in ("utf-8", detect_encoding(data)) if e)
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
