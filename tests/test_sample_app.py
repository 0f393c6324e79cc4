"""The sample FNSP API over a real loopback HTTP server (httpx, not TestClient)."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import json
import math
import time
from urllib.parse import quote
from zoneinfo import ZoneInfo

import httpx
import pytest

from fnsp_pipeline.api.mapping import (
    ClinicalStudy, Event, InvalidItem, Offering, Procedure, ProcedureDetail, Website,
    parse_envelope, parse_item, unknown_fields,
)
from fnsp_pipeline.sample.app import ServerOptions, create_app, load_sample, sample_transport
from fnsp_pipeline.sample.generator import generate, touch
from fnsp_pipeline.sample.server import running_sample_server

AS_OF = dt.datetime(2026, 11, 2, tzinfo=ZoneInfo("Europe/Oslo"))
SCALE = 0.05
LISTS = {"/nettsteder": Website, "/prosedyrer": Procedure, "/kliniske-studier": ClinicalStudy,
         "/arrangementer": Event}
EXPORTS = {"nettsteder": (Website, "nettsteder"), "prosedyrer": (ProcedureDetail, "prosedyrer"),
           "tilbud": (Offering, "tilbud"), "kliniske-studier": (ClinicalStudy, "kliniske-studier"),
           "arrangementer": (Event, "arrangementer")}
SPECIAL_IDS = ["røntgen-av-kne", "ct thorax/abdomen med kontrast", "hjerte+lunge-rehabilitering"]


@pytest.fixture(scope="module")
def dataset():
    return load_sample(scale=SCALE, as_of=AS_OF)


@pytest.fixture(scope="module")
def shared(dataset):
    """One server for the read-only tests of this module."""
    app = create_app(dataset)
    with running_sample_server(app) as base_url:
        with httpx.Client(base_url=base_url, timeout=10) as client:
            yield client, app


@pytest.fixture
def fresh(dataset):
    """A server of its own, for tests that inject faults or count requests."""
    app = create_app(dataset)
    with running_sample_server(app) as base_url:
        with httpx.Client(base_url=base_url, timeout=10) as client:
            yield client, app


def crawl(client: httpx.Client, path: str, **params) -> tuple[list[dict], list[dict]]:
    items, envelopes = [], []
    response = client.get(path, params=params)
    while True:
        assert response.status_code == 200, response.text
        envelope = response.json()
        parse_envelope(envelope, path)
        envelopes.append(envelope)
        items += envelope["data"]
        if envelope["neste"] is None:
            return items, envelopes
        response = client.get(envelope["neste"])


def path_of(pid: str, orgnr: str | None = None, slash: bool = True) -> str:
    path = "/prosedyrer/" + quote(pid, safe="")
    return path + (f"/{orgnr}" + ("/" if slash else "") if orgnr else "")


def test_lists_page_follow_neste_and_validate(shared, dataset):
    client, _ = shared
    expected = {"/nettsteder": len(dataset.websites), "/prosedyrer": len(dataset.procedures),
                "/kliniske-studier": len(dataset.studies), "/arrangementer": len(dataset.events)}
    for path, model in LISTS.items():
        items, envelopes = crawl(client, path, antall=37)
        assert len(items) == expected[path] == envelopes[0]["totalt"]
        assert [e["side"] for e in envelopes] == list(range(1, len(envelopes) + 1))
        assert len(envelopes) == math.ceil(expected[path] / 37)
        assert all(e["antall"] == 37 for e in envelopes)
        for item in items:
            parse_item(model, item, path)
        assert len({item["id"] for item in items}) == len(items)
    procedures, _ = crawl(client, "/prosedyrer", antall=500)
    assert all("foretak" not in p for p in procedures)
    default = client.get("/prosedyrer").json()
    assert default["antall"] == 100 and default["side"] == 1
    assert len(default["data"]) == min(100, len(dataset.procedures))


def test_neste_keeps_other_parameters_encoded(shared, dataset):
    client, _ = shared
    since = "2025-01-01T00:00:00+01:00"
    first = client.get("/prosedyrer", params={"endretEtter": since, "antall": 5}).json()
    assert first["neste"] == "/prosedyrer?endretEtter=2025-01-01T00%3A00%3A00%2B01%3A00&side=2&antall=5"
    second = client.get(first["neste"]).json()
    assert second["side"] == 2 and second["totalt"] == first["totalt"]
    assert all(dt.datetime.fromisoformat(p["sistEndret"]) > dt.datetime.fromisoformat(since)
               for p in second["data"])


def test_paging_parameters_are_checked(shared):
    client, _ = shared
    for params in ({"antall": 0}, {"antall": 501}, {"side": 0}, {"side": "to"}, {"antall": "x"}):
        response = client.get("/arrangementer", params=params)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/problem+json")
        assert set(response.json()) == {"type", "title", "status", "detail"}
    beyond = client.get("/nettsteder", params={"side": 99}).json()
    assert beyond["data"] == [] and beyond["neste"] is None and beyond["totalt"] > 0


def test_endret_etter_filters_strictly_later(shared, dataset):
    client, _ = shared
    stamps = sorted(dt.datetime.fromisoformat(p["sistEndret"]) for p in dataset.procedures)
    cutoff = stamps[len(stamps) // 2]
    expected = sum(1 for s in stamps if s > cutoff)
    items, _ = crawl(client, "/prosedyrer", endretEtter=cutoff.isoformat(), antall=500)
    assert len(items) == expected
    as_utc = cutoff.astimezone(dt.timezone.utc).isoformat()
    assert client.get("/prosedyrer", params={"endretEtter": as_utc}).json()["totalt"] == expected
    for bad in ("i går", "2026-13-01T00:00:00+01:00", "2026-11-02T09:14:00"):
        assert client.get("/prosedyrer", params={"endretEtter": bad}).status_code == 400
    # an unencoded '+' arrives as a space: the classic client bug is answered 400, not ignored
    assert client.get("/prosedyrer?endretEtter=2026-11-02T09:14:00+01:00").status_code == 400


def test_every_detail_and_offering_over_http(shared, dataset):
    client, app = shared
    not_found = 0
    for proc in dataset.procedures:
        detail = client.get(path_of(proc["id"]))
        assert detail.status_code == 200
        parse_item(ProcedureDetail, detail.json(), "/prosedyrer/{id}")
        for foretak in detail.json()["foretak"]:
            response = client.get(path_of(proc["id"], foretak["orgnr"]))
            if response.status_code == 404:
                not_found += 1
                assert response.headers["content-type"].startswith("application/problem+json")
                continue
            offering = parse_item(Offering, response.json(), "/prosedyrer/{id}/{orgnr}/")
            assert offering.procedure_id == proc["id"] and offering.foretak.orgnr == foretak["orgnr"]
    assert not_found == dataset.truth["counts"]["not_found_adoptions"] > 0
    offering = dataset.offerings[0]
    key = (offering["prosedyre"], offering["foretak"]["orgnr"])
    assert client.get(path_of(*key)).status_code == 200
    # the contract's path ends in a slash; without it is another, unknown, endpoint
    assert client.get(path_of(*key, slash=False)).status_code == 404
    assert client.get(path_of(offering["prosedyre"]) + "/").status_code == 404
    assert client.get(path_of(offering["prosedyre"], "999999999")).status_code == 404


def test_encoded_ids_round_trip(shared, dataset):
    client, _ = shared
    for pid in SPECIAL_IDS:
        detail = client.get(path_of(pid))
        assert detail.status_code == 200 and detail.json()["id"] == pid
        orgnr = detail.json()["foretak"][0]["orgnr"]
        response = client.get(path_of(pid, orgnr))
        if response.status_code == 200:
            assert response.json()["prosedyre"] == pid
            pages = client.get("/sider", params={"behandlingsid": pid, "orgnr": orgnr}).json()["data"]
            assert pages and pages[0]["id"] == response.json()["side"]["id"]
    assert client.get("/prosedyrer/ct%20thorax").status_code == 404  # '/' inside the id is not a separator
    assert client.get("/prosedyrer/%2E%2E").status_code == 404
    assert client.get("/prosedyrer/%2E%2E/%2E%2E/nettsteder").status_code == 404


def test_page_search_is_per_offering_and_items_carry_only_contract_fields(shared, dataset):
    client, _ = shared
    offering = next(o for o in dataset.offerings if o["side"])
    params = {"behandlingsid": offering["prosedyre"], "orgnr": offering["foretak"]["orgnr"]}
    found = client.get("/sider", params=params).json()
    assert [p["type"] for p in found["data"]] == ["behandlingsside", "stedside", "avdelingsside"]
    assert found["data"][0] == offering["side"] and found["totalt"] == 3
    page_fields = {"id", "type", "url", "sprak", "sistEndret", "godkjent", "innhold", "kontakt",
                   "oppmotested"}
    assert all(set(p) <= page_fields for p in found["data"])  # names neither procedure nor foretak
    null_side = next(o for o in dataset.offerings if o["side"] is None)
    empty = client.get("/sider", params={"behandlingsid": null_side["prosedyre"],
                                         "orgnr": null_side["foretak"]["orgnr"]}).json()
    assert empty["totalt"] == 0 and empty["data"] == []
    offered = {(o["prosedyre"], o["foretak"]["orgnr"]) for o in dataset.offerings}
    pid, orgnr = next((p["id"], f["orgnr"]) for p in dataset.procedures for f in p["foretak"]
                      if (p["id"], f["orgnr"]) not in offered)
    assert client.get("/sider", params={"behandlingsid": pid, "orgnr": orgnr}).status_code == 404


def test_the_server_is_as_strict_as_the_contract(shared):
    """What the contract does not document is refused, with a problem saying what is wrong."""
    client, _ = shared
    refused = {
        "/sider": {},  # the search needs both behandlingsid and orgnr
        "/sider?antall=500": {},
        "/sider?behandlingsid=mr-av-hode": {},
        "/sider?orgnr=983974910": {},
        "/sider?behandlingsid=x&orgnr=983974910&type=stedside": {},
        "/sider?behandlingsid=x&orgnr=983974910&endretEtter=2026-01-01T00%3A00%3A00%2B01%3A00": {},
        "/prosedyrer?type=behandling": {},
        "/prosedyrer/mr-av-hode?antall=5": {},
        "/eksport/tilbud?endretEtter=2026-01-01T00%3A00%3A00%2B01%3A00": {},
        "/nettsteder?page=2": {},
    }
    for path in refused:
        response = client.get(path)
        assert response.status_code == 400, path
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert set(problem) == {"type", "title", "status", "detail"} and problem["detail"], path
    assert "behandlingsid og orgnr" in client.get("/sider").json()["detail"]
    assert "type" in client.get("/prosedyrer?type=behandling").json()["detail"]
    for path in ("/", "/foretak", "/sider/x", "/eksport", "/prosedyrer/x/983974910/extra/"):
        assert client.get(path).status_code == 404, path


def test_studies_snomed_filter_joins_procedures(shared, dataset):
    client, _ = shared
    proc_codes = {c["kode"] for p in dataset.procedures for c in p["snomed"]}
    code = next(c["kode"] for s in dataset.studies for c in s["snomed"] if c["kode"] in proc_codes)
    items, _ = crawl(client, "/kliniske-studier", snomed=code)
    assert items and all(any(c["kode"] == code for c in s["snomed"]) for s in items)
    assert len(items) == sum(1 for s in dataset.studies if any(c["kode"] == code for c in s["snomed"]))


def test_etag_and_not_modified(fresh):
    client, app = fresh
    for path in ("/nettsteder", path_of("røntgen-av-kne"), "/eksport/nettsteder"):
        first = client.get(path)
        etag = first.headers["etag"]
        assert first.status_code == 200 and etag.startswith('"')
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    assert app.state.stats.not_modified == 3
    assert app.state.stats.route_statuses[("/eksport/{ressurs}", 304)] == 1


def test_etags_change_when_data_change():
    data = generate(scale=0.02, as_of=AS_OF)
    app = create_app(data)
    with running_sample_server(app) as base_url, httpx.Client(base_url=base_url) as client:
        searches = {f"/sider?behandlingsid={quote(o['prosedyre'], safe='')}&orgnr={o['foretak']['orgnr']}"
                    for o in data.offerings if o["side"]}
        before = {p: client.get(p).headers["etag"]
                  for p in ("/prosedyrer", "/eksport/tilbud", *searches)}
        changed = touch(data, 0.2, seed=3, now=AS_OF + dt.timedelta(hours=1))
        assert changed["prosedyrer"] and changed["sider"]
        for path in ("/prosedyrer", "/eksport/tilbud"):
            response = client.get(path, headers={"If-None-Match": before[path]})
            assert response.status_code == 200 and response.headers["etag"] != before[path]
        moved = {path for path in searches
                 if client.get(path, headers={"If-None-Match": before[path]}).status_code == 200}
        assert len(moved) == len(changed["sider"])  # the searches of the touched pages, no others


def test_export_streams_gzip_ndjson(shared, dataset):
    client, _ = shared
    counts = dataset.truth["counts"]
    for resource, (model, count_key) in EXPORTS.items():
        with client.stream("GET", f"/eksport/{resource}") as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("application/x-ndjson")
            assert response.headers["content-encoding"] == "gzip"
            raw = b"".join(response.iter_raw())
        lines = gzip.decompress(raw).decode("utf-8").splitlines()
        assert len(lines) == counts[count_key]
        for line in lines:
            parse_item(model, json.loads(line), f"/eksport/{resource}")
    plain = client.get("/eksport/nettsteder", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert len(plain.text.splitlines()) == counts["nettsteder"]
    for resource in ("sider", "foretak", ""):
        assert client.get(f"/eksport/{resource}").status_code == 404


def test_api_key_required_when_configured(dataset):
    secret = "hemmelig-nokkel-123"
    app = create_app(dataset, ServerOptions(api_key=secret, api_key_header="X-Api-Key"))
    with running_sample_server(app) as base_url, httpx.Client(base_url=base_url) as client:
        for headers in ({}, {"X-Api-Key": "feil"}, {"Ocp-Apim-Subscription-Key": secret}):
            response = client.get("/nettsteder", headers=headers)
            assert response.status_code == 401
            assert response.headers["content-type"].startswith("application/problem+json")
            assert set(response.json()) == {"type", "title", "status", "detail"}
            assert secret not in response.text
        assert client.get("/nettsteder", headers={"X-Api-Key": secret}).status_code == 200
    assert app.state.stats.statuses == {401: 3, 200: 1}
    app = create_app(dataset, ServerOptions(api_key="abc123"))
    with running_sample_server(app) as base_url, httpx.Client(base_url=base_url) as client:
        assert client.get("/nettsteder", headers={"Ocp-Apim-Subscription-Key": "abc123"}).status_code == 200
        assert client.get("/nettsteder").status_code == 401


def test_unknown_paths_are_404_problems(shared):
    client, _ = shared
    for path in ("/finnes-ikke", "/prosedyrer/finnes-ikke", "/", "/prosedyrer/a/b/c"):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["status"] == 404


def test_injected_failures_and_delays(fresh):
    client, app = fresh
    app.state.faults.fail_next(2, status=503, retry_after=3)
    first, second, third = (client.get("/nettsteder") for _ in range(3))
    assert [first.status_code, second.status_code, third.status_code] == [503, 503, 200]
    assert first.headers["retry-after"] == "3" and first.json()["status"] == 503
    app.state.faults.fail_next(1, status=500, path="/arrangementer")
    assert client.get("/nettsteder").status_code == 200
    assert client.get("/arrangementer").status_code == 500
    app.state.faults.delay_next(1, 1.0)
    with pytest.raises(httpx.ReadTimeout):
        client.get("/nettsteder", timeout=0.3)
    assert client.get("/nettsteder", timeout=5).status_code == 200
    stats = app.state.stats
    assert stats.routes["/nettsteder"] >= 5 and stats.statuses[503] == 2 and stats.statuses[500] == 1


def test_corrupted_items(fresh, dataset):
    client, app = fresh
    faults = app.state.faults
    proc = dataset.procedures[1]["id"]
    faults.corrupt("prosedyrer", proc, "wrong_type")
    with pytest.raises(InvalidItem, match="tittel"):
        parse_item(ProcedureDetail, client.get(path_of(proc)).json(), "/prosedyrer/{id}")
    study = dataset.studies[0]["id"]
    faults.corrupt("kliniske-studier", study, "missing_id")
    items = client.get("/kliniske-studier", params={"antall": 5}).json()["data"]
    with pytest.raises(InvalidItem, match="id"):
        parse_item(ClinicalStudy, items[0], "/kliniske-studier")
    parse_item(ClinicalStudy, items[1], "/kliniske-studier")
    offering = next(o for o in dataset.offerings if o["side"])
    key = f"{offering['prosedyre']}/{offering['foretak']['orgnr']}"
    faults.corrupt("tilbud", key, "extra_field")
    served = client.get(path_of(offering["prosedyre"], offering["foretak"]["orgnr"])).json()
    parse_item(Offering, served, "/prosedyrer/{id}/{orgnr}/")
    assert unknown_fields(Offering, served) == {"nyttFelt"}
    site = dataset.websites[3]["id"]
    faults.corrupt("nettsteder", site, "broken_json")
    lines = client.get("/eksport/nettsteder").text.splitlines()
    broken = []
    for line in lines:
        try:
            json.loads(line)
        except json.JSONDecodeError:
            broken.append(line)
    assert len(broken) == 1 and len(lines) == len(dataset.websites)
    with pytest.raises(ValueError):
        faults.corrupt("nettsteder", site, "explode")
    faults.clear()
    assert client.get(path_of(proc)).json()["tittel"] == dataset.procedures[1]["tittel"]


def test_rate_limit_answers_429_with_retry_after(dataset):
    app = create_app(dataset, ServerOptions(rate_limit=2))
    with running_sample_server(app) as base_url, httpx.Client(base_url=base_url) as client:
        statuses = [client.get("/nettsteder", params={"antall": 1}) for _ in range(4)]
    limited = [r for r in statuses if r.status_code == 429]
    assert statuses[0].status_code == 200 and limited
    assert all(int(r.headers["retry-after"]) >= 1 and r.json()["status"] == 429 for r in limited)


def test_error_rate_is_seeded(dataset):
    def run() -> list[int]:
        app = create_app(dataset, ServerOptions(error_rate=0.4, seed=5))
        with running_sample_server(app) as base_url, httpx.Client(base_url=base_url) as client:
            return [client.get("/nettsteder", params={"antall": 1}).status_code for _ in range(30)]

    first = run()
    assert first == run() and 503 in first and 200 in first


def test_latency(dataset):
    app = create_app(dataset, ServerOptions(latency_ms=150))
    with running_sample_server(app) as base_url, httpx.Client(base_url=base_url) as client:
        started = time.perf_counter()
        assert client.get("/nettsteder", params={"antall": 1}).status_code == 200
        assert time.perf_counter() - started >= 0.15


def test_in_process_transport(dataset):
    async def fetch():
        transport = sample_transport(dataset)
        async with httpx.AsyncClient(transport=transport, base_url="http://sample.fnsp.invalid") as client:
            listing = await client.get("/prosedyrer", params={"antall": 2})
            detail = await client.get(path_of("ct thorax/abdomen med kontrast"))
            export = await client.get("/eksport/arrangementer")
            return listing, detail, export

    listing, detail, export = asyncio.run(fetch())
    assert listing.json()["totalt"] == len(dataset.procedures)
    assert detail.json()["id"] == "ct thorax/abdomen med kontrast"
    assert len(export.text.splitlines()) == len(dataset.events)


def test_load_sample_is_cached():
    assert load_sample(scale=SCALE, as_of=AS_OF) is load_sample(scale=SCALE, as_of=AS_OF)
