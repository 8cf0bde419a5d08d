"""warehouse/rows.py builds raw rows by column name: each row names exactly its table's columns."""

import datetime as dt

from orchestration.extract import DocumentContext
from orchestration.settings import BUNDLED_REPORTS_DIR
from orchestration.warehouse import rows
from orchestration.warehouse.tables import DOCUMENT_TEXT, INDICATOR_FACTS, QUARANTINE, SENTENCES

REPORT = BUNDLED_REPORTS_DIR / "reports" / "000_xiamen_sti_2023_summary_full.txt"


def test_parse_rows_name_the_text_and_sentence_columns():
    fields, sentences, reason = rows.parse_to_rows((REPORT.read_bytes(), str(REPORT), "text/plain"))
    assert reason is None
    text_row = {"document_id": "d1", **fields, "parser_version": rows.PARSER_VERSION, "parsed_at": None}
    assert set(text_row) == set(DOCUMENT_TEXT.column_names)
    assert sentences and all(
        set({"document_id": "d1", **s}) == set(SENTENCES.column_names) for s in sentences
    )
    assert fields["n_sentences"] == len(sentences) and fields["region_code"] == "350200"


def test_fact_rows_name_every_fact_column():
    text = REPORT.read_text(encoding="utf-8")
    ctx = DocumentContext(region_code="350200", covered_year=2023, published_year=2024, document_id="d1")
    facts, reason = rows.extract_to_rows((text, ctx))
    assert reason is None and facts
    full = rows.fact_row(facts[0], rows.EXTRACTOR_VERSION, dt.datetime(2026, 1, 1))
    assert set(full) == set(INDICATOR_FACTS.column_names)
    assert (full["document_id"], full["fact_index"]) == ("d1", 0)
    assert [f["fact_index"] for f in facts] == list(range(len(facts)))


def test_quarantine_row():
    row = rows.quarantine_row("d1", "a.txt", "parse", "a.txt: no readable text", None)
    assert set(row) == set(QUARANTINE.column_names)
