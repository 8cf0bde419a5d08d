{#- The observations a derivation may start from (int_prior_levels, int_prior_ranks): annual
    figures that are not targets; a prior year cannot come from a half-year's growth. -#}
{% macro derivation_inputs() %}
    select *
    from {{ ref('int_observations_read') }}
    where value_kind != 'target' and period_kind = 'year'
{% endmacro %}

{#- Two observations of one series stated in one sentence (a level and its growth, a rank and
    its change): the join a derivation pairs them by. -#}
{% macro stated_together(left, right) %}
    {{ left }}.document_id = {{ right }}.document_id
    and {{ left }}.sentence_index = {{ right }}.sentence_index
    and {{ left }}.indicator_code = {{ right }}.indicator_code
    and {{ left }}.region_code = {{ right }}.region_code
    and {{ left }}.period_year = {{ right }}.period_year
{% endmacro %}
