"""Raw landing assets: one per API resource, in DuckDB schema `raw`, with blocking checks."""


import asyncio

import dagster as dg

from fnsp_pipeline.ingest import resources as r
from fnsp_pipeline.ingest.loaders import LoadReport, ResourceLoader
from fnsp_pipeline.ingest.resources import RawResource
from fnsp_pipeline.resources import FnspApiResource, WarehouseResource

CHECKS = {
    "row_count_matches_api": "Rows in the raw table equal what the API says it has "
                             "(its `totalt`, the export's lines, or the responses received).",
    "no_duplicate_ids": "The API returned no id twice in this load.",
    "all_items_valid": "Every item matched the contract; rejects are in raw._rejects.",
}
UPSTREAM = {"offerings": ["procedures"], "pages": ["offerings"]}


def raw_asset_key(resource: RawResource) -> dg.AssetKey:
    return dg.AssetKey(["fnsp", resource.name])


async def _load(api: FnspApiResource, con, resource: RawResource, load_id, loaded_at,
                log) -> LoadReport:
    async with api.client() as client:
        return await ResourceLoader(client, con, load_id, loaded_at, log).load(resource, api.mode)


def _check_results(report: LoadReport) -> list[dg.AssetCheckResult]:
    rejects = [str(error) for error in report.rejects[:10]]
    return [
        dg.AssetCheckResult(
            check_name="row_count_matches_api",
            passed=report.rows == report.expected_total,
            metadata={"rows": report.rows, "expected": report.expected_total,
                      "expected_from": report.expected_from}),
        dg.AssetCheckResult(
            check_name="no_duplicate_ids", passed=not report.duplicate_ids,
            metadata={"duplicate_ids": dg.MetadataValue.json(report.duplicate_ids)}),
        dg.AssetCheckResult(
            check_name="all_items_valid", passed=not report.rejects,
            metadata={"rejected": len(report.rejects),
                      "first_errors": dg.MetadataValue.json(rejects)}),
    ]


def _metadata(report: LoadReport, api: FnspApiResource) -> dict:
    stats = report.client_stats
    return {
        "rows": report.rows,
        "received": report.received,
        "landed": report.landed,
        "rejected": len(report.rejects),
        "requests": stats.get("requests", 0),
        "bytes": stats.get("bytes", 0),
        "retries": stats.get("retries", 0),
        "not_modified": report.not_modified,
        "duration_seconds": report.seconds,
        "mode": report.mode,
        "source": api.source_label,
        "http_statuses": dg.MetadataValue.json(stats.get("statuses", {})),
        **({"not_offered_404": report.not_offered} if report.resource == "offerings" else {}),
        **({"notes": dg.MetadataValue.json(report.notes)} if report.notes else {}),
    }


def build_raw_asset(resource: RawResource) -> dg.AssetsDefinition:
    key = raw_asset_key(resource)

    @dg.asset(
        key=key,
        description=resource.description,
        group_name="raw",
        kinds={"duckdb", "python"},
        deps=[dg.AssetKey(["fnsp", name]) for name in UPSTREAM.get(resource.name, [])],
        check_specs=[dg.AssetCheckSpec(name, asset=key, description=text, blocking=True)
                     for name, text in CHECKS.items()],
        pool="duckdb",
    )
    def _raw_asset(context: dg.AssetExecutionContext, fnsp_api: FnspApiResource,
                   warehouse: WarehouseResource):
        with warehouse.connect() as con:
            report = asyncio.run(_load(fnsp_api, con, resource, context.run.run_id,
                                       warehouse.started_at, context.log.info))
        for note in report.notes:
            context.log.info(f"{resource.name}: {note}")
        checks = _check_results(report)
        yield dg.MaterializeResult(metadata=_metadata(report, fnsp_api), check_results=checks)
        failed = [check.check_name for check in checks if not check.passed]
        if failed:
            errors = "; ".join(str(error) for error in report.rejects[:3])
            raise dg.Failure(
                description=f"raw.{resource.name}: checks failed: {', '.join(failed)}. "
                            f"Rows {report.rows}, expected {report.expected_total} "
                            f"({report.expected_from}); {len(report.rejects)} rejected"
                            + (f": {errors}" if errors else ""),
                metadata={"failed_checks": dg.MetadataValue.json(failed)})

    return _raw_asset


raw_assets = [build_raw_asset(resource) for resource in r.ALL_RESOURCES]
