"""Dagster resources: the FNSP API (live or the built-in sample) and the warehouse build."""


import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

import dagster as dg
from pydantic import PrivateAttr

from fnsp_pipeline.api.client import ClientConfig, FnspClient
from fnsp_pipeline.api.retry import RetryPolicy
from fnsp_pipeline.settings import DEFAULTS, ENV, SAMPLE_BASE_URL, Settings, load_settings
from fnsp_pipeline.warehouse.build import Refresh, WarehouseFiles
from fnsp_pipeline.warehouse.lock import RefreshLock
from fnsp_pipeline.warehouse.provenance import SampleWouldReplaceLive, Source, check_may_replace


class FnspApiResource(dg.ConfigurableResource):
    """Where and how to read the FNSP API. No `base_url`: the built-in sample, in-process."""

    base_url: Optional[str] = None
    api_key: Optional[str] = None  # set through dg.EnvVar("FNSP_API_KEY") only
    api_key_header: str = DEFAULTS.api_key_header
    rate_limit: float = DEFAULTS.rate_limit
    concurrency: int = DEFAULTS.concurrency
    timeout_seconds: float = DEFAULTS.timeout_seconds
    max_attempts: int = DEFAULTS.max_attempts
    max_retry_seconds: float = DEFAULTS.max_retry_seconds
    mode: str = "export"  # export | crawl | incremental
    linked_pages: str = DEFAULTS.linked_pages  # auto | all | off (FNSP_LINKED_PAGES)
    sample_scale: float = DEFAULTS.sample_scale
    sample_seed: int | None = DEFAULTS.sample_seed  # None: the generator's default seed
    sample_phrasing: str = DEFAULTS.sample_phrasing

    def client(self) -> FnspClient:
        retry = RetryPolicy(max_attempts=self.max_attempts,
                            max_total_seconds=self.max_retry_seconds)
        if self.base_url:
            return FnspClient(ClientConfig(
                base_url=self.base_url, api_key=self.api_key, api_key_header=self.api_key_header,
                rate_limit=self.rate_limit, concurrency=self.concurrency,
                timeout_seconds=self.timeout_seconds, retry=retry))
        from fnsp_pipeline.sample import sample_transport  # only when used

        config = ClientConfig(base_url=SAMPLE_BASE_URL, rate_limit=None,
                              concurrency=self.concurrency, timeout_seconds=self.timeout_seconds,
                              retry=retry)
        return FnspClient(config, transport=sample_transport(self.sample()))

    def sample(self):
        from fnsp_pipeline.sample import load_sample

        return load_sample(seed=self.seed, scale=self.sample_scale, phrasing=self.sample_phrasing)

    @property
    def seed(self) -> int:
        """The sample's seed: FNSP_SAMPLE_SEED, else the generator's default (0 is a seed too)."""
        from fnsp_pipeline.sample import DEFAULT_SEED

        return DEFAULT_SEED if self.sample_seed is None else self.sample_seed

    @property
    def source_label(self) -> str:
        if self.base_url:
            return self.base_url
        phrasing = "" if self.sample_phrasing == "dev" else f", {self.sample_phrasing} phrasings"
        seed = "" if self.sample_seed is None else f", seed {self.sample_seed}"
        return f"built-in sample (scale {self.sample_scale:g}{seed}{phrasing})"


