"""What the Dagster UI shows for a mart and for one document, read back from the instance."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

pytestmark = pytest.mark.slow


def test_every_mart_materialization_has_row_count_and_preview(built_warehouse, dagster_instance):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        marts = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        counts = {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for t in marts}
    finally:
        con.close()
    assert {"fct_indicator_observations", "review_queue", "corrections"} <= set(marts)
    for table in marts:
        event = dagster_instance.get_latest_materialization_event(dg.AssetKey(table))
        assert event is not None, table
        meta = event.asset_materialization.metadata
        assert meta["dagster/row_count"].value == counts[table], table
        preview = meta["preview"].value
        assert preview.startswith("| ") or preview == "(no rows)", table
    fct = dagster_instance.get_latest_materialization_event(dg.AssetKey("fct_indicator_observations"))
    assert "| observation_id |" in fct.asset_materialization.metadata["preview"].value


def test_a_document_partition_shows_its_own_title_area_year_source_and_counts(
    built_warehouse, dagster_instance
):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        doc_id, title, n_sentences = con.execute(
            "select document_id, title, n_sentences from marts.dim_documents "
            "where region_code = '350200' and covered_year = 2023"
        ).fetchone()
        n_facts = con.execute(
            "select count(*) from raw.indicator_facts where document_id = ?", [doc_id]
        ).fetchone()[0]
        total_facts = con.execute("select count(*) from raw.indicator_facts").fetchone()[0]
    finally:
        con.close()
    assert n_facts < total_facts  # otherwise own and run counts could not be told apart

    def meta(asset: str) -> dict:
        records = dagster_instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=dg.AssetKey(asset), asset_partitions=[doc_id]), limit=1
        ).records
        assert records, (asset, doc_id)
        return {k: v.value for k, v in records[0].asset_materialization.metadata.items()}

    for asset in ("raw_documents", "document_text", "indicator_facts"):
        m = meta(asset)
        assert m["document area"] == "厦门市 (350200)", (asset, m)
        assert m["document covered year"] == "2023" and m["document source"].endswith(".txt"), (asset, m)
    assert meta("document_text")["document title"] == title
    assert meta("document_text")["document sentences"] == n_sentences
    facts = meta("indicator_facts")
    assert facts["document facts"] == n_facts and facts["facts_total"] == total_facts
    assert facts["document mapped facts"] + facts["document unmapped facts"] == n_facts
    assert len(meta("raw_documents")["document sha256"]) == 64
