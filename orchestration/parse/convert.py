"""Legacy binary Word files (.doc, and .wps saved by WPS Office in its Word-compatible form).

No maintained Python library reads the Word 97-2003 binary format, so a real converter does:

1. LibreOffice headless (`soffice`, Debian `libreoffice-writer-nogui`): .doc -> .docx, then
   the .docx reader (paragraphs and tables in order, merged cells repeated);
2. antiword (Debian `antiword`): text with `|cell|cell|` table rows, rewritten in the house
   table form (merged cells are not repeated by antiword).

Where neither is installed the document is quarantined with a reason naming both packages.
`.ci/run` installs them under CI=true. Conversions run in a private temporary folder with a
time limit; LibreOffice gets a per-process profile so parallel workers never share one.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from orchestration.parse.model import TABLE_SEP, UnreadableDocument
from orchestration.parse.office import docx_text

__all__ = ["CONVERTERS", "available_converters", "ole_streams", "word_binary_text"]

CONVERTERS = ("libreoffice", "antiword")
TIMEOUT_SECONDS = float(os.environ.get("BUREAU_CONVERT_TIMEOUT", "120"))
_ANTIWORD_ROW = re.compile(r"^\|(.*)\|\s*$")


def ole_streams(data: bytes) -> set[str] | None:
    """Top-level stream names of an OLE2 compound file (.doc/.xls/.ppt/.wps/.et), or None."""
    if not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return None
    try:
        import olefile

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # noqa: BLE001 - a damaged compound file
        return set()


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def available_converters() -> list[str]:
    """The converters installed here, in the order they are tried."""
    found = []
    if _soffice():
        found.append("libreoffice")
    if shutil.which("antiword"):
        found.append("antiword")
    return found


def word_binary_text(
    data: bytes, *, what: str = "Word .doc", converters: tuple[str, ...] | None = None
) -> tuple[str, list[str]]:
    """Text of a binary Word document through the first converter that reads it."""
    order = [c for c in (converters or CONVERTERS) if c in available_converters()]
    if not order:
        raise UnreadableDocument(
            f"{what} file needs a converter and none is installed here "
            "(install the Debian packages libreoffice-writer-nogui or antiword)"
        )
    errors = []
    for name in order:
        try:
            if name == "libreoffice":
                text, notes = _via_libreoffice(data)
            else:
                text, notes = _via_antiword(data)
        except UnreadableDocument as exc:
            errors.append(f"{name}: {exc}")
            continue
        return text, [f"{what} converted with {name}", *notes]
    raise UnreadableDocument(f"{what} file could not be converted ({'; '.join(errors)})"[:400])


def _via_libreoffice(data: bytes) -> tuple[str, list[str]]:
    soffice = _soffice()
    assert soffice is not None
    profile = Path(tempfile.gettempdir()) / f"bureau-lo-profile-{os.getuid()}-{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="bureau-doc-") as tmp:
        src = Path(tmp) / "document.doc"  # the Word filter decides by content; the name only helps
        src.write_bytes(data)
        try:
            proc = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--nologo",
                    "--convert-to",
                    "docx:MS Word 2007 XML",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env={**os.environ, "HOME": os.environ.get("HOME", tmp)},
            )
        except subprocess.TimeoutExpired:
            raise UnreadableDocument(f"LibreOffice took longer than {TIMEOUT_SECONDS:.0f} s") from None
        out = Path(tmp) / "document.docx"
        if not out.is_file():
            why = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            raise UnreadableDocument(f"LibreOffice could not read it ({why[-1] if why else 'no output'})")
        return docx_text(out.read_bytes())


def _via_antiword(data: bytes) -> tuple[str, list[str]]:
    with tempfile.TemporaryDirectory(prefix="bureau-doc-") as tmp:
        src = Path(tmp) / "document.doc"
        src.write_bytes(data)
        try:
            proc = subprocess.run(
                ["antiword", "-w", "0", "-m", "UTF-8.txt", str(src)],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise UnreadableDocument(f"antiword took longer than {TIMEOUT_SECONDS:.0f} s") from None
    text = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0 or not text.strip():
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableDocument(f"antiword could not read it ({why[-1] if why else 'no text'})")
    lines = []
    for line in text.splitlines():
        m = _ANTIWORD_ROW.match(line)
        if m:
            cells = [" ".join(c.split()) for c in m.group(1).split("|")]
            lines.append(TABLE_SEP.join(c.replace("|", "｜") for c in cells))
        else:
            lines.append(line.strip())
    return "\n".join(ln for ln in lines if ln), []
