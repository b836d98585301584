select
    cast(source as varchar)         as source,
    cast(report_id as varchar)      as report_id,
    cast(stage as varchar)          as stage,
    cast(message as varchar)        as message,
    cast(occurred_at as timestamp)  as occurred_at
from {{ source('landing', 'ingest_errors') }}
