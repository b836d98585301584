-- Administrative regions: the GB/T 2260 catalog (seed regions = pipelines/reference/regions.csv),
-- plus any region a loaded report names that the catalog lacks (in_catalog = false), so that
-- every report's region_code has a row here. English names: name_pinyin / name_en of regions.csv
-- (scripts/build_regions.py, pypinyin).
with catalog as (
    select
        cast(region_code as varchar)  as region_code,
        cast(name as varchar)         as name,
        cast(full_name as varchar)    as full_name,
        cast(level as varchar)        as level,
        cast(parent_code as varchar)  as parent_code,
        cast(former_names as varchar) as former_names,
        cast(name_pinyin as varchar)  as name_pinyin,
        cast(name_en as varchar)      as name_en,
        true                          as in_catalog
    from {{ ref('regions') }}
),
from_reports as (
    select
        region_code,
        arg_max(region_name, report_year)  as name,
        arg_max(region_name, report_year)  as full_name,
        arg_max(region_level, report_year) as level,
        cast(null as varchar)              as parent_code,
        cast(null as varchar)              as former_names,
        cast(null as varchar)              as name_pinyin,
        cast(null as varchar)              as name_en,
        false                              as in_catalog
    from {{ ref('stg_reports') }}
    where region_code not in (select region_code from catalog)
    group by region_code
),
regions as (
    select * from catalog
    union all
    select * from from_reports
),
report_stats as (
    select
        region_code,
        count(*)          as n_reports,
        min(report_year)  as first_report_year,
        max(report_year)  as last_report_year
    from {{ ref('stg_reports') }}
    group by region_code
)
select
    g.region_code,
    g.name,
    g.full_name,
    g.level,
    g.parent_code,
    p.name                          as parent_name,
    g.former_names,
    g.name_pinyin,
    g.name_en,
    -- the unit, then its parents: Yanqing District, Beijing; Chang'an District, Shijiazhuang City, Hebei Province
    nullif(concat_ws(', ', g.name_en, p.name_en, pp.name_en), '') as full_name_en,
    g.in_catalog,
    coalesce(s.n_reports, 0)        as n_reports,
    s.first_report_year,
    s.last_report_year
from regions as g
left join catalog as p on p.region_code = g.parent_code
left join catalog as pp on pp.region_code = p.parent_code
left join report_stats as s on s.region_code = g.region_code
