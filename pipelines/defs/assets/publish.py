"""Stage 6: publish the marts for BI tools (a separate DuckDB file + Parquet) and the region site."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.defs.assets.transform import govreport_dbt
from pipelines.publish import publish_marts
from pipelines.site import render_site


@dg.asset(deps=[govreport_dbt], group_name="publish", kinds={"duckdb", "parquet"})
def published_marts(warehouse: DuckDBResource) -> dg.MaterializeResult:
    """Every table of schema marts copied to warehouse/marts.duckdb (replaced atomically, so a BI
    tool holding it open never blocks a run nor sees half a build) and to Parquet in marts/."""
    marts_file = settings.marts_path()
    counts = publish_marts(warehouse.database, marts_file, marts_file.parent / "marts")
    return dg.MaterializeResult(metadata={"path": str(marts_file), **{f"rows.{k}": v for k, v in counts.items()}})


@dg.asset(deps=[published_marts], group_name="publish", kinds={"html"})
def region_site() -> dg.MaterializeResult:
    """A static HTML page per region with its main indicators over the years and its targets
    against outcomes (warehouse/site/index.html)."""
    out = settings.warehouse_dir() / "site"
    pages = render_site(settings.marts_path(), out)
    return dg.MaterializeResult(metadata={"pages": len(pages), "index": str(out / "index.html")})
