"""Raw landing assets: one per API resource, in DuckDB schema `raw`, with blocking checks
that keep a broken load from being published."""

import asyncio

import dagster as dg

from fnsp_pipeline.ingest import resources as r
from fnsp_pipeline.ingest.audit import CHECKS, audit
from fnsp_pipeline.ingest.loaders import LoadReport, ResourceLoader, save_state
from fnsp_pipeline.ingest.resources import RawResource
from fnsp_pipeline.resources import FnspApiResource, WarehouseResource

UPSTREAM = {"offerings": ["procedures"], "pages": ["offerings"]}


def raw_asset_key(resource: RawResource) -> dg.AssetKey:
    return dg.AssetKey(["fnsp", resource.name])


async def _load(api: FnspApiResource, resource: RawResource, *loader_args) -> LoadReport:
    async with api.client() as client:
        return await ResourceLoader(client, *loader_args, linked_pages=api.linked_pages
                                    ).load(resource, api.mode)


def _metadata(report: LoadReport, api: FnspApiResource) -> dict:
    stats = report.client_stats
    return {
        "rows": report.rows,
        "received": report.received,
        "landed": report.landed,
        "rejected": report.rejected,
        "requests": stats.get("requests", 0),
        "bytes": stats.get("bytes", 0),
        "retries": stats.get("retries", 0),
        "rate_reductions": stats.get("rate_reductions", 0),  # 429s made the client slow down
        "not_modified": report.not_modified,
        "resumed": report.resumed,
        "duration_seconds": report.seconds,
        "mode": report.mode,
        "source": api.source_label,
        "http_statuses": dg.MetadataValue.json(stats.get("statuses", {})),
        "schema_drift": dg.MetadataValue.json(report.schema_drift),
        **({"not_offered_404": report.not_offered} if report.resource == "offerings" else {}),
        **({"notes": dg.MetadataValue.json(report.notes)} if report.notes else {}),
        # which optional paths the API offered tonight, and the fallback taken
        **({"capabilities": dg.MetadataValue.json(report.capabilities)}
           if report.capabilities else {}),
        **({"linked_pages": dg.MetadataValue.json(report.details)}
           if report.resource == "pages" else {}),
    }


def build_raw_asset(resource: RawResource) -> dg.AssetsDefinition:
    key = raw_asset_key(resource)
    main = dg.AssetSpec(
        key, description=resource.description, group_name="raw", kinds={"duckdb", "python"},
        deps=[dg.AssetKey(["fnsp", name]) for name in UPSTREAM.get(resource.name, [])])
    # tables the same load writes beside raw.<name> (dbt reads them as sources of their own)
    companions = {name: dg.AssetSpec(dg.AssetKey(["fnsp", name]), description=description,
                                     group_name="raw", kinds={"duckdb", "python"})
                  for name, description in resource.companions.items()}

    @dg.multi_asset(
        name=f"fnsp_{resource.name}",
        specs=[main, *companions.values()],
        check_specs=[dg.AssetCheckSpec(name, asset=key, description=check.description,
                                       blocking=check.blocking)
                     for name, check in CHECKS.items()],
        pool="duckdb",
    )
    def _raw_asset(context: dg.AssetExecutionContext, fnsp_api: FnspApiResource,
                   warehouse: WarehouseResource):
        load_id, loaded_at = warehouse.refresh.id, warehouse.started_at
        with warehouse.connect() as con:
            report = asyncio.run(_load(fnsp_api, resource, con, load_id, loaded_at,
                                       context.log.info))
            verdicts = audit(report, warehouse.max_reject_share, warehouse.max_row_drop)
            blocking = [v for v in verdicts if v.blocks_publishing]
            save_state(con, report, load_id=load_id, loaded_at=loaded_at, passed=not blocking)
        for note in report.notes:
            context.log.info(f"{resource.name}: {note}")
        for capability, outcome in report.capabilities.items():
            context.log.info(f"{resource.name}: {capability}: {outcome}")
        yield dg.MaterializeResult(asset_key=key, metadata=_metadata(report, fnsp_api),
                                   check_results=[v.result() for v in verdicts])
        for name, spec in companions.items():
            with warehouse.connect() as con:
                rows = con.execute(f"select count(*) from raw._{name}").fetchone()[0]
            yield dg.MaterializeResult(asset_key=spec.key, metadata={"rows": rows})
        if blocking:
            reasons = "; ".join(f"{v.check_name}: {v.reason}" for v in blocking)
            raise dg.Failure(
                description=f"raw.{resource.name} did not pass its audit, so nothing will be "
                            f"published: {reasons}",
                metadata={"failed_checks": dg.MetadataValue.json(
                    [v.check_name for v in blocking])})

    return _raw_asset


raw_assets = [build_raw_asset(resource) for resource in r.ALL_RESOURCES]
