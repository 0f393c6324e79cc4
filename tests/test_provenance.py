"""The warehouse says what it holds (`meta`), and the sample never silently replaces live data."""

from __future__ import annotations

import duckdb
import pytest

from conftest import TEST_SCALE, failure_texts, ingest_and_publish
from fnsp_pipeline.warehouse.build import WarehouseFiles
from fnsp_pipeline.warehouse.versions import describe_versions
from fnsp_pipeline.warehouse.provenance import (
    SampleWouldReplaceLive, Source, check_may_replace, read_meta, write_meta)


def test_public_url_drops_what_could_hold_a_key():
    assert Source.of("https://u:secret@api.example.no:8443/fnsp/v1?key=secret#x").base_url == \
        "https://api.example.no:8443/fnsp/v1"
    assert Source.of(None).kind == "sample"


def _published_from(path, base_url):
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        write_meta(con, {"source": "live" if base_url else "sample", "base_url": base_url})
        con.execute("create or replace table analysts_data as select 42 as answer")


def test_the_sample_may_replace_only_the_sample(tmp_path):
    published = tmp_path / "fnsp.duckdb"
    sample = Source.of(None)
    assert "first refresh" in check_may_replace(published, sample, allow_sample=False)
    _published_from(published, None)
    assert "as last time" in check_may_replace(published, sample, allow_sample=False)
    _published_from(published, "https://api.example.no")
    with pytest.raises(SampleWouldReplaceLive, match="FNSP_ALLOW_SAMPLE=1"):
        check_may_replace(published, sample, allow_sample=False)
    assert "FNSP_ALLOW_SAMPLE=1" in check_may_replace(published, sample, allow_sample=True)
    assert check_may_replace(published, Source.of("https://other.example.no"), False)
    published.unlink()
    duckdb.connect(str(published)).close()  # published before `meta`: source unknown
    with pytest.raises(SampleWouldReplaceLive, match="unknown"):
        check_may_replace(published, sample, allow_sample=False)


def test_sample_and_live_data_never_mix_in_a_build(tmp_path):
    files = WarehouseFiles(tmp_path / "fnsp.duckdb")
    _published_from(files.published, "https://api.example.no")
    live = Source.of("https://api.example.no")
    files.start_build("run-1", live)
    with duckdb.connect(str(files.build)) as con:
        assert con.execute("select answer from analysts_data").fetchone() == (42,)
    assert files.start_build("run-2", live).resumed  # the unfinished build of that source
    refresh = files.start_build("run-3", Source.of(None))
    assert not refresh.resumed and not files.build.exists()  # the sample starts empty
    # the live API at a new address: still live data, and the drop checks need it as baseline
    files.start_build("run-4", Source.of("https://new-host.example.no/fnsp"))
    with duckdb.connect(str(files.build)) as con:
        assert con.execute("select answer from analysts_data").fetchone() == (42,)


def test_a_sample_refresh_records_meta_and_leaves_live_data_alone(warehouse_env, monkeypatch):
    monkeypatch.setenv("FNSP_SAMPLE_SCALE", str(TEST_SCALE))
    monkeypatch.delenv("FNSP_ALLOW_SAMPLE", raising=False)
    result = ingest_and_publish()
    assert result.success, failure_texts(result)
    meta = read_meta(warehouse_env)
    assert (meta["source"], meta["synthetic"], meta["base_url"], meta["mode"]) == \
        ("sample", True, None, "export")
    assert meta["refresh_id"] == meta["run_id"] == result.run_id
    assert meta["sample_scale"] == TEST_SCALE and meta["sample_seed"] == 2026

    with duckdb.connect(str(warehouse_env)) as con:  # as if the live API had published it
        con.execute("update main.meta set source = 'live', synthetic = false, "
                    "base_url = 'https://api.example.no'")
    before = warehouse_env.read_bytes()
    refused = ingest_and_publish()
    assert not refused.success
    assert any("FNSP_ALLOW_SAMPLE=1" in text and "https://api.example.no" in text
               for text in failure_texts(refused)), failure_texts(refused)
    assert warehouse_env.read_bytes() == before

    monkeypatch.setenv("FNSP_ALLOW_SAMPLE", "1")
    allowed = ingest_and_publish()
    assert allowed.success, failure_texts(allowed)
    assert read_meta(warehouse_env)["source"] == "sample"
    kept = WarehouseFiles(warehouse_env).history()
    assert kept and read_meta(kept[0])["base_url"] == "https://api.example.no"
    current, *older = [line for line in describe_versions().splitlines()[1:]]
    assert current.startswith("current") and "synthetic sample" in current
    assert "from https://api.example.no" in older[0]
