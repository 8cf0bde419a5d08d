"""D5: "manifest over inferred metadata" has one Python home (`DocumentContext.from_metadata`, used
by the extract asset, `bureau extract`, `bureau evaluate` and `bureau catalog check`) and one SQL home
(`int_documents`). These tests load real warehouses and check, document by document, that both give
the same area, covered year and published year."""

import shutil

import pytest

from orchestration.defs.extract import documents_to_extract
from orchestration.runs.load import load_paths
from orchestration.settings import BUNDLED_REPORTS_DIR
from orchestration.warehouse.connections import read_connection

pytestmark = [pytest.mark.slow, pytest.mark.long]

HEADER = "file,title,publisher,region_code,covered_year,published_date,report_kind,source,notes\n"


def _both_rules(warehouse) -> tuple[dict, dict]:
    with read_connection(warehouse) as con:
        keys = [r[0] for r in con.execute("select document_id from raw.document_text").fetchall()]
        python = {
            ctx.document_id: (ctx.region_code, ctx.covered_year, ctx.published_year)
            for ctx, _text, _uri, _title in documents_to_extract(con, keys)
        }
        sql = {
            doc_id: (region, covered, published)
            for doc_id, region, covered, published in con.execute(
                "select document_id, region_code, covered_year, year(published_date) "
                "from intermediate.int_documents where is_readable"
            ).fetchall()
        }
    return python, sql


def test_python_rule_agrees_with_int_documents_on_the_bundled_corpus(built_warehouse):
    python, sql = _both_rules(built_warehouse)
    assert len(python) == 7
    assert python == sql
    with read_connection(built_warehouse) as con:
        overridden = con.execute(
            "select count(*) from raw.document_text t join raw.document_sources s using (document_id) "
            "where s.published_date is distinct from t.published_date"
        ).fetchone()[0]
    assert overridden >= 1  # the corpus exercises the precedence, not only agreement on equal values


def test_first_manifest_per_field_then_inferred(tmp_path, own_instance):
    """One report reached from two folders with different manifests (one source each, loaded one
    after the other), and one report with no manifest: per field, the first seen manifest that gives
    it wins, then the parser's value."""
    report = BUNDLED_REPORTS_DIR / "reports" / "001_xiamen_sti_2022_summary.txt"  # parser: 350200, 2022
    plain = BUNDLED_REPORTS_DIR / "reports" / "003_xiamen_sti_2019_summary.txt"
    first, second, bare = tmp_path / "first", tmp_path / "second", tmp_path / "bare"
    for folder, row in (
        (first, f"{report.name},,,350000,,,,,\n"),  # area only
        (
            second,
            f"{report.name},,,110000,2020,2021-01-05,,,\n",
        ),  # area (too late), covered and published year
    ):
        folder.mkdir()
        shutil.copy(report, folder / report.name)
        (folder / "manifest.csv").write_text(HEADER + row, encoding="utf-8")
    bare.mkdir()
    shutil.copy(plain, bare / plain.name)
    wh = tmp_path / "wh.duckdb"
    for folders in ([first, bare], [second]):  # two loads: the second source is seen later
        summary = load_paths(folders, wh, instance=own_instance)
        assert summary.failed is None, summary.failed

    python, sql = _both_rules(wh)
    assert python == sql
    with read_connection(wh) as con:
        inferred = dict(con.execute("select document_id, covered_year from raw.document_text").fetchall())
        ids = dict(con.execute("select source_uri, document_id from raw.document_sources").fetchall())
    r_id = ids[str(first / report.name)]
    p_id = ids[str(bare / plain.name)]
    assert python[r_id] == ("350000", 2020, 2021)
    assert python[p_id][1] == inferred[p_id] == 2019
