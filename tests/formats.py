"""Report files the format tests generate: .docx, .doc, .wps, .xlsx, .xls, .csv, PDFs with radicals.

.docx and .xlsx are written by python-docx / openpyxl; .doc and .xls are those converted by
LibreOffice headless (`soffice`, installed by .ci/run), as a bureau's office suite would save them.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

PROSE = [
    "厦门市科学技术局2023年工作总结",
    "2023年，全市技术合同成交额173.58亿元，同比增长29.34%。",
    "全社会研发经费投入强度预计3.3%，国家高新技术企业净增600家以上。",
]
TABLE = [
    ["指标", "2023年", "2023年"],  # the header's second cell is merged over two columns
    ["", "数值", "增长(%)"],
    ["技术合同成交额（亿元）", "173.58", "29.34"],
    ["高新技术企业（家）", "3000", "25"],
]


def make_docx(extra: str | None = None) -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = PROSE[0]
    d.add_paragraph(PROSE[0])
    d.add_paragraph(PROSE[1])
    t = d.add_table(rows=len(TABLE), cols=3)
    for i, row in enumerate(TABLE):
        for j, v in enumerate(row):
            if not (i == 0 and j == 2):
                t.cell(i, j).text = v
    t.cell(0, 1).merge(t.cell(0, 2))
    t.cell(0, 0).merge(t.cell(1, 0))
    d.add_paragraph(PROSE[2])
    if extra:
        d.add_paragraph(extra)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["2023年厦门市科技创新主要指标"])
    ws.merge_cells("A1:D1")
    ws.append(["指标", "单位", "数值"])
    ws.merge_cells("C2:D2")
    ws.append([None, None, "2023年", "2022年"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.append(["技术合同成交额", "亿元", 173.58, 134.2])
    ws.append(["研发经费投入强度", "%", 0.033, 0.032])
    ws["C5"].number_format = "0.0%"
    ws["D5"].number_format = "0.0%"
    ws.append(["高新技术企业", "家", 3000, 2400])
    notes = wb.create_sheet("说明")
    notes.append([PROSE[1]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


CSV_TEXT = "地区,技术合同成交额(亿元),同比增长(%)\n厦门市,173.58,29.34\n福州市,120.5,12.1\n"


@functools.cache
def soffice_convert(data: bytes, suffix: str, target: str) -> bytes:
    """Convert with LibreOffice headless, as a bureau's office suite would save the file (cached:
    each conversion costs seconds)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                tmp,
                str(src),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
        return (Path(tmp) / f"in.{target.split(':')[0]}").read_bytes()


def with_radicals(text: str) -> str:
    """`text` as a browser-printed PDF's text layer has it: ideographs as Kangxi/CJK radicals."""
    from orchestration.parse.normalise import radical_table

    reverse: dict[str, str] = {}
    for src, dst in sorted(radical_table().items()):
        if 0x2E80 <= src <= 0x2FDF:
            reverse.setdefault(chr(dst), chr(src))
    return "".join(reverse.get(ch, ch) for ch in text)
