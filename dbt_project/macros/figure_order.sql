{#- The order in which competing figures for the same region x indicator x metric x year are
    preferred (first = chosen). Used by int_indicator_figures (the panel) and by
    target_vs_actual (the outcome of a target), so both apply the same rules. -#}
{% macro figure_order(prefix='') -%}
    {{ prefix }}status_rank asc, {{ prefix }}report_year desc, {{ prefix }}part_rank asc,
    {{ prefix }}char_start asc, {{ prefix }}fact_id asc
{%- endmacro %}
