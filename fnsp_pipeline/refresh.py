"""`fnsp refresh`: run nightly_refresh in-process with the environment's configuration."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import dagster as dg

from fnsp_pipeline.instance import ensure_dagster_home
from fnsp_pipeline.progress import RefreshProgress, progress_logger
from fnsp_pipeline.quality.assets import FINDINGS_KEY, REPORT_KEY
from fnsp_pipeline.resources import build_resources, source_label
from fnsp_pipeline.settings import Settings, load_settings
from fnsp_pipeline.transform.project import prepare_manifest
from fnsp_pipeline.warehouse.assets import PUBLISHED_KEY


# Dagster's console logger at INFO: progress and failures, not every step output.
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


@dataclass
class RefreshOutcome:
    published: bool
    mode: str
    source: str
    warehouse: str
    seconds: float
    run_id: str
    assets: dict[str, dict] = field(default_factory=dict)  # asset -> metadata values
    failures: list[str] = field(default_factory=list)
    accepted_drops: list[str] = field(default_factory=list)  # asked for with --accept-drop

    @property
    def raw_assets(self) -> dict[str, dict]:
        """The assets that talked to the API (they report requests)."""
        return {asset: meta for asset, meta in self.assets.items() if "requests" in meta}

    @property
    def totals(self) -> dict[str, int]:
        return {name: sum(m.get(name, 0) for m in self.raw_assets.values())
                for name in ("requests", "bytes", "retries")}

    @property
    def capabilities(self) -> dict[str, str]:
        """What the API offered tonight beyond the basics, and the fallback taken."""
        return {capability: outcome for meta in self.raw_assets.values()
                for capability, outcome in (meta.get("capabilities") or {}).items()}

    def _top_findings(self, shown: int = 5) -> list[str]:
        """The checks with the most findings tonight (marts.dq_findings has them all)."""
        per_check = self.assets.get(FINDINGS_KEY.to_user_string(), {}).get("findings_per_check")
        if not per_check:
            return []
        top = sorted(((n, c) for c, n in per_check.items() if n), reverse=True)[:shown]
        return [f"  findings:  {sum(per_check.values())} in marts.dq_findings; most: "
                + ", ".join(f"{check} {count}" for count, check in top)]

    def to_json(self) -> str:
        return json.dumps({**asdict(self), **self.totals, "capabilities": self.capabilities},
                          indent=2, default=str)

    def summary(self) -> str:
        lines = [f"FNSP refresh ({self.mode}) from {self.source}: "
                 f"{'published' if self.published else 'NOT published'}"
                 f" in {self.seconds:.1f} s (run {self.run_id})"]
        if self.source.startswith("built-in sample"):
            lines.append("  SYNTHETIC SAMPLE, not FNSP's content (meta.synthetic in the warehouse); "
                         "set FNSP_BASE_URL and FNSP_API_KEY for the live API")
        totals = self.totals
        lines.append(f"  {totals['requests']} requests, {totals['bytes'] / 1e6:.1f} MB received, "
                     f"{totals['retries']} retries")
        for asset, meta in sorted(self.assets.items()):
            if "rows" in meta:
                lines.append(f"  {asset:<28} {meta['rows']:>8} rows  {meta.get('requests', 0):>6} "
                             f"requests  {meta.get('duration_seconds', 0):>6.1f} s")
        linked = self.assets.get("fnsp/pages", {}).get("linked_pages")
        if linked:
            lines.append(f"  linked pages (FNSP_LINKED_PAGES={linked['setting']}): "
                         f"{linked['wanted']} offerings wanted, {linked['looked_up']} looked up "
                         f"tonight, {linked['failed']} failed (retried next night)")
        for asset, meta in sorted(self.raw_assets.items()):
            lines += _missing_tonight(asset, meta)
        for capability, outcome in sorted(self.capabilities.items()):
            lines.append(f"  {capability}: {outcome}")
        for asset, meta in sorted(self.raw_assets.items()):
            lines += [f"  warning: {asset}: {warning}" for warning in meta.get("warnings") or []]
        for failure in self.failures:
            lines.append(f"  FAILED: {failure}")
        lines += self._top_findings()
        if self.published:
            lines.append(f"  warehouse: {self.warehouse}")
            lines.append(f"  query it:  duckdb -readonly {self.warehouse}")
            report = self.assets.get(REPORT_KEY.to_user_string(), {}).get("path")
            if report:
                lines.append(f"  report:    {report}")
        else:
            lines.append(f"  the published warehouse ({self.warehouse}) was left as it was")
        return "\n".join(lines)


def run_refresh(mode: str = "export", settings: Settings | None = None,
                resume: bool = True, accept_drop: Sequence[str] = (),
                progress: Callable[[int], RefreshProgress] | None = None) -> RefreshOutcome:
    """`accept_drop`: resources whose drop the operator checked; this run only. `progress`
    makes the handler that is told of every Dagster event, given the number of assets; then
    Dagster's console logs everything (DEBUG), for the log file the caller captures."""
    from fnsp_pipeline.ingest.raw_resources import resource_named

    accepted = sorted({resource_named(name).name for name in accept_drop})
    prepare_manifest()  # a clean clone has no dbt manifest yet; a no-op when it is current
    from fnsp_pipeline.definitions import make_definitions

    settings = settings or load_settings()
    ensure_dagster_home()
    resources = build_resources(settings, mode, resume=resume, accept_drop=accepted)
    job = make_definitions(resources).resolve_job_def("nightly_refresh")
    run_config, shown = QUIET_CONSOLE, contextlib.nullcontext()
    if progress:
        shown = progress(len(job.asset_layer.executable_asset_keys))
        job = job.with_logger_defs({"console": dg.colored_console_logger,
                                    "fnsp_progress": progress_logger(shown)})
        run_config = {"loggers": {"console": {"config": {"log_level": "DEBUG"}}, "fnsp_progress": {}}}
    started = time.monotonic()
    with dg.DagsterInstance.get() as instance, shown:
        result = job.execute_in_process(instance=instance, raise_on_error=False,
                                        run_config=run_config)
    return outcome_of(result, mode, source_label(resources), str(settings.warehouse),
                      time.monotonic() - started, accepted)


