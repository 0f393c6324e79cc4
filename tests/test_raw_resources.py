"""One declaration per raw resource (ingest/raw_resources.py): what it declares is what the
loaders, the landing writer and the Dagster assets do."""

from __future__ import annotations

import dataclasses
import datetime as dt

import dagster as dg
import duckdb
import pytest

from fnsp_pipeline.api import mapping
from fnsp_pipeline.api.client import parse
from fnsp_pipeline.ingest import raw_resources as r
from fnsp_pipeline.ingest.landing import RawTableWriter
from fnsp_pipeline.ingest.loaders import ResourceLoader
from fnsp_pipeline.sample import load_sample

NAMES = {resource.name for resource in r.ALL_RESOURCES}


@pytest.mark.parametrize("resource", r.ALL_RESOURCES, ids=lambda x: x.name)
def test_each_declared_strategy_dependency_and_cascade_exists(resource):
    if resource.loads_by is None:
        assert callable(getattr(ResourceLoader, f"crawl_{resource.crawl}"))
        assert callable(getattr(ResourceLoader, f"incremental_{resource.incremental}"))
        assert set(resource.write_disposition) == {"export", "crawl", "incremental"}
    assert set(resource.depends_on) <= NAMES - {resource.name}
    for table, column in resource.cascades.items():
        assert table in NAMES and column in r.resource_named(table).key_columns


def test_the_raw_assets_depend_on_what_the_declarations_name():
    from fnsp_pipeline.ingest.assets import raw_assets, raw_asset_key

    deps = {}
    for asset in raw_assets:
        for key, spec in ((s.key, s) for s in asset.specs):
            deps[key] = {d.asset_key for d in spec.deps}
    for resource in r.ALL_RESOURCES:
        assert deps[raw_asset_key(resource)] == {dg.AssetKey(["fnsp", n]) for n in resource.depends_on}
    assert r.OFFERINGS.depends_on == ("procedures",) and r.PAGES.depends_on == ("offerings",)


def test_an_undeclared_mode_is_a_clear_error():
    with pytest.raises(ValueError, match=r"raw\.pages: no write disposition declared for a 'crawl' load"):
        r.PAGES.disposition("crawl")
    with pytest.raises(AssertionError):
        dataclasses.replace(r.WEBSITES, write_disposition={"crawl": "append"})


def _load(con, resource, items, mode, load_id, delete_ids=frozenset()):
    writer = RawTableWriter(con, resource, load_id, dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc))
    for item in items:
        writer.add(parse(mapping.Website, item, resource.endpoint), resource.endpoint)
    writer.commit(mode, delete_ids)
    return {row[0] for row in con.execute(f"select id from raw.{resource.name}").fetchall()}


def test_the_writer_replaces_or_merges_as_the_mode_is_declared(tmp_path):
    websites = load_sample(scale=0.05).websites[:4]
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema raw")
    everything = {w["id"] for w in websites}
    assert _load(con, r.WEBSITES, websites, "export", "l1") == everything
    # merge: rows fetched again are replaced, named deletions go, the rest is kept
    kept = _load(con, r.WEBSITES, websites[:1], "incremental", "l2", {websites[3]["id"]})
    assert kept == everything - {websites[3]["id"]}
    # replace: the load is the table
    assert _load(con, r.WEBSITES, websites[:2], "crawl", "l3") == {w["id"] for w in websites[:2]}
    with pytest.raises(AssertionError, match="deletes by leaving out"):
        _load(con, r.WEBSITES, websites[:1], "crawl", "l4", {websites[0]["id"]})
