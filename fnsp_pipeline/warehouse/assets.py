"""The last step of a refresh: publish the audited build as the analysts' warehouse."""


from collections.abc import Sequence

import dagster as dg

from fnsp_pipeline.resources import WarehouseResource

PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])


def table_row_counts(con) -> dict[str, int]:
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_type = 'BASE TABLE' and table_name not like '\\_%' escape '\\' "
        "order by 1, 2").fetchall()
    return {f"{schema}.{name}": con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
            for schema, name in tables}


def build_publish_asset(upstream: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=PUBLISHED_KEY,
        description="The DuckDB file analysts open (FNSP_WAREHOUSE). Replaced atomically, "
                    "only after every upstream asset and blocking check of the run succeeded.",
        group_name="publish",
        kinds={"duckdb"},
        deps=list(upstream),
    )
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        with warehouse.connect() as con:
            counts = table_row_counts(con)
        size = warehouse.publish()
        context.log.info(f"published {warehouse.files.published} ({size / 1e6:.1f} MB)")
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(str(warehouse.files.published)),
            "bytes": size,
            "tables": dg.MetadataValue.json(counts),
        })

    return published_warehouse
