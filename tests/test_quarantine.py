"""A bad record or an empty resource never costs the analysts their warehouse: malformed
items of every resource are rejected, their dependants held back by one rule
(fnsp_pipeline/ingest/quarantine.py), and the rest is published with every blocking dbt
test green. Against the strict sample over loopback HTTP, in export and crawl mode."""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb
import pytest

from fnsp_pipeline.refresh import run_refresh
from fnsp_pipeline.sample import generate
from fnsp_pipeline.warehouse.versions import describe_versions
from tests.conftest import AS_OF, TEST_SCALE, failure_texts, ingest_and_publish, serve
from tests.test_reliability import report


@pytest.fixture(scope="module")
def dataset():
    return generate(scale=TEST_SCALE, as_of=AS_OF)


def offered(dataset, procedure_id: str) -> set[str]:
    return {f"{o['prosedyre']}/{o['foretak']['orgnr']}" for o in dataset.offerings
            if o["prosedyre"] == procedure_id}


def victims(dataset) -> dict:
    """One malformed item of every resource; two procedures (one without an id), each
    with offerings, and an offering of a third procedure."""
    with_offerings = [p["id"] for p in dataset.procedures if offered(dataset, p["id"])]
    offering = next(o for o in dataset.offerings if o["prosedyre"] == with_offerings[2])
    return {
        "wrong_type_procedure": with_offerings[0],
        "procedure_without_id": with_offerings[1],
        "offering": f"{offering['prosedyre']}/{offering['foretak']['orgnr']}",
        "study": dataset.studies[3]["id"],
        "event": dataset.events[3]["id"],
        "website": dataset.websites[3]["id"],
    }


def corrupt_one_of_each(app, v: dict) -> None:
    faults = app.state.faults
    faults.corrupt("prosedyrer", v["wrong_type_procedure"], "wrong_type")
    faults.corrupt("prosedyrer", v["procedure_without_id"], "missing_id")
    faults.corrupt("tilbud", v["offering"], "wrong_type")
    faults.corrupt("kliniske-studier", v["study"], "wrong_type")
    faults.corrupt("arrangementer", v["event"], "wrong_type")
    faults.corrupt("nettsteder", v["website"], "wrong_type")


@pytest.mark.parametrize("mode", ["export", "crawl"])
def test_malformed_items_of_every_resource_publish_the_good_rows_and_hold_back_dependants(
        warehouse_env, monkeypatch, dataset, mode):
    v = victims(dataset)
    with serve(dataset) as (base_url, app):
        monkeypatch.setenv("FNSP_BASE_URL", base_url)
        monkeypatch.setenv("FNSP_MAX_REJECT_SHARE", "0.05")  # 2 of 60 procedures
        corrupt_one_of_each(app, v)
        outcome = run_refresh(mode)
    assert outcome.published, outcome.summary()  # so every blocking dbt test passed
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        missing = con.execute("select resource, kind, item_id, reason from marts.rejected_items "
                              "order by all").fetchall()
        marts_procedures = {r[0] for r in con.execute(
            "select distinct procedure_id from marts.fct_procedure_offering").fetchall()}
        section_parents = {r[0] for r in con.execute(
            "select distinct procedure_id from marts.fct_local_description_section").fetchall()}
        flagged = con.execute("select offering_id from marts.fct_procedure_offering "
                              "where is_offering_rejected").fetchall()
        kept = {name: con.execute(f"select count(*) from raw.{name}").fetchone()[0]
                for name in ("websites", "procedures", "clinical_studies", "events")}
        dangling_sections = con.execute(
            "select count(*) from marts.fct_local_description_section s anti join "
            "marts.fct_procedure_offering o using (offering_id)").fetchone()[0]
    rejected = [m for m in missing if m[1] == "rejected"]
    held = [m for m in missing if m[1] == "held_back"]
    report(f"one bad item of every resource ({mode})", rejected=len(rejected),
           held_back=len(held), published=outcome.published)
    assert {m[0] for m in rejected} == {"websites", "procedures", "offerings",
                                        "clinical_studies", "events"}
    assert {(m[0], m[2]) for m in rejected} >= {
        ("procedures", v["wrong_type_procedure"]), ("offerings", v["offering"]),
        ("clinical_studies", v["study"]), ("events", v["event"]), ("websites", v["website"])}
    assert kept == {"websites": len(dataset.websites) - 1,
                    "procedures": len(dataset.procedures) - 2,
                    "clinical_studies": len(dataset.studies) - 1,
                    "events": len(dataset.events) - 1}
    bad = {v["wrong_type_procedure"], v["procedure_without_id"]}
    assert not bad & (marts_procedures | section_parents) and dangling_sections == 0
    assert flagged == [(v["offering"],)]
    held_ids = {m[2] for m in held}
    if mode == "export":  # the export carries their offerings: kept in raw._rejects
        assert held_ids == offered(dataset, v["wrong_type_procedure"]) | offered(
            dataset, v["procedure_without_id"])
        assert all(m[3].startswith("parent prosedyrer/") for m in held)
    else:  # a crawl asks per adoption, so a rejected procedure's offerings are never asked for
        assert f"{v['wrong_type_procedure']}/*" in held_ids
    assert "held back" in outcome.summary() and v["offering"] in outcome.summary()


