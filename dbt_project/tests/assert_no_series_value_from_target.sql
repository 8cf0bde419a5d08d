{{ config(meta={'dagster': {'ref': {'name': 'indicator_series'}}}) }}

-- Targets are promises, not outcomes: no series value may come from one.
select
    series.indicator_code,
    series.region_code,
    series.period_year
from {{ ref('indicator_series') }} as series
inner join {{ ref('fct_indicator_observations') }} as obs
    on series.observation_id = obs.observation_id
where obs.value_kind = 'target'
