"""Stage 3: text -> every numeric indicator statement (`raw.indicator_facts`)."""

import datetime as dt
from collections import Counter

import dagster as dg

from orchestration.defs._batch import parallel_map
from orchestration.defs._metadata import add_document_metadata, document_entries
from orchestration.defs.partitions import WAREHOUSE_POOL, batch_policy, documents_partitions
from orchestration.defs.resources import WarehouseResource
from orchestration.extract import DocumentContext
from orchestration.warehouse.connections import insert_rows, transaction
from orchestration.warehouse.rows import EXTRACTOR_VERSION, extract_to_rows, fact_row, quarantine_row

# The extractor's inputs: each document's text and metadata as the parser inferred it, and the
# manifest metadata of each of its sources, first seen first. DocumentContext.from_metadata
# applies the precedence (manifest over inferred), as int_documents does in SQL.
_TEXT_SQL = """
select t.document_id, t.text, t.region_code, t.covered_year, t.published_date, d.first_source_uri, t.title
from raw.document_text t
join raw.documents d using (document_id)
where t.document_id in (select unnest(?))
"""
_MANIFEST_SQL = """
select document_id, region_code, covered_year, published_date
from raw.document_sources
where document_id in (select unnest(?))
order by document_id, first_seen_at, source_uri
"""


def documents_to_extract(con, keys: list[str]) -> list[tuple[DocumentContext, str, str, str | None]]:
    """(context, text, first source URI, title) of each readable document among `keys`."""
    manifests: dict[str, list[dict]] = {}
    cursor = con.execute(_MANIFEST_SQL, [keys])
    names = [c[0] for c in cursor.description]
    for row in cursor.fetchall():
        manifests.setdefault(row[0], []).append(dict(zip(names, row, strict=True)))
    docs = []
    for doc_id, text, region, covered, published, uri, title in con.execute(_TEXT_SQL, [keys]).fetchall():
        inferred = {"region_code": region, "covered_year": covered, "published_date": published}
        ctx = DocumentContext.from_metadata(
            inferred=inferred, manifest=manifests.get(doc_id, []), document_id=doc_id
        )
        docs.append((ctx, text, uri, title))
    return docs


@dg.asset(
    deps=["document_text"],
    partitions_def=documents_partitions,
    backfill_policy=batch_policy,
    pool=WAREHOUSE_POOL,
    group_name="extract",
    kinds={"duckdb", "python"},
    owners=["team:data-platform"],
)
def indicator_facts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every numeric statement in each document: value (exact decimal), unit and multiplier,
    comparator, actual / estimate / target, measure, period year, area, indicator code
    (or the subject phrase when unmapped), the sentence and character offsets, and the rule.

    Re-running a document replaces its facts; nothing is duplicated.

    Each document partition's page shows that document's title, area, covered year and
    source, and its own fact counts (mapped to the catalog, unmapped).
    """
    keys = list(context.partition_keys)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with warehouse.writer() as con:
        docs = documents_to_extract(con, keys)
    rows, failed, per_doc = [], [], Counter()
    jobs = [(text, ctx) for ctx, text, _uri, _title in docs]
    for (ctx, _text, uri, title), (facts, reason) in zip(
        docs, parallel_map(extract_to_rows, jobs), strict=True
    ):
        doc_id = ctx.document_id
        if reason:
            failed.append(quarantine_row(doc_id, uri, "extract", f"{uri}: {reason}", now))
        rows.extend(fact_row(f, EXTRACTOR_VERSION, now) for f in facts)
        per_doc[doc_id] = len(facts)
        n_mapped = sum(1 for f in facts if f["indicator_code"])
        add_document_metadata(
            context,
            len(keys),
            doc_id,
            {
                **document_entries(title, ctx.region_code, ctx.covered_year, uri),
                "document facts": len(facts),
                "document mapped facts": n_mapped,
                "document unmapped facts": len(facts) - n_mapped,
                **({"document extract error": reason} if reason else {}),
            },
        )
    with warehouse.writer() as con, transaction(con):
        con.execute("delete from raw.indicator_facts where document_id in (select unnest(?))", [keys])
        con.execute(
            "delete from raw.quarantine where document_id in (select unnest(?)) and stage = 'extract'", [keys]
        )
        insert_rows(con, "raw.indicator_facts", rows)
        insert_rows(con, "raw.quarantine", failed)
        total = con.execute("select count(*) from raw.indicator_facts").fetchone()[0]
    mapped = sum(1 for r in rows if r["indicator_code"])
    return dg.MaterializeResult(
        metadata={
            "facts_in_run": len(rows),
            "mapped_facts": mapped,
            "unmapped_facts": len(rows) - mapped,
            "documents_failed": len(failed),
            "facts_total": total,
            # one materialization event per partition carries this metadata: keep it small
            "facts_per_document": dg.MetadataValue.md(
                "| document | facts |\n|---|---|\n"
                + "\n".join(f"| {d} | {n} |" for d, n in per_doc.most_common(5))
            ),
        }
    )
