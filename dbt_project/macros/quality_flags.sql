{#-
  The plausibility doubts about an observation, comma-separated ('' when none): the one home
  of the value-plausibility rules. A doubt is shown on its row (marts.fct_indicator_observations
  .quality_flags, the CLI summary, Dagster asset-check warnings), never a failed build: a bureau
  may truly report a share over 100% (foreign trade at 112.3% of GDP).

    share_over_100             a share (measure share_pct) above 100%
    share_negative             a share below 0%
    growth_over_1000           a year-on-year growth rate above +1000%
    decline_over_100           a year-on-year change below -100%
    rd_intensity_out_of_range  R&D intensity (share of GDP) outside 0-10%
-#}
{% macro quality_flags(measure, value, indicator_code) -%}
    concat_ws(
        ',',
        case when {{ measure }} = 'share_pct' and {{ value }} > 100 then 'share_over_100' end,
        case when {{ measure }} = 'share_pct' and {{ value }} < 0 then 'share_negative' end,
        case when {{ measure }} = 'yoy_pct' and {{ value }} > 1000 then 'growth_over_1000' end,
        case when {{ measure }} = 'yoy_pct' and {{ value }} < -100 then 'decline_over_100' end,
        case
            when {{ indicator_code }} = 'rd_intensity' and {{ measure }} = 'level'
                and ({{ value }} < 0 or {{ value }} > 10)
                then 'rd_intensity_out_of_range'
        end
    )
{%- endmacro %}
