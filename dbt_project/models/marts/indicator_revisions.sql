-- The figures the panel did not choose: every other reported outcome for the same
-- region x indicator x metric x year, beside the panel's figure, with why it was superseded
-- and by how much the chosen figure differs (in this figure's unit).
-- Names (region, indicator) and the unit of `revision` added around the rule below (macros/readable.sql).
with base as (
-- (the rule, unchanged)
select
    s.region_code,
    s.indicator_code,
    s.metric,
    s.year,
    s.value,
    s.unit,
    s.value_normalized,
    s.comparator,
    s.status,
    s.basis,
    s.report_id,
    s.report_year,
    s.fact_id,
    s.evidence,
    s.figure_rank,
    p.value                         as chosen_value,
    p.unit                          as chosen_unit,
    p.status                        as chosen_status,
    p.report_id                     as chosen_report_id,
    p.fact_id                       as chosen_fact_id,
    case
        when p.status_rank < s.status_rank then 'actual_beats_estimate'
        when p.report_year > s.report_year then 'later_report'
        else 'same_report_other_mention'
    end                             as superseded_because,
    round({{ value_in_unit_of('p', 's') }} - s.value, 6) as revision
from {{ ref('int_indicator_figures') }} as s
join {{ ref('int_indicator_figures') }} as p
  on p.region_code = s.region_code
 and p.indicator_code = s.indicator_code
 and p.metric = s.metric
 and p.year = s.year
 and p.figure_rank = 1
where s.figure_rank > 1
)
select
    base.*,
    {{ name_columns() }},
    {{ difference_unit('base.unit') }} as revision_unit,
    u.label_en                  as revision_unit_en
from base
{{ name_joins('base') }}
left join {{ ref('units') }} as u on u.unit = {{ difference_unit('base.unit') }}
