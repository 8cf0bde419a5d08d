"""Word, Excel and CSV reports, wrongly named files and a validated manifest, loaded end to end.

`bureau load FOLDER` (the console script, as a user runs it) on a folder the test writes:
.docx/.doc/.wps/.xlsx/.xls/.csv reports, a WAF page and a text file named .pdf, a PDF whose
text layer uses Kangxi radicals, and a manifest with a source URL per row and two bad rows.
"""

from __future__ import annotations

import csv

import duckdb
import pytest

from orchestration.settings import BUNDLED_REPORTS_DIR
from tests.fixtures.site import build_pdf
from tests.formats import CSV_TEXT, PROSE, make_docx, make_xlsx, soffice_convert, with_radicals
from tests.integration.test_cli import bureau

pytestmark = pytest.mark.slow

WAF = (
    "<html><head><title>403 访问被拒绝</title></head><body><h1>403 访问被拒绝</h1>"
    "<p>您的请求已被网站防火墙拦截。</p></body></html>"
)


def test_every_format_loads_and_bad_bytes_and_rows_say_why(tmp_path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    doc = soffice_convert(make_docx(), ".docx", "doc")
    report = (BUNDLED_REPORTS_DIR / "reports" / "000_xiamen_sti_2023_summary_full.txt").read_text(
        encoding="utf-8"
    )
    files = {
        "summary.docx": make_docx(),
        "summary.doc": doc,
        # WPS Office saves .wps in a Word-compatible binary form
        "summary.wps": soffice_convert(make_docx("专利授权量1.2万件。"), ".docx", "doc"),
        "indicators.xlsx": make_xlsx(),
        "indicators.xls": soffice_convert(make_xlsx(), ".xlsx", "xls"),
        "contracts.csv": CSV_TEXT.encode("gb18030"),
        "browser-printed.pdf": build_pdf(with_radicals(report)),
        "report.pdf": WAF.encode("utf-8"),
        "notes.pdf": "\n".join(PROSE).encode("utf-8"),
        "bad-region.txt": "\n".join(PROSE[1:]).encode("utf-8") + "全市专利授权量1.2万件。".encode(),
        "bad-year.txt": "\n".join(PROSE[1:]).encode("utf-8") + "全市商标注册量3.4万件。".encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    rows = [
        [
            "summary.docx",
            "350200",
            "2023",
            "2024-02-18",
            "https://kjj.xm.gov.cn/xxgk/art/2024/2/18/art_1.html",
        ],
        [
            "indicators.xlsx",
            "350200",
            "2023",
            "2024-03-01",
            "https://tjj.xm.gov.cn/tjsj/202403/t20240301_1.xlsx",
        ],
        ["bad-region.txt", "44030", "2023", "", ""],
        ["bad-year.txt", "350200", "twenty", "2024-13-01", ""],
    ]
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "region_code", "covered_year", "published_date", "source"])
        w.writerows(rows)

    wh = tmp_path / "wh" / "bureau.duckdb"
    res = bureau("load", str(folder), "--warehouse", str(wh))
    assert res.returncode == 3, res.stderr
    err = " ".join(res.stderr.split())  # rich wraps long lines
    # manifest errors name row and column, and stop only their documents
    assert "row 4, column region_code: '44030' is not a known 6-digit GB/T 2260 region code" in err
    assert "row 5, column covered_year: 'twenty' is not a year" in err
    assert "row 5, column published_date: '2024-13-01' is not a date" in err
    # every warning, per document
    assert "notes.pdf: named .pdf but is plain text, not a PDF file; read as plain text" in err
    assert "browser-printed.pdf: PDF text layer used" in err and "mapped to the unified ideographs" in err
    assert "summary.doc: Word .doc converted with libreoffice" in err

    con = duckdb.connect(str(wh), read_only=True)
    docs = {
        r[0].rsplit("/", 1)[1]: r[1:]
        for r in con.execute(
            "select source_uri, is_readable, media_type, original_url, archive_path from marts.dim_documents"
        ).fetchall()
    }
    facts = dict(
        con.execute(
            "select d.source_uri, count(f.document_id) from marts.dim_documents d "
            "left join raw.indicator_facts f using (document_id) group by 1"
        ).fetchall()
    )
    quarantine = {
        r[0].rsplit("/", 1)[1]: r[1]
        for r in con.execute("select source_uri, reason from marts.quarantine").fetchall()
    }
    sources = con.execute(
        "select source_uri, original_url, archive_path from marts.dim_document_sources where original_url is not null"
    ).fetchall()
    texts = dict(
        con.execute(
            "select d.first_source_uri, t.text from raw.document_text t join raw.documents d using (document_id)"
        ).fetchall()
    )
    con.close()

    assert "bad-region.txt" not in docs and "bad-year.txt" not in docs
    assert set(docs) == set(files) - {"bad-region.txt", "bad-year.txt"}
    assert set(quarantine) == {"report.pdf"}
    assert (
        "named .pdf but is an HTML error page" in quarantine["report.pdf"]
        and "访问被拒绝" in quarantine["report.pdf"]
    )
    for name in (
        "summary.docx",
        "summary.doc",
        "summary.wps",
        "indicators.xlsx",
        "indicators.xls",
        "contracts.csv",
    ):
        assert docs[name][0], name  # readable
    by_name = {uri.rsplit("/", 1)[1]: n for uri, n in facts.items()}
    for name in ("summary.docx", "summary.doc", "summary.wps", "browser-printed.pdf"):
        assert by_name[name] > 0, name
    text_of = {uri.rsplit("/", 1)[1]: t for uri, t in texts.items()}
    assert "技术合同成交额 | 亿元 | 173.58 | 134.2" in text_of["indicators.xls"]
    assert "厦门市 | 173.58 | 29.34" in text_of["contracts.csv"]
    assert "生" in text_of["browser-printed.pdf"] and "⽣" not in text_of["browser-printed.pdf"]
    # provenance: the manifest's source URL beside the local path, and the archived copy
    assert docs["summary.docx"][2] == rows[0][4] and docs["summary.docx"][3].startswith("archive/")
    assert {(s[0].rsplit("/", 1)[1], s[1]) for s in sources} == {
        ("summary.docx", rows[0][4]),
        ("indicators.xlsx", rows[1][4]),
    }
    assert all((wh.parent / s[2]).is_file() for s in sources)

    from orchestration.report import build_report

    out = tmp_path / "site"
    build_report(wh, out)
    page = (out / "documents.html").read_text(encoding="utf-8")
    assert f'href="{rows[0][4]}"' in page and "archived copy" in page
    assert 'href="../wh/archive/' in page
