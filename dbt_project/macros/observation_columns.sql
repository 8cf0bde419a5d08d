{#-
  The observation column list, once: what int_observations_read, int_prior_levels and
  int_prior_ranks hand to fct_indicator_observations (which adds the key, the corrections
  and the flags). `overrides` maps a column to the expression that fills it, e.g. the constants of
  a derived row: observation_columns({'is_derived': 'true', 'rule': "'derived'"}).
-#}
{% macro observation_columns(overrides={}) -%}
    {%- set columns = [
        'indicator_code', 'region_code', 'period_year', 'value_kind', 'measure', 'value', 'unit',
        'comparator', 'is_derived', 'derivation', 'document_id', 'evidence', 'fact_index', 'subject',
        'reported_value', 'reported_unit', 'multiplier', 'reported_decimals', 'value_high',
        'sentence_index', 'char_start', 'char_end', 'rule', 'published_date', 'period_kind',
        'period_months',
    ] -%}
    {%- for column in columns %}
    {% if column in overrides %}{{ overrides[column] }} as {{ column }}{% else %}{{ column }}{% endif %}
    {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{#-
  The same list for a derived row (int_prior_levels, int_prior_ranks): computed, annual,
  no range, rule 'derived'.
-#}
{% macro derived_observation_columns() -%}
    {{ observation_columns({
        'is_derived': 'true', 'value_high': 'cast(null as double)', 'rule': "'derived'",
        'period_kind': "'year'", 'period_months': '12',
    }) }}
{%- endmacro %}
