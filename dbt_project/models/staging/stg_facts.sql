-- The fact contract as loaded, plus the period parsed: period_year is set only for a single
-- year ('2022'); a span ('2018-2022') has period_start/period_end and no period_year.
with facts as (
    select *, trim(period) as period_trim from {{ source('landing', 'facts') }}
)
select
    cast(report_id as varchar)          as report_id,
    cast(fact_id as varchar)            as fact_id,
    cast(part as varchar)               as part,
    cast(section as varchar)            as section,
    cast(subject as varchar)            as subject,
    cast(indicator_code as varchar)     as indicator_code,
    cast(metric as varchar)             as metric,
    cast(value as double)               as value,
    cast(value_high as double)          as value_high,
    cast(unit as varchar)               as unit,
    cast(value_normalized as double)    as value_normalized,
    cast(unit_normalized as varchar)    as unit_normalized,
    cast(comparator as varchar)         as comparator,
    cast(period as varchar)             as period,
    cast(status as varchar)             as status,
    cast(basis as varchar)              as basis,
    cast(evidence as varchar)           as evidence,
    cast(char_start as bigint)          as char_start,
    cast(char_end as bigint)            as char_end,
    cast(pegged_to as varchar)          as pegged_to,
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
