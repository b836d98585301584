-- landing.facts with every column of the fact contract (pipelines/reference/fact_schema.csv: a
-- column added there reaches this view as is), plus the period parsed: period_year is set only
-- for a single year ('2022'); a span ('2018-2022') has period_start/period_end and no period_year.
with facts as (
    select *, trim(period) as period_trim from {{ source('landing', 'facts') }}
)
select
    * exclude (period_trim),
    -- glob '[0-9][0-9][0-9][0-9]' is exactly the full match of [0-9]{4}, at a fraction of the
    -- cost of a regex over ~10M rows; the span regex runs only on what is not a single year, and
    -- a matched span starts and ends with its two years.
    case when period_trim glob '[0-9][0-9][0-9][0-9]'
         then cast(period_trim as integer) end                                          as period_year,
    case when period_trim glob '[0-9][0-9][0-9][0-9]'
         then cast(period_trim as integer)
         when regexp_full_match(period_trim, '[0-9]{4}\s*[-—–~至到]\s*[0-9]{4}')
         then cast(left(period_trim, 4) as integer) end                                 as period_start,
    case when period_trim glob '[0-9][0-9][0-9][0-9]'
         then cast(period_trim as integer)
         when regexp_full_match(period_trim, '[0-9]{4}\s*[-—–~至到]\s*[0-9]{4}')
         then cast(right(period_trim, 4) as integer) end                                as period_end
from facts
