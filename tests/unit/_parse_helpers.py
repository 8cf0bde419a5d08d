"""Shared helpers for the parser tests: corpus files and a tiny hand-written PDF."""

from __future__ import annotations

from pathlib import Path

REPORTS = Path(__file__).resolve().parents[2] / "seeds" / "reports"
CORPUS = sorted(REPORTS.glob("*.txt"))


def corpus(prefix: str) -> Path:
    (path,) = [p for p in CORPUS if p.name.startswith(prefix)]
    return path


def make_pdf(lines: list[str], *, extra_objects: bytes = b"") -> bytes:
    """A minimal valid one-page PDF (Helvetica, ASCII text), xref offsets computed exactly."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for i, ln in enumerate(lines):
        ops.append(("" if i == 0 else "T* ") + f"({esc(ln)}) Tj")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    out += extra_objects
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
