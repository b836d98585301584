-- Targets with no number of their own, pegged to economic growth: `…收入增长与经济增长(基本)同步`
-- in the plan part of a report. The fact contract has no row for them (a fact needs a number), so
-- they are read from the report text here. The subject is mapped to a catalog indicator whose
-- name_zh or one of whose synonyms ends the subject (longest match wins); the target is about
-- the report's own year and the growth metric.
{%- set pegged_phrase = '[\p{Han}A-Za-z0-9]{2,20}?(?:实际)?增长(?:与|和|同)(?:经济增长|经济发展|地区生产总值增长)(?:基本)?(?:保持)?同步' %}
-- At national scale (56,000 reports of ~40k characters) the cost is cutting sections out of long
-- UTF-8 texts (substr walks the characters from the start of the text), not the regex. So:
-- only reports whose text holds the phrase anywhere go on (the pattern has no anchors, so a
-- match inside a section is a match in the whole text, and a byte search + regex over the whole
-- text is cheap), and each plan section is cut from the plan part, cut once per report.
with candidate_reports as (
    select report_id, region_code, report_year, text
    from {{ ref('stg_reports') }}
    where contains(text, '同步')
      and regexp_matches(text, '{{ pegged_phrase }}')
),
plan_part as (
    select report_id, min(char_start) as part_start, max(char_end) as part_end
    from {{ ref('stg_sections') }}
    where part = 'plan'
    group by report_id
),
plan_region as (
    select
        r.report_id,
        r.region_code,
        r.report_year,
        p.part_start,
        substr(r.text, p.part_start + 1, p.part_end - p.part_start) as region_text
    from candidate_reports as r
    join plan_part as p using (report_id)
),
plan_text as (
    select
        g.report_id,
        g.region_code,
        g.report_year,
        s.char_start,
        substr(g.region_text, s.char_start - g.part_start + 1, s.char_end - s.char_start) as part_text
    from plan_region as g
    join {{ ref('stg_sections') }} as s using (report_id)
    where s.part = 'plan'
),
matches as (
    select
        report_id,
        region_code,
        report_year,
        unnest(regexp_extract_all(part_text, '{{ pegged_phrase }}')) as phrase
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
