-- One row per report, with its fact counts.
with counts as (
    select
        report_id,
        count(*)                                                   as n_facts,
        count(*) filter (where part = 'review')                    as n_facts_review,
        count(*) filter (where part = 'plan')                      as n_facts_plan,
        count(*) filter (where status = 'target')                  as n_targets,
        count(*) filter (where indicator_code is not null)         as n_indicator_facts
    from {{ ref('stg_facts') }}
    group by report_id
)
select
    r.report_id,
    r.region_code,
    r.region_name,
    r.region_level,
    r.report_year,
    r.year_reviewed,
    r.delivered_on,
    r.session,
    r.speaker,
    r.title,
    r.source,
    r.sha256,
    r.n_chars,
    r.document_kind,
    coalesce(c.n_facts, 0)            as n_facts,
    coalesce(c.n_facts_review, 0)     as n_facts_review,
    coalesce(c.n_facts_plan, 0)       as n_facts_plan,
    coalesce(c.n_targets, 0)          as n_targets,
    coalesce(c.n_indicator_facts, 0)  as n_indicator_facts,
    r.loaded_at,
    g.full_name_en                    as region_name_en
from {{ ref('stg_reports') }} as r
left join counts as c using (report_id)
left join {{ ref('dim_regions') }} as g on g.region_code = r.region_code
