"""Configuration is documented where users look: every environment variable the code reads is in
`.env.example` and in the README's settings table, and the values `.env.example` gives are the
defaults the code uses (so copying it changes nothing)."""

from __future__ import annotations

import re

import pytest

from fnsp_pipeline.settings import PROJECT_ROOT, load_settings

ENV_NAME = re.compile(r"""["'](FNSP_[A-Z_]+|DAGSTER_HOME)["']""")


def variables_read_by_the_code() -> set[str]:
    names = set()
    for path in (PROJECT_ROOT / "fnsp_pipeline").rglob("*.py"):
        names |= set(ENV_NAME.findall(path.read_text(encoding="utf-8")))
    return names


def env_example() -> dict[str, str]:
    """The variables `.env.example` sets, with their values."""
    lines = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def env_example_names() -> set[str]:
    """Also those it shows commented out ("# DAGSTER_HOME=/absolute/path")."""
    text = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^(?:# )?([A-Z_]+)=", text, re.MULTILINE))


def test_every_variable_is_in_env_example_and_the_readme():
    read = variables_read_by_the_code()
    assert {"FNSP_BASE_URL", "FNSP_WAREHOUSE", "FNSP_REPORT_DIR"} <= read  # the scan finds them
    assert read - env_example_names() == set()
    readme_table = set(re.findall(r"^\| `([A-Z_]+)` \|", (PROJECT_ROOT / "README.md").read_text(encoding="utf-8"),
                                  re.MULTILINE))
    assert read - readme_table == set()


def test_env_example_gives_the_defaults(monkeypatch):
    from fnsp_pipeline.quality.assets import DqReportResource
    from fnsp_pipeline.sample import DEFAULT_SEED
    from fnsp_pipeline.warehouse.build import DEFAULT_MEMORY_LIMIT

    monkeypatch.chdir(PROJECT_ROOT)  # .env.example's paths are relative to the project
    example = env_example()
    for name in example:
        monkeypatch.delenv(name, raising=False)
    defaults = load_settings()
    for name, value in example.items():
        monkeypatch.setenv(name, value)
    configured = load_settings()
    assert configured == defaults.__class__(**{**defaults.__dict__, "sample_seed": configured.sample_seed})
    assert configured.sample_seed == DEFAULT_SEED
    assert example["FNSP_DUCKDB_MEMORY_LIMIT"] == DEFAULT_MEMORY_LIMIT
    report = DqReportResource().path_for(defaults.warehouse).parent
    assert report == (PROJECT_ROOT / example["FNSP_REPORT_DIR"]).resolve()


@pytest.mark.parametrize("name", ["FNSP_API_KEY", "FNSP_SAMPLE_API_KEY"])
def test_env_example_holds_no_key(name):
    assert env_example()[name] == ""


def test_defaults_are_written_once(monkeypatch):
    """With nothing set, the settings, the client, the retry policy and the Dagster resources
    all run on settings.DEFAULTS: no second copy of a default to drift."""
    import dataclasses

    from fnsp_pipeline.api.client import ClientConfig
    from fnsp_pipeline.api.retry import RetryPolicy
    from fnsp_pipeline.resources import FnspApiResource, WarehouseResource
    from fnsp_pipeline.settings import DEFAULTS

    for name in variables_read_by_the_code():
        monkeypatch.delenv(name, raising=False)
    assert load_settings() == dataclasses.replace(DEFAULTS, warehouse=DEFAULTS.warehouse.resolve())
    client, retry = ClientConfig(base_url="https://x.example"), RetryPolicy()
    api, warehouse = FnspApiResource(), WarehouseResource(path="unused.duckdb")
    for setting, used in {"api_key_header": (client.api_key_header, api.api_key_header),
                          "rate_limit": (client.rate_limit, api.rate_limit),
                          "concurrency": (client.concurrency, api.concurrency),
                          "timeout_seconds": (client.timeout_seconds, api.timeout_seconds),
                          "max_attempts": (retry.max_attempts, api.max_attempts),
                          "max_retry_seconds": (retry.max_total_seconds, api.max_retry_seconds),
                          "linked_pages": (api.linked_pages,),
                          "sample_phrasing": (api.sample_phrasing,),
                          "lock_timeout_seconds": (warehouse.lock_timeout_seconds,),
                          "keep_published": (warehouse.keep_published,),
                          "max_row_drop": (warehouse.max_row_drop,),
                          "max_reject_share": (warehouse.max_reject_share,),
                          "allow_sample": (warehouse.allow_sample,)}.items():
        assert set(used) == {getattr(DEFAULTS, setting)}, setting
