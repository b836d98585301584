{#- None of the given columns holds a NULL: one test for all the columns a contract declares not
    nullable (pipelines/reference/*_schema.csv), instead of one not_null test per column. Fails
    with one row per column that has NULLs. -#}
{% test not_null_columns(model, columns) %}
{% for column in columns %}
select '{{ column }}' as column_name, count(*) as n_null_rows
from {{ model }}
where {{ column }} is null
having count(*) > 0
{% if not loop.last %}union all{% endif %}
{% endfor %}
{% endtest %}
