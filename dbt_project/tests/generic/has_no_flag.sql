{#- Rows whose comma-separated doubts column (quality_flags, set by macros/quality_flags.sql)
    holds any of `flags`. Meant for severity warn: a doubt is shown, never a failed build. -#}
{% test has_no_flag(model, column_name, flags) %}
select *
from {{ model }}
where list_has_any(string_split({{ column_name }}, ','), {{ flags }})
{% endtest %}
