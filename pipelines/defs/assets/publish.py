"""Stage 6: publish the marts for BI tools (a separate DuckDB file + Parquet) and the region site."""


from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.assets.transform import govreport_dbt
from pipelines.defs.resources import PublishTarget, WarehouseLock
from pipelines.publish.marts import PublicationBlocked, publish_marts
from pipelines.publish.site import render_site
from pipelines.transform.build import record_publication


@dg.asset(deps=[govreport_dbt], group_name="publish", kinds={"duckdb", "parquet"}, owners=["team:govreport"])
def published_marts(
    warehouse: DuckDBResource, publish_target: PublishTarget, warehouse_lock: WarehouseLock
) -> dg.MaterializeResult:
    """Every table of schema marts copied to warehouse/marts.duckdb (replaced atomically, so a BI
    tool holding it open never blocks a run nor sees half a build) and to Parquet in marts/."""
    try:
        counts = publish_marts(warehouse.database, publish_target.marts_file, publish_target.parquet_dir)
    except PublicationBlocked as exc:
        raise dg.Failure(description=str(exc)) from None
    record_publication(warehouse.database)  # the next run may skip dbt and publication only now
    return dg.MaterializeResult(
        metadata={
            "path": str(publish_target.marts_file),
            "parquet_dir": str(publish_target.parquet_dir),
            "dagster/row_count": sum(counts.values()),
            **{f"rows.{k}": v for k, v in counts.items()},
        }
    )


@dg.asset(deps=[published_marts], group_name="publish", kinds={"html"}, owners=["team:govreport"])
def region_site(publish_target: PublishTarget) -> dg.MaterializeResult:
    """A static HTML page per region with its main indicators over the years and its targets
    against outcomes (warehouse/site/index.html)."""
    out = Path(publish_target.site_dir)
    pages = render_site(publish_target.marts_file, out)
    return dg.MaterializeResult(metadata={"pages": len(pages), "index": str(out / "index.html")})
