"""Stage 3: text -> every numeric indicator statement (`raw.indicator_facts`)."""

import datetime as dt
from collections import Counter

import dagster as dg

from orchestration.defs._batch import insert_rows, parallel_map
from orchestration.defs._metadata import add_document_metadata, document_entries
from orchestration.defs.partitions import WAREHOUSE_POOL, batch_policy, documents_partitions
from orchestration.defs.resources import WarehouseResource
from orchestration.warehouse.connections import transaction
from orchestration.warehouse.rows import EXTRACTOR_VERSION, extract_to_rows, fact_row

# Manifest metadata (given by a person) wins over what the parser inferred.
CONTEXT_SQL = """
select t.document_id, t.text,
       coalesce(m.region_code, t.region_code) as region_code,
       coalesce(m.covered_year, t.covered_year) as covered_year,
       year(coalesce(m.published_date, t.published_date)) as published_year,
       d.first_source_uri,
       t.title
from raw.document_text t
join raw.documents d using (document_id)
left join (
    select document_id,
           arg_min(region_code, first_seen_at) filter (where region_code is not null) as region_code,
           arg_min(covered_year, first_seen_at) filter (where covered_year is not null) as covered_year,
           arg_min(published_date, first_seen_at) filter (where published_date is not null) as published_date
    from raw.document_sources group by document_id
) m using (document_id)
where t.document_id in (select unnest(?))
"""


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
        docs = con.execute(CONTEXT_SQL, [keys]).fetchall()
    rows, failed, per_doc = [], [], Counter()
    jobs = [(doc_id, text, region, year, pub_year) for doc_id, text, region, year, pub_year, _uri, _t in docs]
    for (doc_id, _text, region, year, _pub, uri, title), (facts, reason) in zip(
        docs, parallel_map(extract_to_rows, jobs), strict=True
    ):
        if reason:
            failed.append((doc_id, uri, "extract", f"{uri}: {reason}", now))
        rows.extend(fact_row(f, EXTRACTOR_VERSION, now) for f in facts)
        per_doc[doc_id] = len(facts)
        n_mapped = sum(1 for f in facts if f[2])
        add_document_metadata(
            context,
            len(keys),
            doc_id,
            {
                **document_entries(title, region, year, uri),
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
    mapped = sum(1 for r in rows if r[2])
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
