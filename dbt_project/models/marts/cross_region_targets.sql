-- Regions side by side for one target year: each region's target for year Y (set by its report
-- of year Y) beside its result for Y - 1 stated in the review part of the same report (the rules
-- of report_targets_vs_results), with names and units. Filter on target_year (and an indicator
-- and metric) to compare regions: every province's 2026 GDP growth target beside its 2025 growth.
-- Grain: one row per target_year x region_code x indicator_code x metric.
select
    t.target_year,
    t.region_code,
    t.region_name,
    t.region_name_en,
    g.level                         as region_level,
    t.indicator_code,
    t.indicator_name_zh,
    t.indicator_name_en,
    t.metric,
    t.target_value,
    t.target_value_high,
    t.target_comparator,
    t.target_unit,
    tu.label_en                     as target_unit_en,
    t.target_text,
    t.result_year                   as prev_year,
    t.result_value                  as prev_result_value,
    t.result_unit                   as prev_result_unit,
    ru.label_en                     as prev_result_unit_en,
    t.result_status                 as prev_result_status,
    t.target_minus_result,
    t.target_minus_result_unit,
    t.target_minus_result_unit_en,
    t.report_id,
    t.target_evidence,
    t.result_evidence
from {{ ref('report_targets_vs_results') }} as t
left join {{ ref('dim_regions') }} as g on g.region_code = t.region_code
left join {{ ref('units') }} as tu on tu.unit = t.target_unit
left join {{ ref('units') }} as ru on ru.unit = t.result_unit
