-- The panel with the previous year's figure of the same region x indicator x metric, the
-- absolute and percent change, and, for levels (metric = value), the growth implied by the two
-- levels beside the growth rate the reports state for that year (the panel's growth_pct row),
-- with a flag when they disagree by more than var('growth_tolerance_pp') percentage points.
-- A stated growth at constant prices (按不变价/可比价) against levels at current prices is not a
-- disagreement (growth_check = 'real_vs_nominal'), nor is growth on a comparable scope (同口径,
-- 可比口径) against levels as reported (growth_check = 'same_scope'): those are not flagged.
-- Names (region, indicator) and the unit of `abs_change` added around the rule below (macros/readable.sql).
with base as (
-- (the rule, unchanged)
with panel as (
    select
        *,
        case when value_normalized is not null and value <> 0 then value_normalized / value end as unit_factor
    from {{ ref('indicator_panel') }}
),
growth as (
    select region_code, indicator_code, year, value as stated_growth_pct, basis as stated_growth_basis,
           status as stated_growth_status, report_id as stated_growth_report_id
    from panel
    where metric = 'growth_pct'
),
joined as (
    select
        c.*,
        p.value                                  as prev_value,
        p.unit                                   as prev_unit,
        p.status                                 as prev_status,
        p.basis                                  as prev_basis,
        p.report_id                              as prev_report_id,
        {{ value_in_unit_of('p', 'c') }}         as prev_in_unit,
        g.stated_growth_pct,
        g.stated_growth_basis,
        g.stated_growth_status,
        g.stated_growth_report_id
    from panel as c
    left join panel as p
      on p.region_code = c.region_code
     and p.indicator_code = c.indicator_code
     and p.metric = c.metric
     and p.year = c.year - 1
    left join growth as g
      on c.metric = 'value'
     and g.region_code = c.region_code
     and g.indicator_code = c.indicator_code
     and g.year = c.year
),
computed as (
    select
        *,
        round(value - prev_in_unit, 6)                                          as abs_change,
        case when metric = 'value' and prev_in_unit is not null and prev_in_unit <> 0
             then round(100.0 * (value / prev_in_unit - 1), 4) end              as pct_change,
        case
            when stated_growth_basis similar to '.*(不变价|可比价).*' then 'constant_prices'
            when stated_growth_basis similar to '.*(同口径|可比口径).*' then 'same_scope'
            when stated_growth_pct is not null then 'as_reported'
        end                                                                     as stated_growth_price_basis
    from joined
)
select
    region_code,
    indicator_code,
    metric,
    year,
    value,
    unit,
    status,
    basis,
    report_id,
    value_normalized,
    unit_normalized,
    year - 1                                                    as prev_year,
    prev_value,
    prev_unit,
    prev_status,
    prev_basis,
    prev_report_id,
    abs_change,
    pct_change,
    stated_growth_pct,
    stated_growth_basis,
    stated_growth_price_basis,
    stated_growth_status,
    stated_growth_report_id,
    case when metric = 'value' and stated_growth_pct is not null then pct_change end       as implied_growth_pct,
    case when metric = 'value' and stated_growth_pct is not null and pct_change is not null
         then round(pct_change - stated_growth_pct, 4) end                                 as growth_gap_pp,
    cast({{ var('growth_tolerance_pp') }} as double)                                       as growth_tolerance_pp,
    case
        when metric <> 'value' then null
        when stated_growth_pct is null then 'no_stated_growth'
        when pct_change is null then 'no_previous_level'
        when stated_growth_price_basis = 'constant_prices' then 'real_vs_nominal'
        when stated_growth_price_basis = 'same_scope' then 'same_scope'
        when abs(pct_change - stated_growth_pct) > {{ var('growth_tolerance_pp') }} then 'disagrees'
        else 'within_tolerance'
    end                                                                                    as growth_check,
    case
        when metric <> 'value' or stated_growth_pct is null or pct_change is null then null
        when stated_growth_price_basis in ('constant_prices', 'same_scope') then false
        else abs(pct_change - stated_growth_pct) > {{ var('growth_tolerance_pp') }}
    end                                                                                    as growth_disagrees
from computed
)
select
    base.*,
    {{ name_columns() }},
    {{ difference_unit('base.unit') }} as abs_change_unit,
    u.label_en                  as abs_change_unit_en
from base
{{ name_joins('base') }}
left join {{ ref('units') }} as u on u.unit = {{ difference_unit('base.unit') }}
