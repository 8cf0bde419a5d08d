-- Every row of corrections.csv and what became of it: applied (the marts show the
-- corrected values), dropped (the row left the marts; its original values are here),
-- superseded (a later correction of the same number wins), orphaned (no number at that
-- span with that text any more: re-extraction or a new document version moved it) or
-- invalid (the row could not be read). Nothing in the file is ever lost.
with matched as (
    select * from {{ ref('int_corrections_matched') }}
),

observations as (
    select
        document_id,
        fact_index,
        observation_id,
        indicator_code,
        region_code,
        period_year,
        value_kind,
        value,
        unit
    from {{ ref('fct_indicator_observations') }}
    where not is_derived
)

select
    matched.correction_id,
    matched.status,
    matched.status_reason,
    case
        when matched.drop_row then 'drop'
        else trim(
            coalesce('value=' || cast(cast(matched.set_value as double) as varchar) || ' ', '')
            || coalesce('unit=' || matched.set_unit || ' ', '')
            || coalesce('indicator=' || matched.set_indicator_code || ' ', '')
            || coalesce('region=' || matched.set_region_code || ' ', '')
            || coalesce('year=' || cast(matched.set_period_year as varchar) || ' ', '')
            || coalesce('kind=' || matched.set_value_kind, '')
        )
    end as changes,
    matched.reason,
    matched.corrected_by,
    matched.corrected_at,
    coalesce(matched.matched_document_id, matched.context_document_id) as document_id,
    observations.observation_id,
    coalesce(observations.indicator_code, matched.original_indicator_code, matched.context_indicator_code)
        as indicator_code,
    coalesce(observations.region_code, matched.original_region_code, matched.context_region_code) as region_code,
    coalesce(observations.period_year, matched.original_period_year, matched.context_period_year) as period_year,
    coalesce(observations.value_kind, matched.original_value_kind) as value_kind,
    matched.original_value,
    matched.original_unit,
    case when matched.status = 'applied' then observations.value end as corrected_value,
    case when matched.status = 'applied' then observations.unit end as corrected_unit,
    coalesce(matched.matched_evidence, matched.context_evidence) as evidence,
    matched.sha256,
    matched.char_start,
    matched.char_end,
    matched.reported_text,
    matched.line,
    matched.source_file
from matched
left join observations
    on
        matched.matched_document_id = observations.document_id
        and matched.matched_fact_index = observations.fact_index
        and matched.status = 'applied'
