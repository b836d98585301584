{#- Schemas are exactly the configured names (staging, intermediate, marts, reference),
    not dbt's default <target_schema>_<custom>. Models without a custom schema use the target schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
