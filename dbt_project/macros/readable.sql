{#- Names that make a mart read on its own: the region's full name in Chinese and in English
    (dim_regions.full_name / full_name_en) and the indicator's Chinese and English names
    (dim_indicators), joined on the codes of row alias `alias`. One place for every mart. -#}
{% macro name_columns(region=true, indicator=true) -%}
    {%- if region %}
    rg.full_name                as region_name,
    rg.full_name_en             as region_name_en{{ ',' if indicator }}
    {%- endif %}
    {%- if indicator %}
    ind.name_zh                 as indicator_name_zh,
    ind.name_en                 as indicator_name_en
    {%- endif %}
{%- endmacro %}

{% macro name_joins(alias, region=true, indicator=true) -%}
    {%- if region %}
left join {{ ref('dim_regions') }} as rg on rg.region_code = {{ alias }}.region_code
    {%- endif %}
    {%- if indicator %}
left join {{ ref('dim_indicators') }} as ind on ind.indicator_code = {{ alias }}.indicator_code
    {%- endif %}
{%- endmacro %}

{#- The unit of a difference of two figures in `unit`: a difference of percentages is in
    percentage points (个百分点), of per-mille figures in per-mille points (个千分点); otherwise
    the unit itself (亿元 - 亿元 = 亿元). -#}
{% macro difference_unit(unit) -%}
    case
        when {{ unit }} in ('%', '％') then '个百分点'
        when {{ unit }} = '‰' then '个千分点'
        else {{ unit }}
    end
{%- endmacro %}
