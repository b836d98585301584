-- The unit table (seed units = pipelines/reference/units.csv, the file the extractor reads):
-- every unit a fact may carry, its English label, its dimension, and the factor to its base unit
-- (value_normalized = value * factor). Grain: one row per unit as written.
select
    cast(u.unit as varchar)         as unit,
    cast(u.label_en as varchar)     as label_en,
    cast(u.dimension as varchar)    as dimension,
    cast(u.base_unit as varchar)    as base_unit,
    cast(b.label_en as varchar)     as base_unit_en,
    cast(u.factor as double)        as factor
from {{ ref('units') }} as u
left join {{ ref('units') }} as b on b.unit = u.base_unit
