-- Within one report: the results of the year it reviews (status actual/estimate, year =
-- year_reviewed) beside the targets it sets for its own year (status target, year =
-- report_year), per catalog indicator and metric. Either side may be missing. Targets with no
-- number (与经济增长同步) appear with target_text only.
-- Names (region, indicator) and the unit of `target_minus_result` added around the rule below (macros/readable.sql).
with base as (
-- (the rule, unchanged)
with results as (
    select * exclude (rn) from (
        select *, row_number() over (
            partition by report_id, indicator_code, metric
            order by part_rank, status_rank, char_start, fact_id) as rn
        from {{ ref('int_indicator_facts') }}
        where status in ('actual', 'estimate') and year = year_reviewed and pegged_to is null
    ) where rn = 1
),
numeric_targets as (
    select * exclude (rn) from (
        select *, row_number() over (
            partition by report_id, indicator_code, metric
            order by part_rank, char_start, fact_id) as rn
        from {{ ref('int_indicator_facts') }}
        where status = 'target' and year = report_year and pegged_to is null
    ) where rn = 1
),
pegged_targets as (
    -- 居民人均可支配收入增长与经济增长基本同步: the extractor's fact with pegged_to set
    select * exclude (rn) from (
        select *, row_number() over (
            partition by report_id, indicator_code
            order by part_rank, char_start, fact_id) as rn
        from {{ ref('int_indicator_facts') }}
        where status = 'target' and year = report_year and pegged_to is not null
    ) where rn = 1
),
targets as (
    select
        report_id, region_code, report_year, indicator_code, metric, year,
        value, value_high, unit, value_normalized, unit_normalized, unit_factor,
        comparator, basis, evidence, cast(null as varchar) as target_text
    from numeric_targets
    union all
    select
        p.report_id, p.region_code, p.report_year, p.indicator_code, 'growth_pct' as metric, p.year,
        null, null, null, null, null, null, null, null, p.evidence, p.evidence
    from pegged_targets as p
    anti join numeric_targets as n on n.report_id = p.report_id and n.indicator_code = p.indicator_code
                                   and n.metric = 'growth_pct'
),
reports as (
    select report_id, region_code, report_year, coalesce(year_reviewed, report_year - 1) as year_reviewed
    from {{ ref('stg_reports') }}
)
select
    rp.report_id,
    rp.region_code,
    rp.report_year,
    coalesce(r.indicator_code, t.indicator_code)  as indicator_code,
    coalesce(r.metric, t.metric)                  as metric,
    rp.year_reviewed                              as result_year,
    r.value                                       as result_value,
    r.unit                                        as result_unit,
    r.status                                      as result_status,
    r.basis                                       as result_basis,
    r.evidence                                    as result_evidence,
    rp.report_year                                as target_year,
    t.value                                       as target_value,
    t.value_high                                  as target_value_high,
    t.comparator                                  as target_comparator,
    t.unit                                        as target_unit,
    t.basis                                       as target_basis,
    t.target_text,
    t.evidence                                    as target_evidence,
    round(t.value - {{ value_in_unit_of('r', 't') }}, 6) as target_minus_result
from results as r
full outer join targets as t
  on t.report_id = r.report_id and t.indicator_code = r.indicator_code and t.metric = r.metric
join reports as rp
  on rp.report_id = coalesce(r.report_id, t.report_id)
)
select
    base.*,
    {{ name_columns() }},
    {{ difference_unit('base.target_unit') }} as target_minus_result_unit,
    u.label_en                  as target_minus_result_unit_en
from base
{{ name_joins('base') }}
left join {{ ref('units') }} as u on u.unit = {{ difference_unit('base.target_unit') }}
