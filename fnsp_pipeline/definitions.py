"""Composes ingestion, the dbt warehouse, publishing and schedules; domain code lives in the
modules it names. Importing this needs dbt_project/target/manifest.json
(`python -m fnsp_pipeline.transform.project`; `make setup` and the CLI prepare it)."""

import dagster as dg

from fnsp_pipeline.ingest.assets import raw_assets
from fnsp_pipeline.jobs import nightly_refresh, nightly_refresh_schedule
from fnsp_pipeline.quality.assets import dq_assets, dq_report_asset, dq_resources
from fnsp_pipeline.resources import build_resources
from fnsp_pipeline.transform.assets import dbt_dq_summaries, dbt_resource, dbt_warehouse_assets
from fnsp_pipeline.warehouse.assets import build_publish_asset


def make_definitions(resources: dict) -> dg.Definitions:
    assets = [*raw_assets, dbt_warehouse_assets, dq_assets, dbt_dq_summaries]
    publish_asset = build_publish_asset([key for asset in assets for key in asset.keys])
    return dg.Definitions(
        assets=[*assets, publish_asset, dq_report_asset],  # the report reads what was published
        jobs=[nightly_refresh],
        schedules=[nightly_refresh_schedule],
        resources={**resources, "dbt": dbt_resource(), **dq_resources()},
    )


defs = make_definitions(build_resources())
