{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'fct_indicator_observations'}}}) }}

-- Shares are percentages of a whole: 0 to 100. A report may still state more (foreign trade
-- at 112.3% of GDP): such rows are flagged in quality_flags and this test only warns.
select
    observation_id,
    document_id,
    indicator_code,
    value,
    quality_flags,
    evidence
from {{ ref('fct_indicator_observations') }}
where measure = 'share_pct' and (value < 0 or value > 100)
