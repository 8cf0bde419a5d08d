"""PDF reports -> text with pypdf.

Encrypted or broken files raise UnreadableDocument with a reason. Guards against
decompression bombs and pathological files: at most MAX_PAGES pages and
MAX_CHARS characters are extracted (pypdf itself caps each decompressed stream),
and any pypdf failure is reported, never propagated.
"""

from __future__ import annotations

import io
import logging
import warnings

from orchestration.parse.model import UnreadableDocument

MAX_PAGES = 1000
MAX_CHARS = 5_000_000
PAGE_BREAK = "\n\n"


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip(b"\x00\t\r\n\x0c ").startswith(b"%PDF-") or b"%PDF-" in data[:1024]


def extract_pdf_text(data: bytes) -> tuple[str, list[str]]:
    """Return (text, warnings). Pages are separated by a blank line."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, WrongPasswordError
    except ImportError as e:  # pragma: no cover - pypdf is a dependency
        raise UnreadableDocument(f"PDF support is not installed ({e})") from None

    notes: list[str] = []
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")
                except (DependencyError, NotImplementedError) as e:
                    raise UnreadableDocument(f"encrypted PDF that cannot be decrypted here ({e})") from None
                except (WrongPasswordError, FileNotDecryptedError):
                    ok = 0
                if not ok:
                    raise UnreadableDocument("encrypted PDF (a password is required to open it)")
                notes.append("PDF was encrypted with an empty user password; decrypted")
            n = len(reader.pages)
            if n > MAX_PAGES:
                notes.append(f"PDF has {n} pages; only the first {MAX_PAGES} were read")
            parts: list[str] = []
            total = 0
            failed = 0
            for i in range(min(n, MAX_PAGES)):
                try:
                    t = reader.pages[i].extract_text() or ""
                except (DependencyError, FileNotDecryptedError) as e:
                    raise UnreadableDocument(f"encrypted PDF that cannot be decrypted here ({e})") from None
                except RecursionError:
                    failed += 1
                    continue
                except Exception:  # noqa: BLE001 - one broken page must not lose the others
                    failed += 1
                    continue
                parts.append(t)
                total += len(t)
                if total > MAX_CHARS:
                    notes.append(f"PDF text truncated at {MAX_CHARS} characters (page {i + 1} of {n})")
                    break
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        raise UnreadableDocument(
            f"broken PDF file, cannot be read ({type(e).__name__}: {_short(e)})"
        ) from None
    except RecursionError:
        raise UnreadableDocument(
            "broken PDF file, cannot be read (object structure too deeply nested)"
        ) from None
    except MemoryError:
        raise UnreadableDocument("PDF file too large to read (out of memory)") from None
    except Exception as e:  # noqa: BLE001 - pypdf raises many things on malformed input
        raise UnreadableDocument(
            f"broken PDF file, cannot be read ({type(e).__name__}: {_short(e)})"
        ) from None

    if failed:
        notes.append(f"{failed} PDF page(s) could not be read")
    text = PAGE_BREAK.join(parts)[:MAX_CHARS]
    if not text.strip():
        if failed:
            raise UnreadableDocument("broken PDF file: no page could be read")
        raise UnreadableDocument("PDF has no extractable text (scanned images?)")
    return text, notes


def _short(e: BaseException) -> str:
    s = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return s[:160]
