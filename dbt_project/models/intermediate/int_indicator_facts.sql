-- Facts about a catalog indicator in a single year (spans such as '2018-2022' and facts with
-- no period never enter the panel), with their report's region and year and the ranks used to
-- choose between figures:
--   status_rank: actual 1, estimate 2, target 3
--   part_rank:   the part where a figure of that status belongs first (results: review, front,
--                plan; targets: plan, front, review)
-- and the factor of the unit (value_normalized / value) used to express a normalized
-- difference back in the unit as written.
select
    r.region_code,
    f.indicator_code,
    f.metric,
    f.period_year                           as year,
    f.value,
    f.value_high,
    f.unit,
    f.value_normalized,
    f.unit_normalized,
    case when f.value_normalized is not null and f.value <> 0
         then f.value_normalized / f.value end as unit_factor,
    f.comparator,
    f.status,
    f.basis,
    f.report_id,
    r.report_year,
    coalesce(r.year_reviewed, r.report_year - 1) as year_reviewed,
    f.fact_id,
    f.part,
    f.section,
    f.subject,
    f.evidence,
    f.char_start,
    f.pegged_to,
    case f.status when 'actual' then 1 when 'estimate' then 2 else 3 end as status_rank,
    case
        when f.status = 'target' then case f.part when 'plan' then 1 when 'front' then 2 else 3 end
        else case f.part when 'review' then 1 when 'front' then 2 else 3 end
    end                                     as part_rank
from {{ ref('stg_facts') }} as f
join {{ ref('stg_reports') }} as r using (report_id)
where f.indicator_code is not null
  and f.period_year is not null
  {{ reports_loaded_after('r') }}
