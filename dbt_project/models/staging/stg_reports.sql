-- One row per report from landing.reports, typed (text = the normalized document text).
select
    cast(report_id as varchar)      as report_id,
    cast(region_code as varchar)    as region_code,
    cast(region_name as varchar)    as region_name,
    cast(region_level as varchar)   as region_level,
    cast(report_year as integer)    as report_year,
    cast(year_reviewed as integer)  as year_reviewed,
    cast(delivered_on as date)      as delivered_on,
    cast(session as varchar)        as session,
    cast(speaker as varchar)        as speaker,
    cast(title as varchar)          as title,
    cast(source as varchar)         as source,
    cast(raw_path as varchar)       as raw_path,
    cast(sha256 as varchar)         as sha256,
    cast(n_chars as integer)        as n_chars,
    cast(text as varchar)           as text,
    cast(loaded_at as timestamp)    as loaded_at,
    cast(coalesce(document_kind, 'report') as varchar) as document_kind,
    cast(source_format as varchar)  as source_format,
    cast(furniture_lines_removed as integer) as furniture_lines_removed,
    cast(furniture_chars_removed as integer) as furniture_chars_removed
from {{ source('landing', 'reports') }}
