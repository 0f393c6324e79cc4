"""Composes ingestion, warehouse and schedules; domain code lives in the modules it names."""

import dagster as dg

from fnsp_pipeline.ingest.assets import raw_assets
from fnsp_pipeline.jobs import nightly_refresh, nightly_refresh_schedule
from fnsp_pipeline.resources import build_resources
from fnsp_pipeline.warehouse.assets import build_publish_asset


def make_definitions(resources: dict) -> dg.Definitions:
    publish_asset = build_publish_asset([key for asset in raw_assets for key in asset.keys])
    return dg.Definitions(
        assets=[*raw_assets, publish_asset],
        jobs=[nightly_refresh],
        schedules=[nightly_refresh_schedule],
        resources=resources,
    )


defs = make_definitions(build_resources())
