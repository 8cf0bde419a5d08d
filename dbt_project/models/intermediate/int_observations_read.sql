-- Observations read directly from a sentence: mapped facts only.
select
    mapped_code as indicator_code,
    region_code,
    period_year,
    period_kind,
    period_months,
    value_kind,
    measure,
    value,
    value_exact,
    unit,
    comparator,
    false as is_derived,
    cast(null as varchar) as derivation,
    document_id,
    evidence,
    fact_index,
    subject,
    reported_value,
    reported_unit,
    multiplier,
    cast(length(coalesce({{ dbt.split_part('reported_value', "'.'", 2) }}, '')) as integer) as reported_decimals,
    value_high,
    sentence_index,
    char_start,
    char_end,
    rule,
    published_date
from {{ ref('int_facts_corrected') }}
-- an observation needs an indicator, an area and a year; facts lacking one are
-- kept in marts.unmapped_facts with the reason
where mapped_code is not null and region_code is not null and period_year is not null
