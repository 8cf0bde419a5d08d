{#- The observations a derivation may start from (int_prior_levels, int_prior_ranks): annual
    figures that are not targets; a prior year cannot come from a half-year's growth. -#}
{% macro derivation_inputs() %}
    select *
    from {{ ref('int_observations_read') }}
    where value_kind != 'target' and period_kind = 'year'
{% endmacro %}
