"""Raw landing assets: one per API resource, in DuckDB schema `raw`, with blocking checks
that keep a broken load from being published."""

import asyncio

import dagster as dg

from fnsp_pipeline.ingest import raw_resources as r
from fnsp_pipeline.ingest.audit import CHECKS, audit
from fnsp_pipeline.ingest.loaders import LoadReport, ResourceLoader, save_state
from fnsp_pipeline.ingest.raw_resources import RawResource
from fnsp_pipeline.resources import FnspApiResource, WarehouseResource


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
        "held_back": len(report.held_back),
        # the first few, so the UI and the CLI say what is missing tonight without a query
        **({"rejected_examples": dg.MetadataValue.json([str(e) for e in report.rejects[:5]])}
           if report.rejects else {}),
        **({"held_back_examples": dg.MetadataValue.json([str(h) for h in report.held_back[:5]])}
           if report.held_back else {}),
        **({"accepted_drop": True} if report.accepted_drop else {}),
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
        deps=[dg.AssetKey(["fnsp", name]) for name in resource.depends_on])
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
    )
    def _raw_asset(context: dg.AssetExecutionContext, fnsp_api: FnspApiResource,
                   warehouse: WarehouseResource):
        load_id, loaded_at = warehouse.refresh.id, warehouse.started_at
        with warehouse.connect() as con:
            report = asyncio.run(_load(fnsp_api, resource, con, load_id, loaded_at,
                                       context.log.info))
            report.accepted_drop = resource.name in warehouse.accept_drop
            verdicts = audit(report, warehouse.max_reject_share, warehouse.max_row_drop)
            # recorded (state, metadata, `fnsp history`) only when the drop needed accepting
            report.accepted_drop &= any(v.check_name == "no_sudden_drop" and not v.passed
                                        for v in verdicts)
            blocking = [v for v in verdicts if v.blocks_publishing]
            warnings = [f"{v.check_name}: {v.reason}" for v in verdicts
                        if not v.passed and not v.blocks_publishing]
            save_state(con, report, load_id=load_id, loaded_at=loaded_at, passed=not blocking)
        for note in report.notes:
            context.log.info(f"{resource.name}: {note}")
        for capability, outcome in report.capabilities.items():
            context.log.info(f"{resource.name}: {capability}: {outcome}")
        metadata = _metadata(report, fnsp_api)
        if warnings:
            metadata["warnings"] = dg.MetadataValue.json(warnings)
        yield dg.MaterializeResult(asset_key=key, metadata=metadata,
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


REJECTS_KEY = dg.AssetKey(["fnsp", "rejects"])


def build_rejects_asset(upstream: list[dg.AssetsDefinition]) -> dg.AssetsDefinition:
    """raw._rejects, written by every raw asset, as an asset of its own: dbt reads it (the
    marts' rejected_items) and the UI shows what is missing tonight in one place."""

    @dg.asset(key=REJECTS_KEY, group_name="raw", kinds={"duckdb"},
              deps=[key for asset in upstream for key in asset.keys],
              description="Items rejected tonight (they broke the contract) and items held back "
                          "because their parent was (raw._rejects): what is missing, and why.")
    def rejects(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            counts = con.execute(
                "select resource, kind, count(*) from raw._rejects group by all order by all"
            ).fetchall()
            examples = con.execute(
                "select resource || '/' || coalesce(item_id, '?') || ': ' || reason "
                "from raw._rejects order by resource, kind, item_id limit 10").fetchall()
        by_resource: dict[str, dict[str, int]] = {}
        for resource, kind, n in counts:
            by_resource.setdefault(resource, {})[kind] = n
        return dg.MaterializeResult(metadata={
            "rejected": sum(n for _, kind, n in counts if kind == "rejected"),
            "held_back": sum(n for _, kind, n in counts if kind == "held_back"),
            "by_resource": dg.MetadataValue.json(by_resource),
            "first": dg.MetadataValue.json([row[0] for row in examples]),
        })

    return rejects


_resource_assets = [build_raw_asset(resource) for resource in r.ALL_RESOURCES]
raw_assets = [*_resource_assets, build_rejects_asset(_resource_assets)]
