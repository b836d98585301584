-- The indicator catalog: the seed indicators is pipelines/reference/indicators.csv, the file
-- the extractor reads.
select
    cast(indicator_code as varchar) as indicator_code,
    cast(name_zh as varchar)        as name_zh,
    cast(name_en as varchar)        as name_en,
    cast(unit_dimension as varchar) as unit_dimension,
    cast(synonyms as varchar)       as synonyms,
    cast(direction as varchar)      as direction,
    coalesce(cast(site_chart as boolean), false) as site_chart
from {{ ref('indicators') }}
