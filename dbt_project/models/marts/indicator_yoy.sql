-- Year over year: each series value against the previous value of the same series,
-- with the change computed from the levels and the growth rate the reports stated.
-- A gap of more than one year is labelled (year_gap) and not compared with a
-- stated one-year growth rate.
with series as (
    select
        *,
        -- half a unit of the last reported digit, in base units: the rounding of the stated level
        0.5 * multiplier * power(10, -reported_decimals) as half_unit
    from {{ ref('indicator_series') }}
),

with_prev as (
    select
        *,
        lag(period_year) over (partition by indicator_code, region_code order by period_year) as prev_year,
        lag(value) over (partition by indicator_code, region_code order by period_year) as prev_value,
        lag(comparator) over (partition by indicator_code, region_code order by period_year) as prev_comparator,
        lag(half_unit) over (partition by indicator_code, region_code order by period_year) as prev_half_unit,
        lag(document_id) over (partition by indicator_code, region_code order by period_year) as prev_document_id
    from series
),

reported as (
    -- the stated growth rate, chosen as the series value is (int_observations_ranked)
    select
        indicator_code,
        region_code,
        period_year,
        value as reported_yoy_pct,
        comparator as reported_comparator,
        reported_value as reported_yoy_text,
        document_id as reported_document_id
    from {{ ref('int_observations_ranked') }}
    where measure = 'yoy_pct' and not is_target and choice = 1
),

computed as (
    select
        with_prev.indicator_code,
        with_prev.region_code,
        with_prev.period_year,
        with_prev.prev_year,
        with_prev.period_year - with_prev.prev_year as year_gap,
        with_prev.value,
        with_prev.prev_value,
        with_prev.unit,
        with_prev.comparator,
        with_prev.prev_comparator,
        with_prev.value_kind,
        with_prev.is_derived,
        with_prev.document_id,
        with_prev.prev_document_id,
        reported.reported_yoy_pct,
        reported.reported_comparator,
        reported.reported_document_id,
        with_prev.value - with_prev.prev_value as abs_change,
        case
            when with_prev.prev_value != 0 then 100.0 * (with_prev.value / with_prev.prev_value - 1)
        end as pct_change,
        -- rounding of both levels, propagated, plus half a unit of the stated rate
        case
            when with_prev.prev_value > 0
                then
                    100.0 * (
                        with_prev.half_unit / with_prev.prev_value
                        + with_prev.value * with_prev.prev_half_unit / (with_prev.prev_value * with_prev.prev_value)
                    )
                    + 0.5 * power(10, -cast(length(coalesce({{ dbt.split_part('reported.reported_yoy_text', "'.'", 2) }}, '')) as integer))
        end as tolerance_pp
    from with_prev
    left join reported
        on
            with_prev.indicator_code = reported.indicator_code
            and with_prev.region_code = reported.region_code
            and with_prev.period_year = reported.period_year
    where with_prev.prev_year is not null
)

select
    indicator_code,
    region_code,
    period_year,
    prev_year,
    year_gap,
    year_gap > 1 as is_multi_year_gap,
    value,
    prev_value,
    unit,
    abs_change,
    pct_change,
    reported_yoy_pct,
    value_kind,
    is_derived,
    document_id,
    prev_document_id,
    reported_document_id,
    tolerance_pp,
    case when year_gap = 1 then pct_change - reported_yoy_pct end as yoy_gap_pp,
    case
        when
            year_gap = 1 and reported_yoy_pct is not null and comparator = '=' and prev_comparator = '='
            and reported_comparator = '='
            then abs(pct_change - reported_yoy_pct) <= tolerance_pp + 0.0001
    end as consistent
from computed
