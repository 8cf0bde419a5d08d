-- One value per indicator x area x year: the series analysts chart.
-- Choice among the candidate levels: an actual over an estimate over a derived
-- value; among equals the latest published document. Targets are never values.
with candidates as (
    select
        *,
        case
            when is_derived then 3
            when value_kind = 'actual' then 1
            else 2
        end as preference
    from {{ ref('fct_indicator_observations') }}
    where measure = 'level' and value_kind != 'target' and period_kind = 'year'
),

ranked as (
    select
        *,
        row_number() over (
            partition by indicator_code, region_code, period_year
            order by preference, published_date desc nulls last, document_id desc, fact_index
        ) as choice,
        count(distinct document_id) over (
            partition by indicator_code, region_code, period_year
        ) as n_sources
    from candidates
)

select
    indicator_code,
    region_code,
    period_year,
    value,
    unit,
    comparator,
    value_kind,
    is_derived,
    document_id,
    evidence,
    observation_id,
    published_date,
    reported_value,
    multiplier,
    reported_decimals,
    n_sources,
    corrected
from ranked
where choice = 1
