-- Every fact with its region, report, catalog indicator and normalized value, and its evidence.
select
    f.fact_id,
    f.report_id,
    r.region_code,
    r.region_name,
    g.full_name_en      as region_name_en,
    r.report_year,
    r.year_reviewed,
    f.part,
    f.section,
    f.subject,
    f.subject_normalized,
    f.indicator_code,
    i.name_zh           as indicator_name_zh,
    i.name_en           as indicator_name_en,
    f.metric,
    f.value,
    f.value_high,
    f.unit,
    f.value_normalized,
    f.unit_normalized,
    f.comparator,
    f.period,
    f.period_year,
    f.period_start,
    f.period_end,
    f.status,
    f.basis,
    f.evidence,
    f.char_start,
    f.char_end
from {{ ref('stg_facts') }} as f
left join {{ ref('stg_reports') }} as r using (report_id)
left join {{ ref('indicators') }} as i on i.indicator_code = f.indicator_code
left join {{ ref('dim_regions') }} as g on g.region_code = r.region_code
where true {{ reports_loaded_after('r') }}
