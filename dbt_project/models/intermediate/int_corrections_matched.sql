-- Every correction with the fact it applies to, found by content: the document's sha256,
-- the character span of the number and the text at that span. Fact indexes and
-- observation ids may change when a document is re-extracted; span and text do not.
-- When several corrections name the same fact, the latest written wins (the CLI carries
-- earlier changes forward into it); the others are `superseded`.
with corrections as (
    -- a code missing from the catalog would break the marts' relationships: report it instead
    select
        stg.* exclude (problem),
        coalesce(
            stg.problem,
            case
                when stg.set_indicator_code is not null and catalog.indicator_code is null
                    then 'set_indicator_code ' || stg.set_indicator_code || ' is not in the indicator catalog'
            end
        ) as problem
    from {{ ref('stg_corrections') }} as stg
    left join {{ ref('indicators') }} as catalog on stg.set_indicator_code = catalog.indicator_code
),

documents as (
    select
        document_id,
        sha256
    from {{ ref('int_documents') }}
),

facts as (
    select * from {{ ref('int_facts_resolved') }}
),

matched as (
    select
        corrections.*,
        documents.document_id as matched_document_id,
        facts.fact_index as matched_fact_index,
        facts.value as original_value,
        facts.unit as original_unit,
        facts.mapped_code as original_indicator_code,
        facts.region_code as original_region_code,
        facts.period_year as original_period_year,
        facts.value_kind as original_value_kind,
        facts.evidence as matched_evidence
    from corrections
    left join documents
        on corrections.sha256 = documents.sha256 and corrections.problem is null
    left join facts
        on
            documents.document_id = facts.document_id
            and corrections.char_start = facts.char_start
            and corrections.char_end = facts.char_end
            and corrections.reported_text = facts.reported_text
),

ranked as (
    select
        *,
        row_number() over (
            partition by matched_document_id, matched_fact_index
            order by corrected_at desc nulls last, line desc
        ) as recency
    from matched
)

select
    *,
    case
        when problem is not null then 'invalid'
        when matched_fact_index is null then 'orphaned'
        when recency > 1 then 'superseded'
        when drop_row then 'dropped'
        else 'applied'
    end as status,
    case
        when problem is not null then problem
        when matched_document_id is null
            then
                'document ' || coalesce(context_document_id, sha256)
                || ' is not in the warehouse'
        when matched_fact_index is null then
            'no number at characters ' || cast(char_start as varchar)
            || '-' || cast(char_end as varchar) || ' reads ' || coalesce(reported_text, '')
            || ' any more: the text or the extractor changed'
    end as status_reason
from ranked
