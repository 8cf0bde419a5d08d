{{ config(meta={
    'dagster': {'ref': {'name': 'indicator_series'}},
    'description': 'Targets are promises, not outcomes: a series value taken from a target is a bug: fail.',
}) }}

-- Targets are promises, not outcomes: no series value may come from one. The file keeps the
-- name of the Dagster check it replaced (no_series_value_from_a_target on indicator_series).
select
    series.indicator_code,
    series.region_code,
    series.period_year
from {{ ref('indicator_series') }} as series
inner join {{ ref('fct_indicator_observations') }} as obs
    on series.observation_id = obs.observation_id
where obs.value_kind = 'target'
