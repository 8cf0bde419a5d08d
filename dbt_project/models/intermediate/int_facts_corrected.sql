-- Facts with the analysts' corrections applied (int_corrections_matched): corrected
-- fields replace the extracted ones, dropped facts leave (they are listed in
-- marts.corrections). `* exclude` passes every other column through unchanged, so a
-- column added to int_facts_resolved reaches the marts without an edit here.
with facts as (
    select * from {{ ref('int_facts_resolved') }}
),

corrections as (
    select *
    from {{ ref('int_corrections_matched') }}
    where status in ('applied', 'dropped')
)

select
    facts.* exclude (value, value_exact, unit, mapped_code, region_code, period_year, value_kind),
    coalesce(cast(corrections.set_value as double), facts.value) as value,
    coalesce(corrections.set_value, facts.value_exact) as value_exact,
    coalesce(corrections.set_unit, facts.unit) as unit,
    coalesce(corrections.set_indicator_code, facts.mapped_code) as mapped_code,
    coalesce(corrections.set_region_code, facts.region_code) as region_code,
    coalesce(corrections.set_period_year, facts.period_year) as period_year,
    coalesce(corrections.set_value_kind, facts.value_kind) as value_kind,
    corrections.correction_id
from facts
left join corrections
    on facts.document_id = corrections.matched_document_id and facts.fact_index = corrections.matched_fact_index
where not coalesce(corrections.drop_row, false)
