{#- Values of a fact column must be in the vocabulary that pipelines/reference/fact_schema.csv
    (seed fact_schema) lists for it: allowed_values is '|'-separated. fact_column defaults to the
    tested column's name. A column without a vocabulary in the seed fails every non-null row,
    so a typo in fact_column cannot pass silently. -#}
{% test in_fact_vocabulary(model, column_name, fact_column=none) %}
{%- set fc = fact_column or column_name -%}
with allowed as (
    select unnest(string_split(allowed_values, '|')) as allowed_value
    from {{ ref('fact_schema') }}
    where "column" = '{{ fc }}' and coalesce(allowed_values, '') <> ''
)
select {{ column_name }} as offending_value, count(*) as n_rows
from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} not in (select allowed_value from allowed)
group by 1
{% endtest %}
