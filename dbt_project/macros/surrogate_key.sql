{#- A stable row key: md5 of the listed columns joined by '|' (nulls as ''); portable via dbt.hash. -#}
{% macro dbt_utils_surrogate_key(columns) -%}
    {{ dbt.hash(dbt.concat(columns_as_text(columns))) }}
{%- endmacro %}

{% macro columns_as_text(columns) -%}
    {%- set parts = [] -%}
    {%- for c in columns -%}
        {%- do parts.append("coalesce(cast(" ~ c ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}
