-- Targets with no number of their own, pegged to economic growth: `…收入增长与经济增长(基本)同步`
-- in the plan part of a report. The fact contract has no row for them (a fact needs a number), so
-- they are read from the report text here. The subject is mapped to a catalog indicator whose
-- name_zh or one of whose synonyms ends the subject (longest match wins); the target is about
-- the report's own year and the growth metric.
with plan_text as (
    select
        r.report_id,
        r.region_code,
        r.report_year,
        s.char_start,
        substr(r.text, s.char_start + 1, s.char_end - s.char_start) as part_text
    from {{ ref('stg_reports') }} as r
    join {{ ref('stg_sections') }} as s using (report_id)
    where s.part = 'plan'
),
matches as (
    select
        report_id,
        region_code,
        report_year,
        unnest(regexp_extract_all(
            part_text,
            '[\p{Han}A-Za-z0-9]{2,20}?(?:实际)?增长(?:与|和|同)(?:经济增长|经济发展|地区生产总值增长)(?:基本)?(?:保持)?同步'
        )) as phrase
    from plan_text
),
subjects as (
    select distinct
        report_id,
        region_code,
        report_year,
        phrase,
        regexp_extract(phrase, '^([\p{Han}A-Za-z0-9]+?)(?:实际)?增长(?:与|和|同)', 1) as subject
    from matches
),
names as (
    select indicator_code, name_zh as name from {{ ref('indicators') }}
    union
    select indicator_code, unnest(string_split(synonyms, '|')) as name
    from {{ ref('indicators') }}
    where coalesce(synonyms, '') <> ''
),
mapped as (
    select
        s.*,
        n.indicator_code,
        row_number() over (partition by s.report_id, s.phrase order by length(n.name) desc, n.indicator_code) as rn
    from subjects as s
    join names as n on n.name <> '' and s.subject like '%' || n.name
)
select
    region_code,
    indicator_code,
    'growth_pct'            as metric,
    report_year             as year,
    report_id,
    report_year,
    subject,
    phrase                  as target_text
from mapped
where rn = 1
  and indicator_code <> 'gdp'
-- one pegged target per report and indicator (the same promise may be worded twice)
qualify row_number() over (partition by report_id, indicator_code order by phrase) = 1
