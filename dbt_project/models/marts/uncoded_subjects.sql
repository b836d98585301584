-- Subjects of facts that match no catalog indicator, most frequent first: the list to grow
-- pipelines/reference/indicators.csv from (a new indicator, or a synonym of an existing one).
-- Grain: one row per subject as written (trimmed). Facts with no subject are left out.
with uncoded as (
    select f.*, r.region_code, r.report_year
    from {{ ref('stg_facts') }} as f
    join {{ ref('stg_reports') }} as r using (report_id)
    where f.indicator_code is null
      and nullif(trim(f.subject), '') is not null
)
select
    trim(subject)                                           as subject,
    count(*)                                                as n_facts,
    count(distinct report_id)                               as n_reports,
    count(distinct region_code)                             as n_regions,
    count(*) filter (where status = 'target')               as n_targets,
    string_agg(distinct metric, '|' order by metric)        as metrics,
    string_agg(distinct unit, '|' order by unit)            as units,
    min(report_year)                                        as first_report_year,
    max(report_year)                                        as last_report_year,
    arg_min(evidence, report_id || ':' || lpad(cast(char_start as varchar), 12, '0')) as example_evidence,
    min(report_id)                                          as example_report_id,
    row_number() over (order by count(*) desc, count(distinct report_id) desc, trim(subject)) as frequency_rank
from uncoded
group by trim(subject)
