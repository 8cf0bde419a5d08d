-- The prior year's level from a level and the growth rate stated with it
-- (173.58亿元, 同比增长29.34% -> 134.20亿元 for the year before), rounded to the
-- precision the level was reported in, value_kind `estimate`. Comparators are carried
-- through: from "more than 600" only "more than" follows.
with observations as (
    {{ derivation_inputs() }}
),

levels as (
    -- growth of GDP and value added is stated at comparable prices (real): a nominal
    -- prior level cannot be derived from it
    select *
    from observations
    where
        measure = 'level' and unit != 'rank'
        and indicator_code not in (
            select catalog.indicator_code
            from {{ ref('indicators') }} as catalog
            where catalog.growth_basis = 'real'
        )
),

growth as (
    select *
    from observations
    where measure = 'yoy_pct'
),

growth_pairs as (
    select
        levels.*,
        growth.value as growth_pct,
        growth.comparator as growth_comparator,
        growth.fact_index as growth_fact_index,
        row_number() over (
            partition by levels.document_id, levels.fact_index
            order by growth.fact_index
        ) as pick
    from levels
    inner join growth
        on
            {{ stated_together('levels', 'growth') }}
            and levels.value_kind = growth.value_kind
            and levels.fact_index < growth.fact_index
    where growth.value > -100
),

prior_levels as (
    select
        indicator_code,
        region_code,
        period_year - 1 as period_year,
        'estimate' as value_kind,
        'level' as measure,
        -- multiplied out in decimal: in binary floating point 134.2 * 1e8 = 13419999999.999998
        cast(
            cast(round(value / multiplier / (1 + growth_pct / 100), reported_decimals) as decimal(38, 6))
            * cast(multiplier as decimal(38, 6)) as double
        ) as value,
        cast(round(
            value / multiplier / (1 + growth_pct / 100),
            reported_decimals
        ) as varchar) as reported_value,
        reported_unit,
        multiplier,
        reported_decimals,
        unit,
        case
            when comparator = '=' and growth_comparator = '=' then '='
            when comparator = '~' or growth_comparator = '~' then '~'
            when growth_comparator = '=' then comparator
        end as comparator,
        document_id,
        evidence,
        fact_index,
        subject,
        sentence_index,
        char_start,
        char_end,
        published_date,
        'prior year level = ' || reported_value || coalesce(reported_unit, '')
        || ' / (1 + ' || cast(growth_pct as varchar) || '%)' as derivation
    from growth_pairs
    where pick = 1 and multiplier > 0
)

select {{ derived_observation_columns() }}
from prior_levels
where comparator is not null
