import dagster as dg

# One partition per report; keys are report ids such as "110119-2023" (region code - report year).
# Keys are added by `govreport run`/`govreport add` and by the raw-folder sensor.
reports_partitions = dg.DynamicPartitionsDefinition(name="reports")
