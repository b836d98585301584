-- One row per region x indicator x metric x year: the best reported outcome for that year
-- (figure_rank = 1 in int_indicator_figures: actual beats estimate, then a later report beats
-- an earlier one, then the review part and the first mention within a report).
-- Names (region, indicator) and the unit of `unit` added around the rule below (macros/readable.sql).
with base as (
-- (the rule, unchanged)
select
    f.region_code,
    f.indicator_code,
    f.metric,
    f.year,
    f.value,
    f.value_high,
    f.unit,
    f.value_normalized,
    f.unit_normalized,
    f.comparator,
    f.status,
    f.basis,
    f.report_id,
    f.report_year,
    f.fact_id,
    f.evidence,
    n.n_figures,
    n.n_reports
from {{ ref('int_indicator_figures') }} as f
join (
    select region_code, indicator_code, metric, year,
           count(*) as n_figures, count(distinct report_id) as n_reports
    from {{ ref('int_indicator_figures') }}
    group by all
) as n using (region_code, indicator_code, metric, year)
where f.figure_rank = 1
)
select
    base.*,
    {{ name_columns() }},
    u.label_en                  as unit_en
from base
{{ name_joins('base') }}
left join {{ ref('units') }} as u on u.unit = base.unit
