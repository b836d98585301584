-- For each target set for year Y (one per region x indicator x metric x year, int_targets; plus
-- targets with no number pegged to economic growth, the extractor's facts with pegged_to set),
-- the outcome reported
-- for Y by a LATER report (the next one, or later), chosen with the panel's rules, and a
-- comparator-aware verdict. Rules (see docs/marts.md):
--   * no outcome from a later report                    -> no_outcome_yet
--   * outcome not expressible in the target's unit, or
--     a target without a number (与经济增长同步)          -> not_comparable
--   * range (value_high set): met when outcome >= value (the lower bound); with le/lt, when
--     outcome <= value_high (resp. <)
--   * eq (plain) and approx (左右/约) depend on the indicator's direction (indicators.csv):
--       higher_better: a floor  - eq met when outcome >= target, approx when
--                                 outcome >= target - tolerance;
--       lower_better:  a ceiling - eq met when outcome <= target, approx when
--                                 outcome <= target + tolerance (城镇登记失业率4%左右,
--                                 居民消费价格涨幅3%左右, 单位GDP能耗下降3% = growth -3);
--     tolerance: var approx_tolerance_pp points for rates, var approx_tolerance_rel of the
--     target for levels
--   * ge (以上/不低于): met when outcome >= target; gt (超过): outcome > target
--   * le (以内/不超过): met when outcome <= target; lt (低于): outcome < target
--     (ge/gt/le/lt and ranges keep their literal meaning whatever the direction)
--   * otherwise missed.
-- gap = outcome - target (the lower bound of a range; the upper bound with le/lt), in the
-- target's unit, whatever the direction: positive = the outcome is above the target, which is
-- better for a floor (ge/gt, floor ranges, eq/approx of higher_better indicators) and worse for
-- a ceiling (le/lt, le/lt ranges, eq/approx of lower_better indicators).
-- Names (region, indicator) and the unit of `gap` added around the rule below (macros/readable.sql).
with base as (
-- (the rule, unchanged)
with numeric_targets as (
    select
        region_code, indicator_code, metric, year,
        value, value_high, unit, value_normalized, unit_normalized, unit_factor,
        comparator, basis, report_id, report_year, evidence,
        'numeric'               as target_kind,
        cast(null as varchar)   as target_text
    from {{ ref('int_targets') }}
),
pegged_targets as (
    -- 居民人均可支配收入增长与经济增长同步: a fact with pegged_to (metric change_pp, value 0);
    -- the target is about the growth of the indicator
    select
        region_code, indicator_code, 'growth_pct' as metric, year,
        cast(null as double)    as value,
        cast(null as double)    as value_high,
        cast(null as varchar)   as unit,
        cast(null as double)    as value_normalized,
        cast(null as varchar)   as unit_normalized,
        cast(null as double)    as unit_factor,
        cast(null as varchar)   as comparator,
        cast(null as varchar)   as basis,
        report_id, report_year,
        evidence,
        'pegged_to_growth'      as target_kind,
        evidence                as target_text
    from {{ ref('int_indicator_facts') }}
    where status = 'target' and pegged_to is not null
    qualify row_number() over (
        partition by region_code, indicator_code, year
        order by report_year desc, part_rank asc, char_start asc, fact_id asc) = 1
),
targets as (
    select * from numeric_targets
    union all
    select p.* from pegged_targets as p
    anti join numeric_targets as n using (region_code, indicator_code, metric, year)
),
outcomes as (
    select
        t.region_code, t.indicator_code, t.metric, t.year,
        o.value, o.unit, o.value_normalized, o.unit_normalized, o.unit_factor, o.status, o.basis,
        o.report_id, o.evidence,
        row_number() over (
            partition by t.region_code, t.indicator_code, t.metric, t.year
            order by {{ figure_order('o.') }}
        ) as rn
    from targets as t
    join {{ ref('int_indicator_facts') }} as o
      on o.region_code = t.region_code
     and o.indicator_code = t.indicator_code
     and o.metric = t.metric
     and o.year = t.year
     and o.status in ('actual', 'estimate')
     and o.pegged_to is null
     and o.report_year > t.report_year
),
benchmark as (
    -- the region's economic growth outcome, beside targets pegged to it
    select region_code, year, value as benchmark_growth_pct
    from {{ ref('int_indicator_figures') }}
    where indicator_code = 'gdp' and metric = 'growth_pct' and figure_rank = 1
),
joined as (
    select
        t.*,
        o.value                            as outcome_raw_value,
        o.unit                             as outcome_unit,
        o.status                           as outcome_status,
        o.basis                            as outcome_basis,
        o.report_id                        as outcome_report_id,
        o.evidence                         as outcome_evidence,
        {{ value_in_unit_of('o', 't') }}   as outcome_in_target_unit,
        case
            when t.comparator <> 'approx' then 0.0
            when {{ is_percent('t') }} then {{ var('approx_tolerance_pp') }}
            else abs(t.value) * {{ var('approx_tolerance_rel') }}
        end                                as approx_tolerance,
        b.benchmark_growth_pct,
        coalesce(i.direction, 'higher_better') as direction
    from targets as t
    left join {{ ref('indicators') }} as i
      on i.indicator_code = t.indicator_code
    left join outcomes as o
      on o.region_code = t.region_code and o.indicator_code = t.indicator_code
     and o.metric = t.metric and o.year = t.year and o.rn = 1
    left join benchmark as b
      on t.target_kind = 'pegged_to_growth' and b.region_code = t.region_code and b.year = t.year
),
judged as (
    select
        *,
        case
            when outcome_report_id is null then 'no_outcome_yet'
            when target_kind <> 'numeric' or outcome_in_target_unit is null then 'not_comparable'
            when value_high is not null and comparator = 'le' then
                case when outcome_in_target_unit <= value_high then 'met' else 'missed' end
            when value_high is not null and comparator = 'lt' then
                case when outcome_in_target_unit < value_high then 'met' else 'missed' end
            when value_high is not null then
                case when outcome_in_target_unit >= value then 'met' else 'missed' end
            -- a plain or approximate target of a lower-is-better indicator is a ceiling
            when comparator = 'eq' and direction = 'lower_better' then
                case when outcome_in_target_unit <= value then 'met' else 'missed' end
            when comparator = 'approx' and direction = 'lower_better' then
                case when outcome_in_target_unit <= value + approx_tolerance then 'met' else 'missed' end
            when comparator in ('eq', 'ge') then
                case when outcome_in_target_unit >= value then 'met' else 'missed' end
            when comparator = 'gt' then
                case when outcome_in_target_unit > value then 'met' else 'missed' end
            when comparator = 'approx' then
                case when outcome_in_target_unit >= value - approx_tolerance then 'met' else 'missed' end
            when comparator = 'le' then
                case when outcome_in_target_unit <= value then 'met' else 'missed' end
            when comparator = 'lt' then
                case when outcome_in_target_unit < value then 'met' else 'missed' end
            else 'not_comparable'
        end as verdict,
        case
            when target_kind <> 'numeric' or outcome_in_target_unit is null then null
            when value_high is not null and comparator in ('le', 'lt') then round(outcome_in_target_unit - value_high, 6)
            else round(outcome_in_target_unit - value, 6)
        end as gap
    from joined
)
select
    region_code,
    indicator_code,
    metric,
    year,
    target_kind,
    value                       as target_value,
    value_high                  as target_value_high,
    comparator                  as target_comparator,
    direction,
    unit                        as target_unit,
    basis                       as target_basis,
    target_text,
    evidence                    as target_evidence,
    case when target_kind = 'pegged_to_growth' then outcome_raw_value
         else outcome_in_target_unit end                   as outcome_value,
    outcome_raw_value,
    outcome_unit,
    outcome_status,
    outcome_basis,
    outcome_evidence,
    verdict,
    gap,
    approx_tolerance,
    benchmark_growth_pct,
    case when target_kind = 'pegged_to_growth' and outcome_raw_value is not null and benchmark_growth_pct is not null
         then round(outcome_raw_value - benchmark_growth_pct, 6) end as benchmark_gap_pp,
    report_id                   as target_report_id,
    outcome_report_id
from judged
)
select
    base.*,
    {{ name_columns() }},
    {{ difference_unit('base.target_unit') }} as gap_unit,
    u.label_en                  as gap_unit_en
from base
{{ name_joins('base') }}
left join {{ ref('units') }} as u on u.unit = {{ difference_unit('base.target_unit') }}
