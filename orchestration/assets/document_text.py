"""Stage 2: bytes -> canonical text, metadata and sentences (`raw.document_text`, `raw.sentences`)."""

import datetime as dt

import dagster as dg

from orchestration.assets.batch import insert_rows, parallel_map
from orchestration.assets.partitions import WAREHOUSE_POOL, batch_policy, documents_partitions
from orchestration.parse import UnreadableDocument, parse_document
from orchestration.resources import WarehouseResource
from orchestration.warehouse import transaction

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
        "; ".join(parsed.warnings) or None,
    )
    return fields, [(x.index, x.start, x.end, x.section, x.text) for x in parsed.sentences], None


def _spec(key: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        key,
        deps=["raw_documents"],
        description=description,
        group_name="parse",
        kinds={"duckdb", "python"},
        owners=["team:data-platform"],
    )


@dg.multi_asset(
    specs=[
        _spec(
            "document_text",
            "Canonical text of each readable report (`raw.document_text`): decoded, clutter removed, "
            "Simplified Chinese, with title, 发布机构, 索引号, 文号, dates, covered year and region.",
        ),
        _spec(
            "document_sentences", "Sentences of the canonical text with character offsets (`raw.sentences`)."
        ),
        _spec(
            "document_quarantine",
            "Documents that could not be read, with a reason a person understands (`raw.quarantine`).",
        ),
    ],
    partitions_def=documents_partitions,
    backfill_policy=batch_policy,
    pool=WAREHOUSE_POOL,
    check_specs=[
        dg.AssetCheckSpec(
            "no_empty_text", asset="document_text", description="Every readable document has non-empty text."
        ),
    ],
)
def document_text(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Decoded report text with site clutter removed, Traditional converted to Simplified,
    metadata (title, 发布机构, 索引号, 文号, dates, covered year, region) and sentences with offsets.

    A document that cannot be decoded or parsed is quarantined (`raw.quarantine`,
    `marts.quarantine`) with a reason a person understands; the others go on.
    """
    keys = list(context.partition_keys)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with warehouse.writer() as con:
        rows = con.execute(
            "select document_id, content, media_type, first_source_uri from raw.documents "
            "where document_id in (select unnest(?))",
            [keys],
        ).fetchall()
    texts, sentences, quarantined = [], [], []
    jobs = [(bytes(content), uri, media_type) for _doc_id, content, media_type, uri in rows]
    for (doc_id, _content, _media_type, uri), (fields, sents, reason) in zip(
        rows, parallel_map(parse_to_rows, jobs), strict=True
    ):
        if fields is None:
            quarantined.append((doc_id, uri, "parse", f"{uri}: {reason or 'no readable text'}", now))
            continue
        texts.append((doc_id, *fields, PARSER_VERSION, now))
        sentences.extend((doc_id, *s) for s in sents)
    done = [r[0] for r in rows]
    with warehouse.writer() as con, transaction(con):
        for table in ("raw.document_text", "raw.sentences"):
            con.execute(f"delete from {table} where document_id in (select unnest(?))", [done])
        con.execute(
            "delete from raw.quarantine where document_id in (select unnest(?)) and stage = 'parse'", [done]
        )
        insert_rows(con, "raw.document_text", texts)
        insert_rows(con, "raw.sentences", sentences)
        insert_rows(con, "raw.quarantine", quarantined)
        empty = con.execute("select count(*) from raw.document_text where length(trim(text)) = 0").fetchone()[
            0
        ]
        total = con.execute("select count(*) from raw.document_text").fetchone()[0]
        n_sentences = con.execute("select count(*) from raw.sentences").fetchone()[0]
        n_quarantine = con.execute("select count(*) from raw.quarantine").fetchone()[0]
    for q in quarantined:
        context.log.warning(f"quarantined {q[0]}: {q[3]}")
    preview = "\n".join(
        f"| {t[0]} | {(t[2] or '')[:40]} | {t[4] or ''} | {t[5] or ''} | {t[11]} |" for t in texts[:15]
    )
    yield dg.MaterializeResult(
        asset_key="document_text",
        metadata={
            "documents_parsed": len(texts),
            "documents_quarantined": len(quarantined),
            "sentences": len(sentences),
            "dagster/row_count": total,
            "quarantined": dg.MetadataValue.md("\n".join(f"- {q[3]}" for q in quarantined) or "none"),
            "preview": dg.MetadataValue.md(
                "| document | title | region | year | chars |\n|---|---|---|---|---|\n" + preview
            ),
        },
        check_results=[
            dg.AssetCheckResult(
                asset_key="document_text",
                check_name="no_empty_text",
                passed=empty == 0,
                metadata={"empty_texts": empty},
            )
        ],
    )
    yield dg.MaterializeResult(
        asset_key="document_sentences",
        metadata={"sentences_in_run": len(sentences), "dagster/row_count": n_sentences},
    )
    yield dg.MaterializeResult(
        asset_key="document_quarantine",
        metadata={"quarantined_in_run": len(quarantined), "dagster/row_count": n_quarantine},
    )
