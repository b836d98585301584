-- Every target of every report (status target), whether or not its subject is a catalog
-- indicator: the plan as the report states it, with names and the English unit. target_vs_actual
-- judges only catalog-coded targets; this mart is where the others are (is_coded = false).
select
    f.fact_id,
    f.report_id,
    r.region_code,
    g.full_name                     as region_name,
    g.full_name_en                  as region_name_en,
    r.report_year,
    f.period_year                   as target_year,
    f.period,
    f.part,
    f.section,
    f.subject,
    f.indicator_code,
    i.name_zh                       as indicator_name_zh,
    i.name_en                       as indicator_name_en,
    f.indicator_code is not null    as is_coded,
    f.metric,
    f.comparator,
    f.value,
    f.value_high,
    f.unit,
    u.label_en                      as unit_en,
    f.value_normalized,
    f.unit_normalized,
    f.basis,
    f.evidence,
    f.char_start
from {{ ref('stg_facts') }} as f
join {{ ref('stg_reports') }} as r using (report_id)
left join {{ ref('dim_regions') }} as g on g.region_code = r.region_code
left join {{ ref('dim_indicators') }} as i on i.indicator_code = f.indicator_code
left join {{ ref('units') }} as u on u.unit = f.unit
where f.status = 'target'
