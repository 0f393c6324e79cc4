"""The last step of a refresh: publish the audited build as the analysts' warehouse."""


import datetime as dt
from collections.abc import Sequence

import dagster as dg

from fnsp_pipeline.resources import FnspApiResource, WarehouseResource
from fnsp_pipeline.warehouse.provenance import SAMPLE, Source, write_meta

PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])


def table_row_counts(con) -> dict[str, int]:
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_type = 'BASE TABLE' and table_name not like '\\_%' escape '\\' "
        "order by 1, 2").fetchall()
    return {f"{schema}.{name}": con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
            for schema, name in tables}


def meta_of(run_id: str, warehouse: WarehouseResource, api: FnspApiResource) -> dict:
    """The `meta` row: what the published file holds and where it came from. The warehouse
    guarded its build by the source it was given; it must be the one the data came from."""
    source = Source.of(api.base_url)
    if source != warehouse.source:
        raise dg.Failure(f"not publishing: the data came from {source.describe()}, but the "
                         f"warehouse was set up for {warehouse.source.describe()}")
    sample = source.kind == SAMPLE
    return {
        "source": source.kind, "synthetic": sample, "base_url": source.base_url,
        "source_label": source.base_url or api.source_label,
        "sample_scale": api.sample_scale if sample else None,
        "sample_seed": api.seed if sample else None,
        "sample_phrasing": api.sample_phrasing if sample else None,
        "mode": api.mode, "refresh_id": warehouse.refresh.id, "run_id": run_id,
        "refresh_started_at": warehouse.started_at,
        "published_at": dt.datetime.now(dt.timezone.utc),
    }


def build_publish_asset(upstream: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=PUBLISHED_KEY,
        description="The DuckDB file analysts open (FNSP_WAREHOUSE). Replaced atomically, "
                    "only after every upstream asset and blocking check of the run succeeded.",
        group_name="publish",
        kinds={"duckdb"},
        deps=list(upstream),
    )
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                            fnsp_api: FnspApiResource):
        meta = meta_of(context.run.run_id, warehouse, fnsp_api)
        with warehouse.connect() as con:
            write_meta(con, meta)
            counts = table_row_counts(con)
        size = warehouse.publish()
        context.log.info(f"published {warehouse.files.published} ({size / 1e6:.1f} MB)")
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(str(warehouse.files.published)),
            "bytes": size,
            "tables": dg.MetadataValue.json(counts),
            "source": meta["source"],
            "synthetic": meta["synthetic"],
        })

    return published_warehouse
