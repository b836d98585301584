select
    cast(report_id as varchar)  as report_id,
    cast(ordinal as integer)    as ordinal,
    cast(part as varchar)       as part,
    cast(title as varchar)      as title,
    cast(char_start as integer) as char_start,
    cast(char_end as integer)   as char_end
from {{ source('landing', 'sections') }}
