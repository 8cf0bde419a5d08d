-- Targets against outcomes: one row per target (indicator x area x target year x measure;
-- when several documents state the same target, the latest published one).
-- status: met | missed | pending (no outcome reported yet) |
--         undetermined (the comparators make it undecidable, e.g. target 500, outcome "more than 400").
with targets as (
    select
        *,
        n_documents as n_target_sources
    from {{ ref('int_observations_ranked') }}
    where is_target and choice = 1
),

outcomes as (
    -- levels from the series; other measures as stated; both chosen by int_observations_ranked
    select
        indicator_code,
        region_code,
        period_year,
        'level' as measure,
        value,
        comparator,
        value_kind,
        document_id,
        evidence
    from {{ ref('indicator_series') }}
    union all
    select
        indicator_code,
        region_code,
        period_year,
        measure,
        value,
        comparator,
        value_kind,
        document_id,
        evidence
    from {{ ref('int_observations_ranked') }}
    where not is_target and measure != 'level' and choice = 1
),

joined as (
    select
        targets.indicator_code,
        targets.region_code,
        targets.period_year,
        targets.measure,
        targets.value as target_value,
        targets.unit,
        targets.comparator as target_comparator,
        targets.document_id as target_document_id,
        targets.evidence as target_evidence,
        targets.n_target_sources,
        outcomes.value as actual_value,
        outcomes.comparator as actual_comparator,
        outcomes.value_kind as actual_value_kind,
        outcomes.document_id as actual_document_id,
        outcomes.evidence as actual_evidence,
        -- a ceiling (控制在…以内) is met from below; anything else is a floor
        coalesce(targets.comparator in ('<', '<='), false) as is_ceiling,
        -- "about X" counts as met within 5 percent of X
        case when targets.comparator = '~' then 0.95 * targets.value else targets.value end as floor_value
    from targets
    left join outcomes
        on
            targets.indicator_code = outcomes.indicator_code
            and targets.region_code = outcomes.region_code
            and targets.period_year = outcomes.period_year
            and targets.measure = outcomes.measure
)

select
    indicator_code,
    region_code,
    period_year,
    measure,
    target_value,
    target_comparator,
    target_document_id,
    actual_value,
    actual_comparator,
    actual_value_kind,
    actual_document_id,
    unit,
    n_target_sources,
    target_evidence,
    actual_evidence,
    actual_value - target_value as gap,
    case
        when actual_value is null then 'pending'
        -- ceilings: lower is better
        when is_ceiling and actual_comparator in ('=', '~', '<', '<=') and actual_value <= target_value then 'met'
        when is_ceiling and actual_comparator in ('=', '~', '>', '>=') and actual_value > target_value then 'missed'
        when is_ceiling then 'undetermined'
        -- floors: the outcome must reach the target
        when target_comparator = '>' and actual_comparator in ('=', '~') and actual_value > target_value then 'met'
        when
            target_comparator != '>' and actual_comparator in ('=', '~', '>', '>=')
            and actual_value >= floor_value
            then 'met'
        when target_comparator = '>' and actual_comparator in ('>', '>=') and actual_value >= target_value then 'met'
        when actual_comparator in ('=', '~', '<', '<=') and actual_value < floor_value then 'missed'
        when target_comparator = '>' and actual_comparator in ('=', '<', '<=') and actual_value <= target_value
            then 'missed'
        else 'undetermined'
    end as status
from joined
