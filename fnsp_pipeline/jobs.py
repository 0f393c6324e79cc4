"""The nightly refresh: every asset, in one process (one DuckDB writer), at 02:00 Oslo time."""

import dagster as dg

REFRESH_TAG = {"fnsp/refresh": "warehouse"}  # the run queue admits one such run at a time

nightly_refresh = dg.define_asset_job(
    "nightly_refresh",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    tags=REFRESH_TAG,
    description="Ingest every FNSP resource, build the warehouse, audit it, publish it.",
)

nightly_refresh_schedule = dg.ScheduleDefinition(
    name="nightly_refresh_schedule",
    job=nightly_refresh,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/Oslo",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