class WarehouseResource(dg.ConfigurableResource):
    """The published DuckDB file, the run's private build of it, and the audit thresholds
    that decide whether a build may be published.

    Initialised once per run (the job uses the in-process executor): takes the refresh lock,
    so only one run writes at a time whoever launched it, and starts or resumes the build.
    """

    path: str
    lock_timeout_seconds: float = DEFAULTS.lock_timeout_seconds
    resume: bool = True  # continue an unfinished refresh's build instead of starting over
    keep_published: int = DEFAULTS.keep_published
    max_row_drop: float = DEFAULTS.max_row_drop
    max_reject_share: float = DEFAULTS.max_reject_share
    # resources whose drop an operator checked and accepts for this run only (--accept-drop)
    accept_drop: list[str] = []
    # where tonight's data comes from (None: the built-in sample), as FnspApiResource.base_url
    source_url: Optional[str] = None
    allow_sample: bool = DEFAULTS.allow_sample
    _lock: Optional[RefreshLock] = PrivateAttr(default=None)
    _refresh: Optional[Refresh] = PrivateAttr(default=None)
    _started_at: Optional[dt.datetime] = PrivateAttr(default=None)

    @property
    def files(self) -> WarehouseFiles:
        return WarehouseFiles(Path(self.path).expanduser().resolve())

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        run_id = context.run.run_id if context.run else "adhoc"
        log = context.log.info if context.log else print
        warn = context.log.warning if context.log else print  # shown on fnsp refresh's terminal
        self._lock = RefreshLock(self.files.lock, self.lock_timeout_seconds)
        self._lock.acquire(holder=f"run {run_id}", on_wait=warn)
        try:  # under the lock: nothing publishes between this check and our publish
            log(check_may_replace(self.files.published, self.source, self.allow_sample))
        except SampleWouldReplaceLive:
            self._lock.release()
            raise
        self._refresh = self.files.start_build(run_id, self.source, resume=self.resume)
        if self._refresh.resumed:
            warn(f"resuming unfinished refresh {self._refresh.id}: what it already fetched "
                "is not fetched again (`fnsp refresh --fresh` starts over)")
        self._started_at = dt.datetime.now(dt.timezone.utc)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._lock:
            self._lock.release()

    @property
    def source(self) -> Source:
        return Source.of(self.source_url)

    @property
    def refresh(self) -> Refresh:
        if self._refresh is None:
            raise RuntimeError("the warehouse resource is used outside a run")
        return self._refresh

    @property
    def started_at(self) -> dt.datetime:
        return self._started_at or dt.datetime.now(dt.timezone.utc)

    def connect(self):
        return self.files.connect()

    def publish(self) -> int:
        return self.files.publish(keep=self.keep_published)


def source_label(resources: dict) -> str:
    """What the run reads, outside a run: EnvVar fields resolve only when initialised."""
    return resources["fnsp_api"].process_config_and_initialize().source_label


def from_env(settings: Settings, field: str):
    """The setting as a `dg.EnvVar` when its variable holds exactly the value `load_settings`
    made of it, so the Dagster UI shows where it came from; else the value itself (a default,
    or a value load_settings normalised, e.g. a relative path made absolute). Dagster reads
    string and whole-number variables only: numbers with decimals and flags stay values."""
    value, name = getattr(settings, field), ENV[field]
    value = str(value) if isinstance(value, Path) else value
    raw = os.environ.get(name)
    if value is None or raw is None or isinstance(value, (bool, float)):
        return value
    if isinstance(value, int):
        return dg.EnvVar.int(name) if raw == str(value) else value
    return dg.EnvVar(name) if raw == str(value) else value


def build_resources(settings: Settings | None = None, mode: str = "export",
                    resume: bool = True, accept_drop: Sequence[str] = ()) -> dict:
    """Resources from the environment: the key only ever as an EnvVar, never as a value."""
    settings = settings or load_settings()
    api_key = dg.EnvVar("FNSP_API_KEY") if os.environ.get("FNSP_API_KEY") else None
    env = {field: from_env(settings, field) for field in ENV}
    return {
        "fnsp_api": FnspApiResource(
            base_url=env["base_url"], api_key=api_key, api_key_header=env["api_key_header"],
            rate_limit=env["rate_limit"], concurrency=env["concurrency"], mode=mode,
            sample_scale=env["sample_scale"], sample_seed=env["sample_seed"],
            sample_phrasing=env["sample_phrasing"], timeout_seconds=env["timeout_seconds"],
            max_attempts=env["max_attempts"], max_retry_seconds=env["max_retry_seconds"],
            linked_pages=env["linked_pages"]),
        "warehouse": WarehouseResource(
            path=env["warehouse"],
            lock_timeout_seconds=env["lock_timeout_seconds"],
            resume=resume, keep_published=env["keep_published"],
            max_row_drop=env["max_row_drop"], max_reject_share=env["max_reject_share"],
            accept_drop=list(accept_drop), source_url=env["base_url"],
            allow_sample=env["allow_sample"]),
    }
