"""Stage 2: bytes -> canonical text, metadata and sentences (`raw.document_text`, `raw.sentences`)."""

import datetime as dt

import dagster as dg

from orchestration.defs._batch import parallel_map
from orchestration.defs._metadata import add_document_metadata, document_entries
from orchestration.defs.partitions import WAREHOUSE_POOL, batch_policy, documents_partitions, side_table
from orchestration.defs.resources import WarehouseResource
from orchestration.warehouse.connections import insert_rows, transaction
from orchestration.warehouse.rows import PARSER_VERSION, parse_to_rows, quarantine_row

document_sentences = side_table(
    "document_sentences",
    written_by="document_text",
    group="parse",
    description="Sentences of the canonical text with character offsets (`raw.sentences`).",
)
document_quarantine = side_table(
    "document_quarantine",
    written_by="document_text",
    group="parse",
    description="Documents that could not be read, with a reason a person understands (`raw.quarantine`); "
    "`raw_documents` adds those whose archived bytes are missing or damaged.",
)


@dg.asset(
    deps=["raw_documents"],
    partitions_def=documents_partitions,
    backfill_policy=batch_policy,
    pool=WAREHOUSE_POOL,
    group_name="parse",
    kinds={"duckdb", "python"},
    owners=["team:data-platform"],
    check_specs=[
        dg.AssetCheckSpec(
            "no_empty_text", asset="document_text", description="Every readable document has non-empty text."
        ),
    ],
)
def document_text(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Canonical text of each readable report (`raw.document_text`) — text, HTML, PDF, Word, Excel
    or CSV, radicals normalised, tables as ` | ` rows: decoded, site clutter removed,
    Traditional converted to Simplified, with metadata (title, 发布机构, 索引号, 文号, dates,
    covered year, region), and its sentences with character offsets (`raw.sentences`).

    A document that cannot be decoded or parsed is quarantined (`raw.quarantine`,
    `marts.quarantine`) with a reason a person understands; the others go on.

    Each document partition's page shows that document's title, area, covered year and
    source as parsed, and its own counts (characters, sentences) or its quarantine reason.
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
            quarantined.append(
                quarantine_row(doc_id, uri, "parse", f"{uri}: {reason or 'no readable text'}", now)
            )
            add_document_metadata(
                context,
                len(keys),
                doc_id,
                {
                    **document_entries(None, None, None, uri),
                    "document quarantined": reason or "no readable text",
                },
            )
            continue
        add_document_metadata(
            context,
            len(keys),
            doc_id,
            {
                **document_entries(fields["title"], fields["region_code"], fields["covered_year"], uri),
                "document publisher": fields["publisher"] or "-",
                "document characters": fields["n_chars"],
                "document sentences": fields["n_sentences"],
            },
        )
        texts.append({"document_id": doc_id, **fields, "parser_version": PARSER_VERSION, "parsed_at": now})
        sentences.extend({"document_id": doc_id, **s} for s in sents)
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
        context.log.warning(f"quarantined {q['document_id']}: {q['reason']}")
    # One materialization event per partition carries this metadata: keep it small.
    preview = "\n".join(
        f"| {t['document_id']} | {(t['title'] or '')[:40]} | {t['region_code'] or ''} | {t['covered_year'] or ''} "
        f"| {t['n_chars']} |"
        for t in texts[:5]
    )
    return dg.MaterializeResult(
        metadata={
            "documents_parsed": len(texts),
            "documents_quarantined": len(quarantined),
            "sentences": len(sentences),
            "documents_total": total,
            "sentences_total": n_sentences,
            "quarantine_total": n_quarantine,
            "quarantined": dg.MetadataValue.md(
                "\n".join(f"- {q['reason']}" for q in quarantined[:20]) or "none"
            ),
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
