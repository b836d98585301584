-- landing.sections with every column of its contract (pipelines/reference/section_schema.csv);
-- the position and the offsets are INTEGER downstream.
select * replace (
    cast(ordinal as integer)     as ordinal,
    cast(char_start as integer)  as char_start,
    cast(char_end as integer)    as char_end
)
from {{ source('landing', 'sections') }}
