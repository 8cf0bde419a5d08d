-- Typed facts. Values stay exact decimals in raw; here they become doubles, the
-- contract's type, while `value_exact` keeps the decimal for arithmetic.
select
    document_id,
    fact_index,
    indicator_code,
    subject,
    value as value_exact,
    value_high as value_high_exact,
    unit,
    reported_value,
    reported_unit,
    multiplier,
    comparator,
    value_kind,
    measure,
    period_year,
    region_code,
    sentence_index,
    evidence,
    char_start,
    char_end,
    reported_text,
    rule,
    extractor_version,
    coalesce(period_kind, 'year') as period_kind,
    coalesce(period_months, 12) as period_months,
    cast(value as double) as value,
    cast(value_high as double) as value_high
from {{ source('raw', 'indicator_facts') }}
where {{ not_excluded('document_id') }}
