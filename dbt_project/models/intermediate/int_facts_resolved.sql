-- Facts with their document's defaults filled in and their catalog entry attached.
-- A fact whose code is not in the catalog is treated as unmapped, never dropped.
with facts as (
    select * from {{ ref('stg_indicator_facts') }}
),

documents as (
    select * from {{ ref('int_documents') }}
),

catalog as (
    select
        indicator_code,
        unit as catalog_unit
    from {{ ref('indicators') }}
)

select
    facts.document_id,
    facts.fact_index,
    facts.subject,
    facts.value,
    facts.value_exact,
    facts.value_high,
    facts.unit,
    facts.reported_value,
    facts.reported_unit,
    facts.multiplier,
    facts.comparator,
    facts.value_kind,
    facts.measure,
    facts.sentence_index,
    facts.evidence,
    facts.char_start,
    facts.char_end,
    facts.reported_text,
    facts.rule,
    facts.extractor_version,
    facts.period_kind,
    facts.period_months,
    documents.published_date,
    documents.title as document_title,
    catalog.catalog_unit,
    catalog.indicator_code as mapped_code,
    facts.indicator_code as extracted_code,
    coalesce(facts.period_year, documents.covered_year) as period_year,
    coalesce(facts.region_code, documents.region_code) as region_code
from facts
inner join documents on facts.document_id = documents.document_id
left join catalog on facts.indicator_code = catalog.indicator_code
