-- The observation contract (shared/spec/observation_contract.md): one row per
-- number read from a report or derived from numbers read, with provenance.
with unioned as (
    select {{ observation_columns() }}
    from {{ ref('int_observations_read') }}
    union all
    select {{ observation_columns() }}
    from {{ ref('int_prior_levels') }}
    union all
    select {{ observation_columns() }}
    from {{ ref('int_prior_ranks') }}
),

-- analysts' corrections (corrections.csv): a derived value computed from a corrected
-- number is marked corrected too, with the same reason
corrections as (
    select
        matched_document_id as corrected_document_id,
        matched_fact_index as corrected_fact_index,
        correction_id,
        reason as correction_reason,
        corrected_by,
        corrected_at,
        original_value,
        original_unit,
        original_indicator_code,
        original_region_code,
        original_period_year,
        original_value_kind
    from {{ ref('int_corrections_matched') }}
    where status = 'applied'
),

with_corrections as (
    select
        unioned.*,
        corrections.correction_id,
        corrections.correction_reason,
        corrections.corrected_by,
        corrections.corrected_at,
        corrections.original_value,
        corrections.original_unit,
        corrections.original_indicator_code,
        corrections.original_region_code,
        corrections.original_period_year,
        corrections.original_value_kind
    from unioned
    left join corrections
        on
            unioned.document_id = corrections.corrected_document_id
            and unioned.fact_index = corrections.corrected_fact_index
)

select
    {{ dbt_utils_surrogate_key(['document_id', 'fact_index', 'is_derived', 'measure']) }} as observation_id,
    cast(indicator_code as varchar) as indicator_code,
    cast(region_code as varchar) as region_code,
    cast(period_year as integer) as period_year,
    cast(value_kind as varchar) as value_kind,
    cast(measure as varchar) as measure,
    cast(value as double) as value,
    cast(unit as varchar) as unit,
    cast(comparator as varchar) as comparator,
    cast(is_derived as boolean) as is_derived,
    cast(document_id as varchar) as document_id,
    cast(evidence as varchar) as evidence,
    cast(derivation as varchar) as derivation,
    cast(subject as varchar) as subject,
    cast(reported_value as varchar) as reported_value,
    cast(reported_unit as varchar) as reported_unit,
    cast(multiplier as double) as multiplier,
    cast(reported_decimals as integer) as reported_decimals,
    cast(value_high as double) as value_high,
    cast(fact_index as integer) as fact_index,
    cast(sentence_index as integer) as sentence_index,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end,
    cast(rule as varchar) as rule,
    cast(published_date as date) as published_date,
    cast(period_kind as varchar) as period_kind,
    cast(period_months as integer) as period_months,
    correction_id is not null as corrected,
    cast(correction_id as varchar) as correction_id,
    cast(correction_reason as varchar) as correction_reason,
    cast(corrected_by as varchar) as corrected_by,
    cast(corrected_at as timestamp) as corrected_at,
    cast(case when not is_derived then original_value end as double) as original_value,
    cast(case when not is_derived then original_unit end as varchar) as original_unit,
    cast(case when not is_derived then original_indicator_code end as varchar) as original_indicator_code,
    cast(case when not is_derived then original_region_code end as varchar) as original_region_code,
    cast(case when not is_derived then original_period_year end as integer) as original_period_year,
    cast(case when not is_derived then original_value_kind end as varchar) as original_value_kind,
    {{ quality_flags('measure', 'value', 'indicator_code') }} as quality_flags
from with_corrections
