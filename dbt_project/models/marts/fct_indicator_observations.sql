-- The observation contract (shared/spec/observation_contract.md): one row per
-- number read from a report or derived from numbers read, with provenance.
with read_rows as (
    select
        indicator_code,
        region_code,
        period_year,
        value_kind,
        measure,
        value,
        unit,
        comparator,
        is_derived,
        derivation,
        document_id,
        evidence,
        fact_index,
        subject,
        reported_value,
        reported_unit,
        multiplier,
        reported_decimals,
        value_high,
        sentence_index,
        char_start,
        char_end,
        rule,
        published_date
    from {{ ref('int_observations_read') }}
),

derived_rows as (
    select
        indicator_code,
        region_code,
        period_year,
        value_kind,
        measure,
        value,
        unit,
        comparator,
        true as is_derived,
        derivation,
        document_id,
        evidence,
        fact_index,
        subject,
        reported_value,
        reported_unit,
        multiplier,
        reported_decimals,
        cast(null as double) as value_high,
        sentence_index,
        char_start,
        char_end,
        'derived' as rule,
        published_date
    from {{ ref('int_observations_derived') }}
),

unioned as (
    select * from read_rows
    union all
    select * from derived_rows
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
    {{ quality_flags('measure', 'value', 'indicator_code') }} as quality_flags
from unioned
