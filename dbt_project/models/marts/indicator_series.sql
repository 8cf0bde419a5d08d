-- One value per indicator x area x year: the series analysts chart. The pick among the
-- candidate levels is int_observations_ranked's (an actual over an estimate over a derived
-- value, then the latest published document). Targets are never values.
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
    n_documents as n_sources,
    corrected
from {{ ref('int_observations_ranked') }}
where measure = 'level' and not is_target and choice = 1
