-- Each numeric target (int_targets: one per region x indicator x metric x year) beside the same
-- region's target for the previous year, with the change expressed in this year's unit.
-- Names (region, indicator) and the unit of `change` added around the rule below (macros/readable.sql).
with base as (
-- (the rule, unchanged)
with t as (
    select * from {{ ref('int_targets') }}
)
select
    c.region_code,
    c.indicator_code,
    c.metric,
    c.year,
    c.value                                 as target_value,
    c.value_high                            as target_value_high,
    c.comparator                            as target_comparator,
    c.unit                                  as target_unit,
    c.basis                                 as target_basis,
    c.report_id                             as target_report_id,
    c.evidence                              as target_evidence,
    c.year - 1                              as prev_year,
    {{ value_in_unit_of('p', 'c') }}        as prev_target_value,
    {{ value_in_unit_of('p', 'c', 'value_high') }} as prev_target_value_high,
    p.comparator                            as prev_target_comparator,
    p.value                                 as prev_target_raw_value,
    p.unit                                  as prev_target_unit,
    p.report_id                             as prev_target_report_id,
    p.evidence                              as prev_target_evidence,
    round(c.value - {{ value_in_unit_of('p', 'c') }}, 6) as change,
    case
        when p.fact_id is null then 'new_target'
        when {{ value_in_unit_of('p', 'c') }} is null then 'not_comparable'
        when c.value > {{ value_in_unit_of('p', 'c') }} then 'raised'
        when c.value < {{ value_in_unit_of('p', 'c') }} then 'lowered'
        else 'unchanged'
    end                                     as change_direction
from t as c
left join t as p
  on p.region_code = c.region_code
 and p.indicator_code = c.indicator_code
 and p.metric = c.metric
 and p.year = c.year - 1
)
select
    base.*,
    {{ name_columns() }},
    {{ difference_unit('base.target_unit') }} as change_unit,
    u.label_en                  as change_unit_en
from base
{{ name_joins('base') }}
left join {{ ref('units') }} as u on u.unit = {{ difference_unit('base.target_unit') }}
