{#- True for rows of documents nobody excluded (`bureau exclude`, exclusions.csv beside the
    warehouse): staging filters on it (marts.quarantine itself: stg_quarantine only renames),
    so an excluded document leaves every mart while its raw rows and archived bytes stay.
    Rows without a document (a quarantined fetch) stay. -#}
{% macro not_excluded(column) -%}
    ({{ column }} is null or {{ column }} not in (select excluded.document_id from {{ ref('stg_exclusions') }} as excluded))
{%- endmacro %}
