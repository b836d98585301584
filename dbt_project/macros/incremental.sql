{#- The models keyed by report (int_indicator_facts, fct_indicator_facts) are incremental:
    delete+insert on report_id. In an incremental run with the environment variable
    GOVREPORT_REPORTS_LOADED_AFTER (set by the Dagster dbt step from the last build's watermark:
    pipelines/transform/build.py) only the reports loaded at or after it are selected (a tie is
    built again, never left out); without it (a plain `dbt build`) every report is selected and
    replaced, which is correct, only slower. A change to the project or the seeds makes the
    Dagster step run a --full-refresh.
    Why an environment variable and not a --vars value: dbt keeps its parsed project
    (target/partial_parse.msgpack) only while the --vars stay the same, so a watermark in --vars
    (a new value at every build) made every incremental build parse the whole project again
    (~2.5-4 s of a 10 s budget, docs/scale.md). env_var() is read here only while the model
    executes (is_incremental() is false while dbt parses), so dbt never records it as a parse
    input. The var reports_loaded_after, when given, still wins (a by-hand `dbt build --vars`). -#}
{% macro reports_loaded_after(alias) -%}
{#- `this` is none in a dbt unit test, where is_incremental() cannot be asked -#}
{%- if this is not none and is_incremental() -%}
{%- set after = var('reports_loaded_after', none) or env_var('GOVREPORT_REPORTS_LOADED_AFTER', '') -%}
{%- if after %}
    and {{ alias }}.loaded_at >= cast('{{ after }}' as timestamp)
{%- endif -%}
{%- endif -%}
{%- endmacro %}

{#- pre-hook of those models: remove every row of the reports to be replaced, also of a report that
    now has no row in the model (delete+insert alone only replaces the reports it selects rows of),
    and every row of a report no longer in the landing tables (removed from the warehouse). -#}
{% macro delete_reloaded_reports() -%}
{%- if this is not none and is_incremental() -%}
    delete from {{ this }} where report_id in (
        select r.report_id from {{ ref('stg_reports') }} as r where true {{ reports_loaded_after('r') }}
    ) or report_id not in (select report_id from {{ ref('stg_reports') }})
{%- endif -%}
{%- endmacro %}