def test_rejects_beyond_the_share_block_and_the_reason_names_the_setting(
        warehouse_env, monkeypatch, dataset):
    with serve(dataset) as (base_url, app):
        monkeypatch.setenv("FNSP_BASE_URL", base_url)
        corrupt_one_of_each(app, victims(dataset))  # 2 of 60 procedures > the default 1%
        result = ingest_and_publish("export")
    assert not result.success and not warehouse_env.exists()
    text = "\n".join(failure_texts(result))
    assert "all_items_valid" in text and "raw.procedures" in text
    assert "raise FNSP_MAX_REJECT_SHARE (now 0.01)" in text


def test_empty_resources_warn_on_a_first_load_and_a_drop_to_zero_needs_accept_drop(
        warehouse_env, monkeypatch, dataset):
    without = dataclasses.replace(dataset, studies=[], events=[])
    with serve(without) as (base_url, _):  # a small real source: no studies, no events
        monkeypatch.setenv("FNSP_BASE_URL", base_url)
        first = run_refresh("export")  # the whole job: dbt, checks and report take empties too
    assert first.published, first.summary()
    assert "warning: fnsp/clinical_studies: no_sudden_drop: raw.clinical_studies is empty" in (
        first.summary())

    with serve(dataset) as (base_url, _):
        monkeypatch.setenv("FNSP_BASE_URL", base_url)
        assert ingest_and_publish("export").success  # studies and events published
    with serve(without) as (base_url, _):
        monkeypatch.setenv("FNSP_BASE_URL", base_url)
        before = warehouse_env.read_bytes()
        blocked = ingest_and_publish("export")
        assert not blocked.success and warehouse_env.read_bytes() == before
        text = "\n".join(failure_texts(blocked))
        assert f"{len(dataset.studies)} rows published before, 0 now" in text
        assert "fnsp refresh --accept-drop clinical_studies" in text
        accepted = ingest_and_publish("export", accept_drop=("clinical_studies", "events"))
    assert accepted.success
    history = describe_versions()
    report("drop to zero", blocked=not blocked.success, accepted_with_flag=accepted.success)
    current = next(line for line in history.splitlines() if line.startswith("current"))
    assert "accepted drop: clinical_studies, events" in current
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        assert con.execute("select count(*) from raw.clinical_studies").fetchone()[0] == 0


def test_accept_drop_names_a_resource(warehouse_env):
    with pytest.raises(ValueError, match="unknown resource 'studies'; one of: websites"):
        run_refresh("export", accept_drop=["studies"])


def test_an_incremental_refresh_that_meets_a_malformed_changed_procedure_agrees_with_a_full_one(
        warehouse_env, monkeypatch):
    dataset = generate(scale=TEST_SCALE, as_of=AS_OF)  # edited below: not the shared one
    victim = next(p for p in dataset.procedures if offered(dataset, p["id"]))
    with serve(dataset) as (base_url, app):
        monkeypatch.setenv("FNSP_BASE_URL", base_url)
        monkeypatch.setenv("FNSP_MAX_REJECT_SHARE", "0.05")
        assert ingest_and_publish("export").success
        victim["sistEndret"] = (AS_OF + dt.timedelta(hours=12)).isoformat()  # edited today,
        dataset.version += 1
        app.state.faults.corrupt("prosedyrer", victim["id"], "wrong_type")  # and now broken
        outcome = run_refresh("incremental")
    assert outcome.published, outcome.summary()
    assert outcome.assets["fnsp/procedures"]["mode"] == "incremental"
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        stored = con.execute("select count(*) from raw.procedures where id = ?",
                             [victim["id"]]).fetchone()[0]
        held = {r[0] for r in con.execute("select item_id from marts.rejected_items where "
                                          "kind = 'held_back'").fetchall()}
        in_marts = con.execute("select count(*) from marts.fct_procedure_offering where "
                               "procedure_id = ?", [victim["id"]]).fetchone()[0]
    # as a full refresh would: yesterday's version is not kept under tonight's broken one
    assert stored == 0 and in_marts == 0
    assert held == offered(dataset, victim["id"])


def test_held_back_offerings_come_back_the_night_their_procedure_is_fixed(warehouse_env,
                                                                          monkeypatch):
    dataset = generate(scale=TEST_SCALE, as_of=AS_OF)
    victim = next(p["id"] for p in dataset.procedures if offered(dataset, p["id"]))
    with serve(dataset) as (base_url, app):
        monkeypatch.setenv("FNSP_BASE_URL", base_url)
        monkeypatch.setenv("FNSP_MAX_REJECT_SHARE", "0.05")
        app.state.faults.corrupt("prosedyrer", victim, "wrong_type")
        broken = ingest_and_publish("export")
        app.state.faults.clear()  # fixed at the source; the tilbud export itself is unchanged
        fixed = ingest_and_publish("export")
    assert broken.success and fixed.success
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        back = {r[0] for r in con.execute("select id from raw.offerings where procedure_id = ?",
                                          [victim]).fetchall()}
        left = con.execute("select count(*) from raw._rejects").fetchone()[0]
    assert back == offered(dataset, victim) and left == 0
