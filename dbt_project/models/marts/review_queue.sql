-- Rows worth a human look, each with its sentence and a ready `bureau correct` line:
--   quality_flag       the row carries plausibility flags (column quality_flags, when the
--                      build has it);
--   documents_disagree two documents state different values for the same indicator x area
--                      x year x kind x measure;
--   series_conflict    the series value was chosen among different values one document
--                      states for the same indicator x area x year (in one sentence, or in
--                      several);
--   flow_as_stock      the clause says 新增 / 新认定 / 新建 ... (a flow) but the number is
--                      mapped to a stock indicator (a count of what exists);
--   unit_change        the unit or currency changes within a series.
-- The suggested command is a starting point a person edits; nothing here changes a value.
{#- quality_flags arrives with the plausibility checks; until a build has it, no row is flagged -#}
{%- set has_flags = [] %}
{%- if execute %}
    {%- for col in adapter.get_columns_in_relation(ref('fct_indicator_observations')) %}
        {%- if col.name | lower == 'quality_flags' %}{% do has_flags.append(1) %}{% endif %}
    {%- endfor %}
{%- endif %}
with observations as (
    -- derived values follow the number they were computed from: review that one
    select *
    from {{ ref('fct_indicator_observations') }}
    where not is_derived
),

catalog as (
    select
        indicator_code,
        kind,
        name_zh
    from {{ ref('indicators') }}
),

series as (
    select observation_id
    from {{ ref('indicator_series') }}
),

sentences as (
    select
        document_id,
        sentence_index,
        char_start as sentence_start
    from {{ ref('stg_sentences') }}
),

quality_flagged as (
    select
        'quality_flag' as review_reason,
        1 as priority,
        {% if has_flags %}'quality flags: ' || cast(quality_flags as varchar){% else %}''{% endif %} as detail,
        observation_id,
        '--drop' as suggested_change
    from observations
    {% if has_flags -%}
        where quality_flags is not null and cast(quality_flags as varchar) not in ('', '[]', '{}')
    {%- else -%}
        where false
    {%- endif %}
),

disagreements as (
    select
        indicator_code,
        region_code,
        period_year,
        value_kind,
        measure,
        string_agg(
            distinct reported_value || coalesce(reported_unit, '') || ' (' || document_id || ')', ' / '
            order by reported_value || coalesce(reported_unit, '') || ' (' || document_id || ')'
        )
            as stated
    from observations
    group by indicator_code, region_code, period_year, value_kind, measure
    having count(distinct document_id) > 1 and count(distinct value) > 1
),

documents_disagree as (
    select
        'documents_disagree' as review_reason,
        2 as priority,
        'documents disagree on ' || observations.indicator_code || ' ' || cast(observations.period_year as varchar)
        || ' (' || observations.value_kind || ', ' || observations.measure || '): ' || disagreements.stated
            as detail,
        observations.observation_id,
        '--drop' as suggested_change
    from observations
    inner join disagreements
        on
            observations.indicator_code = disagreements.indicator_code
            and observations.region_code = disagreements.region_code
            and observations.period_year = disagreements.period_year
            and observations.value_kind = disagreements.value_kind
            and observations.measure = disagreements.measure
),

document_conflicts as (
    select
        indicator_code,
        region_code,
        period_year,
        value_kind,
        document_id,
        count(distinct sentence_index) as n_sentences,
        string_agg(
            distinct reported_value || coalesce(reported_unit, ''), ' / '
            order by reported_value || coalesce(reported_unit, '')
        ) as stated
    from observations
    where measure = 'level' and value_kind != 'target'
    group by indicator_code, region_code, period_year, value_kind, document_id
    having count(distinct value) > 1
),

series_conflict as (
    select
        'series_conflict' as review_reason,
        1 as priority,
        'the series shows ' || observations.reported_value || coalesce(observations.reported_unit, '')
        || ', chosen among ' || document_conflicts.stated
        || case
            when document_conflicts.n_sentences = 1 then ' stated in one sentence'
            else ' stated in ' || cast(document_conflicts.n_sentences as varchar) || ' sentences of one document'
        end as detail,
        observations.observation_id,
        '--drop' as suggested_change
    from observations
    inner join series on observations.observation_id = series.observation_id
    inner join document_conflicts
        on
            observations.indicator_code = document_conflicts.indicator_code
            and observations.region_code = document_conflicts.region_code
            and observations.period_year = document_conflicts.period_year
            and observations.value_kind = document_conflicts.value_kind
            and observations.document_id = document_conflicts.document_id
),

clauses as (
    -- the clause the number stands in, up to the number: 新增1家 / 新建设9个 ...
    select
        observations.*,
        regexp_extract(
            substr(observations.evidence, 1, greatest(observations.char_start - sentences.sentence_start, 0)),
            '[^，,；;。：:、]*$'
        ) as clause
    from observations
    inner join sentences
        on
            observations.document_id = sentences.document_id
            and observations.sentence_index = sentences.sentence_index
    where observations.measure = 'level'
),

flow_counterparts as (
    -- the flow indicator of the same thing, when the catalog has one: hitech_enterprises_new
    select
        stock.indicator_code as stock_code,
        coalesce(
            max(case when flow.indicator_code = stock.indicator_code || '_new' then flow.indicator_code end),
            max(flow.indicator_code)
        ) as flow_code
    from catalog as stock
    inner join catalog as flow
        on
            flow.kind = 'flow'
            and flow.indicator_code in (stock.indicator_code || '_new', stock.indicator_code || '_net_new')
    where stock.kind = 'stock'
    group by stock.indicator_code
),

flow_as_stock as (
    select
        'flow_as_stock' as review_reason,
        2 as priority,
        'flow wording (' || regexp_extract(clauses.clause, '新增|新认定|新建|新培育|新引进|新获批|新设立|净增|新组建|新入选|新备案')
        || ') mapped to the stock indicator ' || clauses.indicator_code || ' (' || catalog.name_zh || ')' as detail,
        clauses.observation_id,
        coalesce('--indicator ' || flow_counterparts.flow_code, '--drop') as suggested_change
    from clauses
    inner join catalog on clauses.indicator_code = catalog.indicator_code
    left join flow_counterparts on clauses.indicator_code = flow_counterparts.stock_code
    where
        catalog.kind = 'stock'
        and regexp_matches(clauses.clause, '新增|新认定|新建|新培育|新引进|新获批|新设立|净增|新组建|新入选|新备案')
),

series_units as (
    select
        indicator_code,
        region_code,
        unit,
        case
            when reported_unit like '%美元%' then 'USD'
            when reported_unit like '%港元%' or reported_unit like '%港币%' then 'HKD'
            when reported_unit like '%欧元%' then 'EUR'
            when unit = 'CNY' then 'CNY'
        end as currency,
        count(*) as n,
        string_agg(distinct cast(period_year as varchar), ', ' order by cast(period_year as varchar)) as years
    from observations
    where measure = 'level' and value_kind != 'target'
    group by indicator_code, region_code, unit, currency
),

unit_mix as (
    select
        indicator_code,
        region_code,
        string_agg(coalesce(currency, unit) || ' (' || years || ')', ' / ' order by coalesce(currency, unit)) as units
    from series_units
    group by indicator_code, region_code
    having count(*) > 1
),

unit_change as (
    select
        'unit_change' as review_reason,
        3 as priority,
        'the unit changes within the series: ' || unit_mix.units as detail,
        observations.observation_id,
        '--drop' as suggested_change
    from observations
    inner join unit_mix
        on observations.indicator_code = unit_mix.indicator_code and observations.region_code = unit_mix.region_code
    where observations.measure = 'level' and observations.value_kind != 'target'
),

flagged as (
    select * from quality_flagged
    union all
    select * from documents_disagree
    union all
    select * from series_conflict
    union all
    select * from flow_as_stock
    union all
    select * from unit_change
)

select
    flagged.review_reason,
    flagged.priority,
    flagged.detail,
    observations.observation_id,
    observations.indicator_code,
    observations.region_code,
    observations.period_year,
    observations.value_kind,
    observations.measure,
    observations.value,
    observations.unit,
    observations.comparator,
    observations.reported_value,
    observations.reported_unit,
    observations.document_id,
    observations.evidence,
    observations.corrected,
    'bureau correct ' || observations.observation_id || ' ' || flagged.suggested_change
    || ' --reason ''' || replace(flagged.detail, '''', '') || '''' as suggested_command
from flagged
inner join observations on flagged.observation_id = observations.observation_id
