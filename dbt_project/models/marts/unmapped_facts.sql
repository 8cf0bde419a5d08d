-- Numeric statements that match no catalog indicator, kept with their sentence
-- so that an analyst can extend the catalog (dbt_project/seeds/indicators.csv).
select
    document_id,
    fact_index,
    subject,
    extracted_code,
    value,
    unit,
    reported_text,
    comparator,
    value_kind,
    measure,
    period_year,
    region_code,
    evidence,
    char_start,
    char_end,
    rule
from {{ ref('int_facts_resolved') }}
where mapped_code is null
