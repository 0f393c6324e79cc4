"""The FNSP client against the sample served over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import time

import pytest

from fnsp_pipeline.api import mapping
from fnsp_pipeline.api.client import ClientConfig, FnspClient, parse, parse_line, segment
from fnsp_pipeline.api.errors import AuthenticationError, FnspApiError, RetriesExhaustedError
from fnsp_pipeline.api.retry import RetryPolicy
from tests.conftest import serve

FAST_RETRY = RetryPolicy(max_attempts=5, max_total_seconds=30, initial_backoff=0.05,
                         max_backoff=2)


def client_for(base_url, **overrides) -> FnspClient:
    config = dict(base_url=base_url, rate_limit=None, concurrency=4, retry=FAST_RETRY)
    return FnspClient(ClientConfig(**{**config, **overrides}))


def run(coroutine):
    return asyncio.run(coroutine)


async def all_pages(client, endpoint, params=None):
    pages = [page async for page in client.iter_pages(endpoint, params)]
    return [item for page in pages for item in page.items], pages


def test_paging_follows_neste_until_the_last_page(sample_server, small_sample):
    base_url, app = sample_server

    async def crawl():
        async with client_for(base_url, page_size=7) as client:
            return await all_pages(client, "/prosedyrer"), client.stats

    (items, pages), stats = run(crawl())
    expected = len(small_sample.procedures)
    assert len(items) == expected == pages[-1].total
    assert sorted(item["id"] for item in items) == sorted(p["id"] for p in small_sample.procedures)
    assert stats.requests == len(pages) == -(-expected // 7)


def test_429_is_retried_after_the_servers_retry_after(sample_server):
    base_url, app = sample_server
    app.state.faults.fail_next(2, status=429, retry_after=1)

    async def fetch():
        async with client_for(base_url) as client:
            started = time.monotonic()
            response = await client.get_json("/nettsteder")
            return response, client.stats, time.monotonic() - started

    response, stats, elapsed = run(fetch())
    assert response.data["data"]
    assert stats.retries == 2 and stats.statuses[429] == 2
    assert elapsed >= 2.0  # waited Retry-After (1 s) twice, not the 0.05 s backoff


def test_a_burst_of_503s_is_ridden_out_and_an_endless_one_gives_up_clearly(sample_server):
    base_url, app = sample_server
    app.state.faults.fail_next(3, status=503)

    async def fetch(**overrides):
        async with client_for(base_url, **overrides) as client:
            return await client.get_json("/arrangementer"), client.stats

    response, stats = run(fetch())
    assert response.data["totalt"] > 0 and stats.retries == 3

    app.state.faults.fail_next(50, status=503)
    with pytest.raises(RetriesExhaustedError, match=r"/arrangementer: 503") as raised:
        run(fetch(retry=RetryPolicy(max_attempts=3, initial_backoff=0.01, max_backoff=0.05)))
    assert "gave up after" in str(raised.value)


def test_a_timeout_is_retried(sample_server):
    base_url, app = sample_server
    app.state.faults.delay_next(1, 3.0)

    async def fetch():
        async with client_for(base_url, timeout_seconds=0.5) as client:
            return await client.get_json("/nettsteder"), client.stats

    response, stats = run(fetch())
    assert response.data["data"] and stats.statuses["timeout"] == 1 and stats.retries == 1


def test_etag_gives_304_for_lists_and_exports(sample_server):
    base_url, app = sample_server

    async def twice():
        async with client_for(base_url) as client:
            first = await client.get_json("/nettsteder")
            second = await client.get_json("/nettsteder", etag=first.etag)
            async with client.export("tilbud") as stream:
                lines = [line async for line in stream.lines()]
                etag = stream.etag
            async with client.export("tilbud", etag=etag) as stream:
                unchanged = stream.not_modified
                again = [line async for line in stream.lines()]
            return first, second, lines, unchanged, again, client.stats

    first, second, lines, unchanged, again, stats = run(twice())
    assert first.etag and second.not_modified and second.data is None
    assert lines and unchanged and again == []
    assert stats.not_modified == 2 and stats.statuses[304] == 2


def test_export_is_streamed_gzip_and_every_line_validates(sample_server, small_sample):
    base_url, app = sample_server

    async def export():
        async with client_for(base_url) as client:
            async with client.export("tilbud") as stream:
                parsed = [parse_line(mapping.Offering, line, stream.path, n)
                          async for n, line in _numbered(stream.lines())]
                return parsed, stream.bytes_so_far

    parsed, wire_bytes = run(export())
    assert len(parsed) == len(small_sample.offerings)
    assert all(p.error is None for p in parsed)
    decoded = sum(len(p.text.encode()) for p in parsed)
    assert wire_bytes < decoded / 3  # arrived compressed


async def _numbered(lines):
    number = 0
    async for line in lines:
        number += 1
        yield number, line


def test_401_says_the_key_is_missing_or_wrong_without_printing_it(small_sample):
    key = "test-key-7f3a-do-not-print"
    with serve(small_sample, api_key=key) as (base_url, app):
        async def fetch(api_key):
            async with client_for(base_url, api_key=api_key) as client:
                return await client.get_json("/nettsteder")

        for sent in (None, "wrong-key-5e1b"):
            with pytest.raises(AuthenticationError) as raised:
                run(fetch(sent))
            message = str(raised.value)
            assert "401" in message and "missing or wrong" in message
            assert key not in message and "wrong-key-5e1b" not in message
        assert run(fetch(key)).data["data"]


def test_404_means_the_foretak_does_not_offer_the_procedure(sample_server, small_sample):
    base_url, app = sample_server
    offered = {(o["prosedyre"], o["foretak"]["orgnr"]) for o in small_sample.offerings}
    adopted = [(p["id"], f["orgnr"]) for p in small_sample.procedures for f in p["foretak"]]
    not_offered = next(pair for pair in adopted if pair not in offered)
    offered_pair = next(iter(sorted(offered)))

    async def fetch():
        async with client_for(base_url) as client:
            return await client.offering(*not_offered), await client.offering(*offered_pair)

    missing, found = run(fetch())
    assert missing is None
    assert found.parsed.item.procedure_id == offered_pair[0] and found.parsed.error is None
    assert found.etag and not found.not_modified


def test_ids_that_need_url_encoding_round_trip(sample_server, small_sample):
    base_url, app = sample_server
    awkward = [p for p in small_sample.procedures
               if any(ch in p["id"] for ch in " /+") or not p["id"].isascii()]
    assert awkward, "the sample must carry ids that need URL encoding"

    async def fetch():
        async with client_for(base_url) as client:
            return [await client.procedure(p["id"]) for p in awkward]

    fetched = run(fetch())
    assert [f.item.id for f in fetched] == [p["id"] for p in awkward]


def test_ids_cannot_change_the_path(sample_server):
    base_url, app = sample_server
    assert segment("..") == "%2E%2E" and segment("a b/../c") == "a%20b%2F..%2Fc"

    async def fetch():
        async with client_for(base_url) as client:
            return [await client.offering(hostile, "123456789") for hostile in ("..", "../x", "a b")]

    assert run(fetch()) == [None, None, None]  # 404 for each: no other resource was reached
    paths = set(app.state.stats.requests)
    assert {"/prosedyrer/%2E%2E/123456789/", "/prosedyrer/..%2Fx/123456789/",
            "/prosedyrer/a%20b/123456789/"} <= paths, paths


def test_a_malformed_item_is_named_and_its_neighbours_are_kept(sample_server, small_sample):
    base_url, app = sample_server
    victim = sorted(p["id"] for p in small_sample.procedures)[3]
    app.state.faults.corrupt("prosedyrer", victim, "wrong_type")

    async def crawl():
        async with client_for(base_url) as client:
            items, _ = await all_pages(client, "/prosedyrer")
            return [parse(mapping.Procedure, raw, "/prosedyrer") for raw in items]

    parsed = run(crawl())
    bad = [p for p in parsed if p.error]
    assert len(bad) == 1 and len(parsed) == len(small_sample.procedures)
    error = bad[0].error
    assert error.endpoint == "/prosedyrer" and error.item_id == victim and error.field
    assert f"item {victim}" in str(error) and f"field '{error.field}'" in str(error)


def test_a_broken_export_line_is_reported_with_its_line_number(sample_server, small_sample):
    base_url, app = sample_server
    victim = small_sample.websites[2]["id"]
    app.state.faults.corrupt("nettsteder", victim, "broken_json")

    async def export():
        async with client_for(base_url) as client:
            async with client.export("nettsteder") as stream:
                return [parse_line(mapping.Website, line, stream.path, n)
                        async for n, line in _numbered(stream.lines())]

    parsed = run(export())
    bad = [p for p in parsed if p.error]
    assert len(bad) == 1 and len(parsed) == len(small_sample.websites)
    assert "not valid JSON" in str(bad[0].error) and "/eksport/nettsteder" in str(bad[0].error)


def test_the_rate_limit_paces_concurrent_requests(sample_server):
    base_url, app = sample_server

    async def burst():
        async with client_for(base_url, rate_limit=20, concurrency=8) as client:
            started = time.monotonic()
            await asyncio.gather(*(client.get_json("/nettsteder", {"antall": 1})
                                   for _ in range(21)))
            return time.monotonic() - started

    assert run(burst()) >= 0.95  # 21 requests at 20/s: the 21st waits a full second


def test_neste_may_not_lead_to_another_host():
    client = client_for("https://api.example.test/v1")
    assert client._relative("/v1/prosedyrer?side=2", "/prosedyrer") == "/prosedyrer?side=2"
    assert client._relative("/prosedyrer?side=2", "/prosedyrer") == "/prosedyrer?side=2"
    with pytest.raises(FnspApiError, match="another host"):
        client._relative("https://evil.example.test/prosedyrer?side=2", "/prosedyrer")


def test_studies_can_be_filtered_by_snomed_code(sample_server, small_sample):
    base_url, app = sample_server
    code = next(s["snomed"][0]["kode"] for s in small_sample.studies if s["snomed"])
    expected = {s["id"] for s in small_sample.studies
                if any(c["kode"] == code for c in s["snomed"])}

    async def search():
        async with client_for(base_url) as client:
            return await client.studies_with_snomed(code)

    found = run(search())
    assert {p.item.id for p in found} == expected and all(p.error is None for p in found)


def test_an_error_says_what_the_api_said_about_which_request(small_sample):
    with serve(small_sample, api_key="problem-key-7d1e") as (base_url, _):
        async def ask(path, params):
            async with client_for(base_url, api_key="problem-key-7d1e") as client:
                with pytest.raises(FnspApiError) as caught:
                    await client.get_json(path, params)
                return caught.value

        refused = run(ask("/sider", {"antall": 500}))
        unknown = run(ask("/prosedyrer", {"type": "behandling"}))
    message = str(refused)
    assert refused.status == 400
    # the request with its parameters, the status, and the problem's title and detail
    assert message.startswith("GET /sider?antall=500: 400 Bad Request: Mangler parameter")
    assert "krever behandlingsid og orgnr" in message
    assert "kjenner ikke type" in str(unknown) and "GET /prosedyrer?type=behandling" in str(unknown)
    assert "problem-key-7d1e" not in message + str(unknown)


def test_the_page_search_names_the_offering_it_looked_up(sample_server, small_sample):
    base_url, app = sample_server
    offering = next(o for o in small_sample.offerings if o["side"])
    pid, orgnr = offering["prosedyre"], offering["foretak"]["orgnr"]

    async def search():
        async with client_for(base_url) as client:
            return await client.search_pages(pid, orgnr), await client.search_pages(pid, "999999999")

    found, not_offered = run(search())
    assert not_offered is None  # 404: the foretak does not offer it
    assert found.total == len(found.pages) == 1 + len(small_sample.linked_pages[(pid, orgnr)])
    assert found.endpoint.startswith("GET /sider?behandlingsid=") and f"orgnr={orgnr}" in found.endpoint
    assert all(p.error is None and isinstance(p.item, mapping.Page) for p in found.pages)
