"""The dbt project as Dagster assets: staging, intermediate and marts models and the reference
seeds, downstream of the raw assets (dbt source fnsp.<table> is asset fnsp/<table>); and the
data-quality summaries, downstream of the Python DQ step (source quality.<table>). Every dbt
test is an asset check on the model it tests; error-severity tests are blocking, and a failing
one fails `dbt build` and with it the step, so the run does not publish.

Importing this module needs dbt_project/target/manifest.json (see `project.prepare_manifest`).
"""

import json
import shutil
from collections.abc import Mapping
from typing import Any, Optional

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.asset_utils import group_from_dbt_resource_props_fallback_to_directory

from fnsp_pipeline.resources import WarehouseResource
from fnsp_pipeline.transform.project import DBT_EXECUTABLE, fnsp_dbt_project


class FnspDbtTranslator(DagsterDbtTranslator):
    """Dagster's defaults, with groups named after the dbt folder (staging, intermediate,
    marts) or, for seeds, their schema (reference)."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str,
                       project: Optional[DbtProject]) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] == "source":
            return spec
        group = (group_from_dbt_resource_props_fallback_to_directory(props)
                 or props.get("config", {}).get("schema"))
        return spec.replace_attributes(group_name=group) if group else spec


def dbt_build_args(warehouse_path: str) -> list[str]:
    """`dbt build` into the given DuckDB file (the run's private build, not the published one).
    No colour codes: its lines end up in log files and in the Dagster UI."""
    return ["build", "--no-use-colors", "--vars", json.dumps({"warehouse_path": warehouse_path})]


# Models over what the Python data-quality step writes (dbt_project/models/quality/).
DQ_SUMMARY_SELECTION = "tag:dq_summary"


def _build(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    # dbt's target dir lives beside the build it writes: one per warehouse, so refreshes of
    # different warehouses never share one, and a warehouse's nightly runs (same build path,
    # same vars) keep dbt's partial-parse state instead of parsing the project again.
    target = warehouse.files.build_dir / "dbt_target"
    yield from dbt.cli(dbt_build_args(str(warehouse.files.build)), context=context,
                       target_path=target).stream()
    # the next invocation overwrites run_results.json: keep this one's under its step's name
    shutil.copyfile(target / "run_results.json", target / f"run_results.{context.op_def.name}.json")


@dbt_assets(
    manifest=fnsp_dbt_project.manifest_path,
    project=fnsp_dbt_project,
    exclude=DQ_SUMMARY_SELECTION,
    dagster_dbt_translator=FnspDbtTranslator(),
)
def dbt_warehouse_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource,
                         warehouse: WarehouseResource):
    yield from _build(context, dbt, warehouse)


@dbt_assets(
    manifest=fnsp_dbt_project.manifest_path,
    project=fnsp_dbt_project,
    select=DQ_SUMMARY_SELECTION,
    dagster_dbt_translator=FnspDbtTranslator(),
)
def dbt_dq_summaries(context: dg.AssetExecutionContext, dbt: DbtCliResource,
                     warehouse: WarehouseResource):
    """The data-quality summaries: a second `dbt build`, after the Python step wrote the
    tables they read (dbt source `quality`, whose tables are that step's assets)."""
    yield from _build(context, dbt, warehouse)


def dbt_resource() -> DbtCliResource:
    """The dbt CLI of this venv, on the project in dbt_project/."""
    return DbtCliResource(project_dir=fnsp_dbt_project, dbt_executable=str(DBT_EXECUTABLE))