def outcome_of(result: dg.ExecuteInProcessResult, mode: str, source: str, warehouse: str,
               seconds: float, accepted_drops: Sequence[str] = ()) -> RefreshOutcome:
    """What a run did, from its events: each asset's metadata, failures, whether it published."""
    outcome = RefreshOutcome(published=False, mode=mode, source=source, warehouse=warehouse,
                             seconds=seconds, run_id=result.run_id,
                             accepted_drops=list(accepted_drops))
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        outcome.assets[materialization.asset_key.to_user_string()] = {
            key: value.value for key, value in materialization.metadata.items()}
        outcome.published |= materialization.asset_key == PUBLISHED_KEY
    outcome.failures = _failure_texts(result.all_events)
    outcome.published &= result.success
    return outcome


def _missing_tonight(asset: str, meta: dict) -> list[str]:
    """What a resource is missing tonight (kept in raw._rejects, shown in marts.rejected_items)."""
    rejected, held = meta.get("rejected", 0), meta.get("held_back", 0)
    if not rejected and not held:
        return []
    lines = [f"  {asset}: {rejected} rejected, {held} held back (see marts.rejected_items)"]
    examples = (meta.get("rejected_examples") or [])[:3] + (meta.get("held_back_examples") or [])[:3]
    return lines + [f"    {example}" for example in examples]


def _failure_texts(events: list[dg.DagsterEvent]) -> list[str]:
    """Why the run failed, in the user code's own words (not Dagster's wrappers)."""
    texts = []
    for event in events:
        if event.event_type_value not in ("STEP_FAILURE", "RESOURCE_INIT_FAILURE"):
            continue
        data = event.event_specific_data
        user_failure = getattr(data, "user_failure_data", None)
        if user_failure and user_failure.description:
            texts.append(f"{event.step_key}: {user_failure.description}")
            continue
        error = getattr(data, "error", None)
        while error and error.cause:
            error = error.cause
        where = event.step_key or "resources"
        texts.append(f"{where}: {error.message.strip() if error else event.message}")
    return texts
