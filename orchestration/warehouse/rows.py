"""Per-document work of the document assets: bytes -> text rows, text -> fact rows.

Pure functions, in a module that imports neither Dagster nor DuckDB: the assets run
them in spawned worker processes for large batches, and each worker imports only
this module's dependencies (~0.3 s) instead of the Dagster code location (~8 s).
"""

from __future__ import annotations

from orchestration.extract import DocumentContext, Fact, extract_facts
from orchestration.parse import UnreadableDocument, parse_document

EXTRACTOR_VERSION = "3"
PARSER_VERSION = "1"


def parse_safely(data: bytes, source_uri: str, media_type: str | None):
    """(ParsedDocument, None) or (None, reason). Any parser bug becomes a quarantine reason, not a crash."""
    try:
        return parse_document(data, source_uri=source_uri, media_type=media_type), None
    except UnreadableDocument as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the others
        return None, f"parser error ({type(exc).__name__}: {exc})"


def parse_to_rows(job: tuple[bytes, str, str | None]) -> tuple[tuple | None, list[tuple], str | None]:
    """(text row fields, sentence rows, None) or (None, [], reason): picklable, for worker processes."""
    data, uri, media_type = job
    parsed, reason = parse_safely(data, uri, media_type)
    if parsed is None or not parsed.text.strip():
        return None, [], reason
    fields = (
        parsed.text,
        parsed.title,
        parsed.publisher,
        parsed.region_code,
        parsed.covered_year,
        parsed.published_date,
        parsed.index_no,
        parsed.doc_no,
        parsed.encoding,
        parsed.script,
        len(parsed.text),
        len(parsed.sentences),
        "inferred",
        "\n".join(parsed.warnings) or None,  # one warning per line
    )
    return fields, [(x.index, x.start, x.end, x.section, x.text) for x in parsed.sentences], None


def fact_fields(doc_id: str, i: int, f: Fact) -> tuple:
    """The `raw.indicator_facts` columns of fact `i` of a document, without the extractor
    version and load time the asset adds (`fact_row`)."""
    return (
        doc_id,
        i,
        f.indicator_code,
        f.subject,
        f.value,
        f.value_high,
        f.unit,
        f.reported_value,
        f.reported_unit,
        f.multiplier,
        f.comparator,
        f.value_kind,
        f.measure,
        f.period_year,
        f.region_code,
        f.sentence_index,
        f.evidence,
        f.char_start,
        f.char_end,
        f.reported_text,
        f.rule,
        f.period_kind,
        f.period_months,
    )


def fact_row(fields: tuple, version: str, loaded_at) -> tuple:
    """A full `raw.indicator_facts` row in table order: the period columns were appended to
    the table after the version and load time (existing warehouses gain them by ALTER)."""
    return (*fields[:-2], version, loaded_at, *fields[-2:])


def extract_document(doc_id: str, text: str, context: DocumentContext) -> tuple[list[Fact], str | None]:
    """Facts of one document, or a reason when the extractor failed on it."""
    try:
        return extract_facts(text, context), None
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the others
        return [], f"extractor error ({type(exc).__name__}: {exc})"


def extract_to_rows(job: tuple[str, DocumentContext]) -> tuple[list[tuple], str | None]:
    """Fact rows (without version and time) of one document (text, context with its id), or a reason:
    picklable, for worker processes."""
    text, ctx = job
    doc_id = ctx.document_id
    facts, reason = extract_document(doc_id, text, ctx)
    return [fact_fields(doc_id, i, f) for i, f in enumerate(facts)], reason
