-- landing.reports with every column of its contract (pipelines/reference/report_schema.csv): a
-- column added there reaches this view as is. The years and the length are INTEGER downstream.
select * replace (
    cast(report_year as integer)    as report_year,
    cast(year_reviewed as integer)  as year_reviewed,
    cast(n_chars as integer)        as n_chars
)
from {{ source('landing', 'reports') }}
