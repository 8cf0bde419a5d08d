"""manifest.csv validated row by row: a bad row names row and column and stops only its document."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from orchestration.acquire.intake import check_manifest_row, discover_files, source_from_manifest

HEADER = ["file", "region_code", "covered_year", "published_date", "source"]


def _folder(tmp_path: Path, rows: list[list[str]]) -> Path:
    for row in rows:
        if row[0] and not row[0].startswith("missing"):
            (tmp_path / row[0]).write_text("全市技术合同成交额173.58亿元。", encoding="utf-8")
    with (tmp_path / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return tmp_path


def test_each_bad_value_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    assert (
        check_manifest_row({"file": "a.txt", "region_code": "350200", "covered_year": "2023"}, tmp_path) == []
    )
    bad = dict(
        check_manifest_row(
            {
                "file": "nope.txt",
                "region_code": "44030",
                "covered_year": "1850",
                "published_date": future,
                "source": "https://",
            },
            tmp_path,
        )
    )
    assert set(bad) == {"file", "region_code", "covered_year", "published_date", "source"}
    assert "outside 1949.." in bad["covered_year"] and "in the future" in bad["published_date"]
    assert dict(check_manifest_row({"file": "a.txt", "published_date": "2024/02/18"}, tmp_path)) == {
        "published_date": "'2024/02/18' is not a date (YYYY-MM-DD)"
    }


def test_a_bad_row_stops_its_document_not_the_others(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        [
            ["good.txt", "350200", "2023", "2024-02-18", "https://kjj.xm.gov.cn/art/1.html"],
            ["bad.txt", "350200", "twenty", "", ""],
            ["missing.txt", "350200", "2023", "", ""],
        ],
    )
    found, problems = discover_files([folder])
    names = [p.name for p, _ in found]
    assert names == ["good.txt"]  # manifest.csv itself is not a report
    assert any(
        "row 3, column covered_year: 'twenty' is not a year" in p and "bad.txt not loaded" in p
        for p in problems
    )
    assert any("row 4, column file: no such file 'missing.txt'" in p for p in problems)
    src = source_from_manifest(str(found[0][0]), "file", found[0][1])
    assert src.original_url == "https://kjj.xm.gov.cn/art/1.html" and src.covered_year == 2023
    # naming one file asks only for its row: other rows' missing files are not this load's problem
    assert discover_files([folder / "good.txt"])[1] == []
    # a free-text source is a note, not a URL
    assert source_from_manifest("x", "file", {"source": "厦门市科学技术局 政府信息公开"}).original_url is None


def test_bundled_manifest_is_valid() -> None:
    from orchestration.settings import BUNDLED_REPORTS_DIR

    found, problems = discover_files([BUNDLED_REPORTS_DIR])
    assert problems == [] and len(found) == 7 and all(row for _, row in found)
