{{ config(meta={'dagster': {'ref': {'name': 'fct_indicator_observations'}}}) }}

-- Shares are percentages of a whole: 0 to 100.
select
    observation_id,
    value,
    evidence
from {{ ref('fct_indicator_observations') }}
where measure = 'share_pct' and (value < 0 or value > 100)
