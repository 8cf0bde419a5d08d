-- Numeric statements that did not become observations, kept with their sentence:
-- no catalog indicator matched (extend dbt_project/seeds/indicators.csv), or the
-- report names no area or year the number could be attributed to.
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
    rule,
    case
        when mapped_code is null then 'no catalog indicator'
        when region_code is null then 'no area: neither the sentence nor the document names one'
        else 'no year: neither the sentence nor the document names one'
    end as unmapped_reason
from {{ ref('int_facts_corrected') }}
where mapped_code is null or region_code is null or period_year is null
