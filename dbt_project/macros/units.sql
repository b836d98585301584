{#- Express the figure of row alias `src` in the unit of row alias `dst`. Both rows carry value,
    unit, value_normalized, unit_normalized and unit_factor (= value_normalized / value, see
    int_indicator_facts). Same unit as written: the value itself. Different units of the same
    base unit (亿元 vs 万元): through value_normalized. Otherwise NULL (not comparable). -#}
{% macro value_in_unit_of(src, dst, column='value') -%}
    case
        when {{ src }}.unit = {{ dst }}.unit then {{ src }}.{{ column }}
        when {{ src }}.unit_normalized is not null
         and {{ src }}.unit_normalized = {{ dst }}.unit_normalized
         and {{ src }}.unit_factor is not null
         and {{ dst }}.unit_factor is not null
        then {{ src }}.{{ column }} * {{ src }}.unit_factor / {{ dst }}.unit_factor
    end
{%- endmacro %}

{#- A rate-like unit: growth and shares are compared in percentage points. -#}
{% macro is_percent(alias) -%}
    ({{ alias }}.unit in ('%', '个百分点') or {{ alias }}.metric in ('growth_pct', 'change_pp'))
{%- endmacro %}
