-- The prior year's rank from a rank and its rank change stated with it
-- (上升11位, 第80位 -> 91 the year before); exact only when both are.
with observations as (
    {{ derivation_inputs() }}
),

ranks as (
    select *
    from observations
    where measure = 'level' and unit = 'rank'
),

rank_changes as (
    select *
    from observations
    where measure = 'rank_change'
),

prior_ranks as (
    select
        ranks.indicator_code,
        ranks.region_code,
        ranks.period_year - 1 as period_year,
        ranks.value_kind,
        'level' as measure,
        ranks.value + rank_changes.value as value,
        cast(ranks.value + rank_changes.value as varchar) as reported_value,
        ranks.reported_unit,
        ranks.multiplier,
        0 as reported_decimals,
        ranks.unit,
        case when ranks.comparator = '=' and rank_changes.comparator = '=' then '=' else '~' end as comparator,
        ranks.document_id,
        ranks.evidence,
        ranks.fact_index,
        ranks.subject,
        ranks.sentence_index,
        ranks.char_start,
        ranks.char_end,
        ranks.published_date,
        'prior rank = ' || cast(ranks.value as varchar) || ' + ' || cast(rank_changes.value as varchar)
        || ' places gained' as derivation,
        -- several rank changes in one sentence: the one nearest the rank
        row_number() over (
            partition by ranks.document_id, ranks.fact_index
            order by abs(rank_changes.fact_index - ranks.fact_index)
        ) as pick
    from ranks
    inner join rank_changes
        on {{ stated_together('ranks', 'rank_changes') }}
)

select {{ derived_observation_columns() }}
from prior_ranks
where pick = 1
