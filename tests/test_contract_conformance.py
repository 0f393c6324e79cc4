"""Every request a refresh makes, in every mode and FNSP_LINKED_PAGES setting, is one the
contract documents (checked against fnsp_pipeline/contract/openapi.yaml by openapi-core, with
no undocumented query parameter), every response of the sample is one the contract allows,
and the data landed equal what the API serves, computed here from the sample itself."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import duckdb
import pytest

from fnsp_pipeline.sample import ServerOptions, create_app, generate, running_sample_server, touch
from tests.conftest import AS_OF, failure_texts, ingest_and_publish
from tests.contract_recorder import ContractRecorder

KEY = "conformance-key-5e1f"
# Smaller than TEST_SCALE: every request is checked against the contract on both sides
# (~10 ms each), and a few hundred offerings already take every path of every mode.
SCALE = 0.02
SETTINGS = ("auto", "all", "off")
SEARCH = "/sider"
OFFERING = "/prosedyrer/{id}/{orgnr}/"


def wanted(dataset, setting: str) -> set[tuple[str, str]]:
    """Offerings whose linked pages the setting asks for, read from the sample's own data."""
    if setting == "off":
        return set()
    return {(o["prosedyre"], o["foretak"]["orgnr"]) for o in dataset.offerings
            if o["side"] and (setting == "all" or not o["side"]["kontakt"]
                              or not o["side"]["oppmotested"])}


def expected_pages(dataset, setting: str) -> dict[str, dict]:
    return {f"{pid}/{orgnr}/{page['id']}": page for pid, orgnr in wanted(dataset, setting)
            for page in dataset.search_pages(pid, orgnr)}


def landed(warehouse, table: str) -> dict[str, dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {id_: json.loads(payload) for id_, payload in
                con.execute(f"select id, payload::varchar from raw.{table}").fetchall()}


def assert_landed_equals_the_api(warehouse, dataset, setting: str) -> None:
    offerings = {f"{o['prosedyre']}/{o['foretak']['orgnr']}": o for o in dataset.offerings}
    assert landed(warehouse, "offerings") == offerings
    assert landed(warehouse, "procedures") == {p["id"]: p for p in dataset.procedures}
    assert landed(warehouse, "pages") == expected_pages(dataset, setting)
    assert landed(warehouse, "events") == {e["id"]: e for e in dataset.events}
    assert landed(warehouse, "clinical_studies") == {s["id"]: s for s in dataset.studies}


class Scenario:
    """A sample API behind the contract recorder, and a refresh configured to use it."""

    def __init__(self, monkeypatch, tmp_path, setting: str):
        self.dataset = generate(scale=SCALE, as_of=AS_OF)
        self.app = create_app(self.dataset, ServerOptions(api_key=KEY))
        self.recorder = ContractRecorder(self.app)
        self.monkeypatch, self.tmp_path, self.setting = monkeypatch, tmp_path, setting
        monkeypatch.setenv("FNSP_API_KEY", KEY)
        monkeypatch.setenv("FNSP_LINKED_PAGES", setting)
        monkeypatch.setenv("FNSP_RATE_LIMIT", "2000")  # this tests what is asked, not pacing
        monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))

    def refresh(self, mode: str, warehouse: str) -> Counter:
        """One ingest-and-publish; returns the requests it made per contract operation."""
        path = self.tmp_path / warehouse / "fnsp.duckdb"
        self.monkeypatch.setenv("FNSP_WAREHOUSE", str(path))
        before = len(self.recorder.requests)
        result = ingest_and_publish(mode)
        assert result.success, failure_texts(result)
        assert self.recorder.violations == []
        self.path = path
        return Counter(r.operation for r in self.recorder.requests[before:])


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_mode_asks_only_what_the_contract_documents_and_lands_what_the_api_has(
        setting, monkeypatch, tmp_path):
    scenario = Scenario(monkeypatch, tmp_path, setting)
    dataset = scenario.dataset
    with running_sample_server(scenario.recorder) as base_url:
        monkeypatch.setenv("FNSP_BASE_URL", base_url)
        exported = scenario.refresh("export", "export")
        assert_landed_equals_the_api(scenario.path, dataset, setting)
        assert exported["/eksport/{ressurs}"] == 5 and exported[OFFERING] == 0
        assert exported[SEARCH] == len(wanted(dataset, setting))

        crawled = scenario.refresh("crawl", "crawl")
        assert_landed_equals_the_api(scenario.path, dataset, setting)
        assert crawled["/eksport/{ressurs}"] == 0 and crawled[SEARCH] == len(wanted(dataset, setting))
        assert crawled[OFFERING] == sum(len(p["foretak"]) for p in dataset.procedures)

        changed = touch(dataset, fraction=0.05, seed=7, now=AS_OF + dt.timedelta(hours=20))
        touched = {tuple(key.rsplit("/", 1)) for key in changed["tilbud"]}
        incremental = scenario.refresh("incremental", "crawl")
        assert_landed_equals_the_api(scenario.path, dataset, setting)  # every change picked up
        # linked pages again only where the treatment page moved (and they are wanted)
        assert incremental[SEARCH] == len(touched & wanted(dataset, setting))
        assert incremental[OFFERING] == 0 and incremental["/eksport/{ressurs}"] == 1
        assert sum(incremental.values()) <= 0.10 * sum(crawled.values()), incremental

        # An API without exports: conditional per-offering GETs find what changed.
        scenario.app.state.options.exports = ()
        touch(dataset, fraction=0.05, seed=8, now=AS_OF + dt.timedelta(hours=21))
        before = Counter(scenario.recorder.requests[i].status
                         for i in range(len(scenario.recorder.requests)))
        without_export = scenario.refresh("incremental", "crawl")
        assert_landed_equals_the_api(scenario.path, dataset, setting)
        statuses = Counter(r.status for r in scenario.recorder.requests) - before
    adoptions = sum(len(p["foretak"]) for p in dataset.procedures)
    assert without_export[OFFERING] == adoptions
    assert statuses[304] >= 0.8 * len(dataset.offerings)  # unchanged offerings cost no body
    used = scenario.recorder.operations_used()
    assert used >= {"/nettsteder", "/prosedyrer", "/prosedyrer/{id}", OFFERING,
                    "/kliniske-studier", "/arrangementer", "/eksport/{ressurs}"}
    assert (SEARCH in used) == (setting != "off")
    searches = [dict(r.query) for r in scenario.recorder.requests if r.operation == SEARCH]
    assert all(q.keys() >= {"behandlingsid", "orgnr"} for q in searches)
