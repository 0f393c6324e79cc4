"""Shared fixtures: a small deterministic sample, served in-process or over real loopback HTTP."""

from __future__ import annotations

import datetime as dt
import time
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from fnsp_pipeline.sample import ServerOptions, create_app, load_sample, running_sample_server

TEST_SCALE = 0.05
AS_OF = dt.datetime(2026, 11, 2, tzinfo=ZoneInfo("Europe/Oslo"))


def pytest_configure(config):
    """Test modules import the Dagster definitions, which need the dbt manifest. Prepared
    once, by the controller, before the xdist workers start (they would race to write it)."""
    from fnsp_pipeline.transform.project import prepare_manifest

    if not hasattr(config, "workerinput"):
        prepare_manifest()


def pytest_collection_modifyitems(config, items):
    """The tests on the national warehouse share one worker, so it is built once (~2 min)."""
    for item in items:
        if "national_warehouse" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("national"))


@pytest.fixture(scope="session")
def small_sample():
    """About 60 procedures and 700 offerings: every shape and defect, in well under a second."""
    return load_sample(scale=TEST_SCALE, as_of=AS_OF)


@contextmanager
def serve(dataset, **options):
    app = create_app(dataset, ServerOptions(**options))
    with running_sample_server(app) as base_url:
        yield base_url, app


@pytest.fixture
def sample_server(small_sample):
    """(base_url, app) of a real HTTP server on loopback; app.state.faults injects faults."""
    with serve(small_sample) as served:
        yield served


@pytest.fixture(scope="session")
def national_warehouse(tmp_path_factory):
    """One export refresh of the national-size sample (raw, dbt, data quality, publish,
    report), shared by the tests that check the marts and the findings against the truth."""
    from fnsp_pipeline.refresh import run_refresh

    root = tmp_path_factory.mktemp("national")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FNSP_WAREHOUSE", str(root / "warehouse" / "fnsp.duckdb"))
        env.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        env.setenv("FNSP_SAMPLE_SCALE", "1.0")
        for name in ("FNSP_BASE_URL", "FNSP_API_KEY", "FNSP_REPORT_DIR"):
            env.delenv(name, raising=False)
        outcome = run_refresh("export")
    assert outcome.published, outcome.summary()
    return root / "warehouse" / "fnsp.duckdb"


@pytest.fixture
def warehouse_env(tmp_path, monkeypatch):
    """A private warehouse and Dagster home for one test."""
    warehouse = tmp_path / "warehouse" / "fnsp.duckdb"
    monkeypatch.setenv("FNSP_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    for name in ("FNSP_BASE_URL", "FNSP_API_KEY", "FNSP_RATE_LIMIT", "FNSP_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    return warehouse


def ingest_and_publish(mode: str = "export", resume: bool = True,
                       accept_drop: tuple[str, ...] = (), resources: dict | None = None
                       ) -> dg.ExecuteInProcessResult:
    """The raw assets and publishing, without dbt or data quality: for the scenarios that
    test ingestion, which do not need the warehouse built. Configured from the environment,
    as `fnsp refresh` is."""
    from fnsp_pipeline.ingest.assets import raw_assets
    from fnsp_pipeline.resources import build_resources
    from fnsp_pipeline.warehouse.assets import build_publish_asset

    publish = build_publish_asset([key for asset in raw_assets for key in asset.keys])
    resources = resources or build_resources(mode=mode, resume=resume, accept_drop=accept_drop)
    return dg.materialize([*raw_assets, publish], resources=resources,
                          instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)


def ingest_refresh(mode: str = "export", resume: bool = True,
                   accept_drop: tuple[str, ...] = ()):
    """`ingest_and_publish` read as `run_refresh` reads a run (a RefreshOutcome), for the
    ingestion scenarios that need no dbt: fetching, retries, rejects, drift, drops, rollback."""
    from fnsp_pipeline.refresh import outcome_of
    from fnsp_pipeline.resources import build_resources, source_label
    from fnsp_pipeline.settings import load_settings

    settings = load_settings()
    resources = build_resources(settings, mode, resume=resume, accept_drop=accept_drop)
    started = time.monotonic()
    result = ingest_and_publish(mode, resources=resources)
    return outcome_of(result, mode, source_label(resources), str(settings.warehouse),
                      time.monotonic() - started, accept_drop)


def failure_texts(result) -> list[str]:
    from fnsp_pipeline.refresh import _failure_texts

    return _failure_texts(result.all_events)
