-- THE preference among observations that state the same thing (indicator x area x year x
-- measure, targets apart from outcomes): an actual over an estimate over a derived value;
-- among equals the latest published document, then the higher document id and the first
-- fact in it. `choice = 1` is the pick; indicator_series, indicator_yoy and
-- target_tracking read it, and the report charts indicator_series. Annual rows only:
-- series compare like with like. It reads the public fact table, so the pick sees the
-- corrected, contracted rows the analysts see.
with annual as (
    select
        *,
        value_kind = 'target' as is_target,
        case
            when is_derived then 3
            when value_kind = 'actual' then 1
            else 2
        end as preference
    from {{ ref('fct_indicator_observations') }}
    where period_kind = 'year'
)

select
    *,
    row_number() over (
        partition by indicator_code, region_code, period_year, measure, is_target
        order by preference, published_date desc nulls last, document_id desc, fact_index
    ) as choice,
    count(distinct document_id) over (
        partition by indicator_code, region_code, period_year, measure, is_target
    ) as n_documents
from annual
