-- landing.ingest_errors with every column of its contract (pipelines/reference/ingest_error_schema.csv).
select *
from {{ source('landing', 'ingest_errors') }}
