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


def test_every_setting_has_its_variable_and_the_code_reads_it():
    import dataclasses

    from fnsp_pipeline.settings import ENV, Settings

    assert set(ENV) == {f.name for f in dataclasses.fields(Settings)}
    assert set(ENV.values()) <= variables_read_by_the_code() & env_example_names()


def test_resources_show_which_variable_a_value_came_from(monkeypatch, tmp_path):
    """A value taken as-is from a string or whole-number variable reaches the Dagster resource
    as a dg.EnvVar (the UI names the variable); a normalised value, a number with decimals or
    a flag as the value. Initialised, the resource holds exactly what load_settings read."""
    import dagster as dg

    from fnsp_pipeline.resources import build_resources

    for name in variables_read_by_the_code():
        monkeypatch.delenv(name, raising=False)
    warehouse = tmp_path / "w" / "fnsp.duckdb"
    monkeypatch.setenv("FNSP_CONCURRENCY", "4")
    monkeypatch.setenv("FNSP_SAMPLE_PHRASING", "heldout")
    monkeypatch.setenv("FNSP_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("FNSP_LINKED_PAGES", " ALL")  # normalised: not what the variable says
    monkeypatch.setenv("FNSP_RATE_LIMIT", "5")  # a float: Dagster has no float variables
    monkeypatch.setenv("FNSP_ALLOW_SAMPLE", "1")
    resources = build_resources(load_settings())
    api = resources["fnsp_api"]._get_non_default_public_field_values()
    stored = resources["warehouse"]._get_non_default_public_field_values()
    # dg.EnvVar and dg.EnvVar.int's IntEnvVar (not a subclass) both name their variable
    assert {k: v.env_var_name for k, v in {**api, **stored}.items() if hasattr(v, "env_var_name")} == {
        "concurrency": "FNSP_CONCURRENCY", "sample_phrasing": "FNSP_SAMPLE_PHRASING",
        "path": "FNSP_WAREHOUSE"}
    assert isinstance(api["sample_phrasing"], dg.EnvVar) and api["linked_pages"] == "all"
    assert api["rate_limit"] == 5.0 and stored["allow_sample"] is True
    resolved = resources["fnsp_api"].process_config_and_initialize()
    assert (resolved.concurrency, resolved.sample_phrasing, resolved.linked_pages) == (4, "heldout", "all")
