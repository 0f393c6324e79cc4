"""Dagster assets of the data-quality layer.

`marts/dq_findings` (with `dq_instructions` and `dq_checks`) runs every check on the run's
build of the warehouse, downstream of the dbt marts it reads (store.MODELS_READ, found through
dbt's manifest), and carries one asset check per check_name. The summaries over it
(`dq_foretak_summary`, `dq_procedure_summary`) are dbt models, built after it by
`dbt_dq_summaries` (transform/assets.py). Those are content findings: WARN, never
blocking, because the seeded or real defects are what the warehouse is there to show. The
one blocking check, `dq_inputs_parsed`, fails when the machinery itself is broken (no
offerings or no parsed sections, or no fact read anywhere), and then the run does not publish.

`quality/dq_report` writes the editors' HTML report from the *published* warehouse, after
`warehouse/published`: a failed run never overwrites the last good report.
"""


import os
from collections import Counter
from pathlib import Path
from typing import Optional

import dagster as dg
import duckdb
from dagster_dbt import get_asset_key_for_model

from fnsp_pipeline.quality import report, store
from fnsp_pipeline.quality.checks import CHECKS, run_checks
from fnsp_pipeline.resources import WarehouseResource
from fnsp_pipeline.transform.assets import dbt_warehouse_assets
from fnsp_pipeline.warehouse.assets import PUBLISHED_KEY

FINDINGS_KEY = dg.AssetKey(["marts", "dq_findings"])
WRITTEN_BESIDE = {  # the other tables the step writes (dbt source `quality`, like dq_findings)
    "dq_instructions": "One row per preparation instruction a local page states: kind, value and "
                       "unit or rule, conditions, reference point, section, sentence; whether it is "
                       "compared and found divergent. The evidence for divergent_fact and defers_to_letter.",
    "dq_checks": "The checks that ran: check_name, severity, description, position. The dbt "
                 "summaries have one <check_name>_count column per row.",
}
WRITTEN_KEYS = {name: dg.AssetKey(["marts", name]) for name in WRITTEN_BESIDE}
REPORT_KEY = dg.AssetKey(["quality", "dq_report"])
MACHINERY_CHECK = "dq_inputs_parsed"


class DqReportResource(dg.ConfigurableResource):
    """Where the HTML report goes: FNSP_REPORT_DIR, else `reports/` beside the warehouse's
    folder (data/reports for the default data/warehouse/fnsp.duckdb)."""

    report_dir: Optional[str] = None

    def path_for(self, warehouse: Path) -> Path:
        folder = Path(self.report_dir) if self.report_dir else warehouse.parent.parent / "reports"
        return folder.expanduser().resolve() / "dq-report.html"


def dq_resources() -> dict:
    return {"dq_report": DqReportResource(report_dir=os.environ.get("FNSP_REPORT_DIR") or None)}


def _check_specs() -> list[dg.AssetCheckSpec]:
    specs = [dg.AssetCheckSpec(name, asset=FINDINGS_KEY, description=f"{text} (severity {severity})")
             for name, (severity, text) in CHECKS.items()]
    specs.append(dg.AssetCheckSpec(
        MACHINERY_CHECK, asset=FINDINGS_KEY, blocking=True,
        description="The checks had something to read: offerings, parsed sections and facts. "
                    "A failure means the pipeline, not the content, is broken: do not publish."))
    return specs


def _examples(frame, check: str, limit: int = 5) -> list[dict]:
    rows = frame[frame.check_name == check].sort_values("score", ascending=False).head(limit)
    return [{k: v for k, v in row.items() if k in ("procedure_id", "orgnr", "section", "detail",
                                                  "observed", "expected", "page_url") and v}
            for row in rows.to_dict("records")]


def _content_results(frame) -> list[dg.AssetCheckResult]:
    results = []
    for name, (severity, _) in CHECKS.items():
        subset = frame[frame.check_name == name]
        results.append(dg.AssetCheckResult(
            check_name=name, asset_key=FINDINGS_KEY, passed=subset.empty,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"severity": severity, "findings": len(subset),
                      "foretak_affected": int(subset.orgnr.nunique()),
                      "procedures_affected": int(subset.procedure_id.nunique()),
                      "worst_examples": dg.MetadataValue.json(_examples(frame, name))}))
    return results


def _machinery_result(inputs, analysis) -> dg.AssetCheckResult:
    pages = int(inputs.offerings.has_local_page.sum())
    sections = int((~inputs.sections.is_empty).sum())
    pages_with_facts = len(analysis.instructions)
    problems = [text for text, broken in (
        ("no offerings in marts.fct_procedure_offering", inputs.offerings.empty),
        ("local pages exist but no section text was parsed", pages > 0 and sections == 0),
        ("sections exist but no preparation instruction was read from any of them",
         sections >= 1000 and pages_with_facts == 0)) if broken]
    return dg.AssetCheckResult(
        check_name=MACHINERY_CHECK, asset_key=FINDINGS_KEY, passed=not problems,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"offerings": len(inputs.offerings), "local_pages": pages,
                  "sections_with_text": sections, "pages_with_facts": pages_with_facts,
                  "problems": dg.MetadataValue.json(problems)})


@dg.multi_asset(
    specs=[dg.AssetSpec(FINDINGS_KEY, deps=[get_asset_key_for_model([dbt_warehouse_assets], m)
                                            for m in store.MODELS_READ],
                        description="One row per data-quality finding (see docs/data-quality.md).",
                        group_name="quality", kinds={"duckdb", "python"}),
           *[dg.AssetSpec(key, deps=[FINDINGS_KEY], group_name="quality", kinds={"duckdb"},
                          description=WRITTEN_BESIDE[name]) for name, key in WRITTEN_KEYS.items()]],
    check_specs=_check_specs(),
)
def dq_assets(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    where = store.relations()
    with warehouse.connect() as con:
        inputs = store.load_inputs(con, where)
        findings, analysis = run_checks(inputs)
        machinery = _machinery_result(inputs, analysis)
        if not machinery.passed:
            yield machinery
            raise dg.Failure(description="data-quality checks could not run: "
                             + "; ".join(machinery.metadata["problems"].data))
        rows = store.write_tables(con, findings, analysis, where)
        frame = con.execute(f"select * from {where['dq_findings']}").df()
    by_check = Counter(frame.check_name)
    context.log.info("findings: " + ", ".join(f"{k} {by_check.get(k, 0)}" for k in CHECKS))
    yield dg.MaterializeResult(asset_key=FINDINGS_KEY, metadata={
        "rows": rows["dq_findings"],
        "findings_per_check": dg.MetadataValue.json({k: by_check.get(k, 0) for k in CHECKS}),
        "error_findings": int((frame.severity == "error").sum())})
    for name, key in WRITTEN_KEYS.items():
        yield dg.MaterializeResult(asset_key=key, metadata={"rows": rows[name]})
    yield machinery
    yield from _content_results(frame)


@dg.asset(
    key=REPORT_KEY,
    deps=[PUBLISHED_KEY],
    description="The editors' HTML report (dq-report.html), from the published warehouse.",
    group_name="quality",
    kinds={"html"},
)
def dq_report_asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                    dq_report: DqReportResource):
    published = warehouse.files.published
    with duckdb.connect(str(published), read_only=True) as con:
        html = report.render_report(con)
    path = dq_report.path_for(published)
    size = report.write_atomically(html, path)
    context.log.info(f"wrote {path} ({size / 1e6:.1f} MB)")
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)), "bytes": size,
                                          "url": dg.MetadataValue.url(path.as_uri())})
