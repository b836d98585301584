{#- The given columns together identify a row (the grain of a model). Exact, in two passes so
    that it stays cheap on ~10M rows: group by one 64-bit hash of the columns, then group by
    the columns themselves only the rows whose hash occurs more than once (every duplicate
    combination does; a hash collision of distinct combinations is filtered out by the second
    pass). -#}
{% test unique_combination(model, columns) %}
with repeated_hashes as (
    select hash({{ columns | join(', ') }}) as combination_hash
    from {{ model }}
    group by 1
    having count(*) > 1
)
select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
where hash({{ columns | join(', ') }}) in (select combination_hash from repeated_hashes)
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
