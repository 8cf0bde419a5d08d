{{ config(meta={'dagster': {'ref': {'name': 'fct_indicator_observations'}}}) }}

-- A prior-year level derived from a level and its growth rate must give back the
-- level when grown again, within the rounding of the derived value.
with derived as (
    select *
    from {{ ref('fct_indicator_observations') }}
    where is_derived and measure = 'level' and unit != 'rank'
),

inputs as (
    select *
    from {{ ref('fct_indicator_observations') }}
    where not is_derived
)

select
    derived.observation_id,
    derived.value as derived_value,
    level_row.value as level_value,
    growth_row.value as growth_pct
from derived
inner join inputs as level_row
    on derived.document_id = level_row.document_id and derived.fact_index = level_row.fact_index
inner join inputs as growth_row
    on
        level_row.document_id = growth_row.document_id
        and level_row.sentence_index = growth_row.sentence_index
        and level_row.indicator_code = growth_row.indicator_code
        and growth_row.measure = 'yoy_pct'
        and level_row.fact_index < growth_row.fact_index
where
    abs(derived.value * (1 + growth_row.value / 100) - level_row.value)
    > 0.5 * derived.multiplier * power(10, -derived.reported_decimals)
    * (1 + growth_row.value / 100) + 1e-6 * abs(level_row.value)
    -- several growth rates in one sentence: only the one paired with the level matters
    and not exists (
        select 1
        from inputs as other
        where
            other.document_id = level_row.document_id
            and other.sentence_index = level_row.sentence_index
            and other.indicator_code = level_row.indicator_code
            and other.measure = 'yoy_pct'
            and other.fact_index > level_row.fact_index
            and other.fact_index < growth_row.fact_index
    )
