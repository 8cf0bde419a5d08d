-- Every indicator x area x year x measure stated by more than one document: each
-- stated value in publication order, with the change from the one before
-- (an estimate of 3.3% later reported as 3.2% shows as a revision of -0.1).
with stated as (
    select
        *,
        row_number() over (
            partition by document_id, indicator_code, region_code, period_year, measure, value_kind
            order by fact_index
        ) as first_in_document
    from {{ ref('fct_indicator_observations') }}
    where value_kind != 'target' and not is_derived and period_kind = 'year'
),

per_document as (
    select
        *,
        count(distinct document_id) over (
            partition by indicator_code, region_code, period_year, measure
        ) as n_documents
    from stated
    where first_in_document = 1
),

ordered as (
    select
        *,
        row_number() over (
            partition by indicator_code, region_code, period_year, measure
            order by published_date nulls first, document_id, fact_index
        ) as vintage,
        lag(value) over (
            partition by indicator_code, region_code, period_year, measure
            order by published_date nulls first, document_id, fact_index
        ) as previous_value,
        lag(value_kind) over (
            partition by indicator_code, region_code, period_year, measure
            order by published_date nulls first, document_id, fact_index
        ) as previous_value_kind
    from per_document
    where n_documents > 1
)

select
    indicator_code,
    region_code,
    period_year,
    measure,
    vintage,
    value,
    unit,
    comparator,
    value_kind,
    document_id,
    published_date,
    evidence,
    previous_value,
    previous_value_kind,
    n_documents,
    value - previous_value as change_from_previous,
    coalesce(value != previous_value, false) as is_revised
from ordered
