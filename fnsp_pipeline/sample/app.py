"""The sample FNSP API: a Starlette app serving a `SampleDataset` with exactly the shapes,
paging, ETags, auth and errors of CONTRACT.md, plus knobs for tests (latency, rate limit,
random 503s, and runtime fault injection on `app.state.faults`).

It is as strict as the contract's OpenAPI document (`fnsp_pipeline.contract`), and where the
contract is silent it does the least generous thing: an endpoint or a query parameter the
document does not give is answered 404 or 400, never guessed at. Requests are matched on the
raw path (ASGI `raw_path`), segment by segment, so an id containing '/', ' ', '+' or 'ø'
sent percent-encoded reaches the handler intact and '..' is just an id that does not exist.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import hmac
import json
import math
import random
import re
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import quote, unquote, urlencode
from zoneinfo import ZoneInfo

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from fnsp_pipeline import contract
from fnsp_pipeline.sample.generator import DEFAULT_SEED, SampleDataset, dumps, generate, touch

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
EXPORT_RESOURCES = ("nettsteder", "prosedyrer", "tilbud", "kliniske-studier", "arrangementer")
EXPORT_CHUNK = 64 * 1024
WRONG_TYPE_FIELD = {"nettsteder": "navn", "prosedyrer": "tittel", "tilbud": "side", "sider": "url",
                    "kliniske-studier": "tittel", "arrangementer": "tittel"}
CORRUPTIONS = ("wrong_type", "missing_id", "broken_json", "extra_field")


@dataclass
class ServerOptions:
    api_key: str | None = None
    api_key_header: str = "Ocp-Apim-Subscription-Key"
    latency_ms: float = 0
    rate_limit: float | None = None  # requests per second
    error_rate: float = 0.0  # share of requests answered 503 (seeded)
    seed: int = DEFAULT_SEED
    allow_mutation: bool = False  # POST /_sample/touch?fraction=0.01 changes items (benchmarks)
    exports: tuple[str, ...] = EXPORT_RESOURCES  # the rest answer 404, as an API without them


class Faults:
    """Runtime fault injection, safe to call from a test thread while the server runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: list[tuple[int, int | None, str | None]] = []
        self._delays: list[tuple[float, str | None]] = []
        self.corruptions: dict[tuple[str, str], str] = {}
        self.version = 0

    def fail_next(self, n: int, status: int = 503, retry_after: int | None = None, path: str | None = None) -> None:
        """Answer the next n requests (whose path starts with `path`, if given) with `status`."""
        with self._lock:
            self._failures += [(status, retry_after, path)] * n

    def delay_next(self, n: int, seconds: float, path: str | None = None) -> None:
        """Hold the next n requests for `seconds` before answering (to provoke client timeouts)."""
        with self._lock:
            self._delays += [(seconds, path)] * n

    def corrupt(self, resource: str, item_id: str, how: str) -> None:
        """Serve one item broken wherever it appears. resource: nettsteder, prosedyrer, tilbud
        (item_id "procedure/orgnr"), sider, kliniske-studier, arrangementer. how: wrong_type,
        missing_id, broken_json, extra_field."""
        if how not in CORRUPTIONS:
            raise ValueError(f"unknown corruption {how!r}; expected one of {CORRUPTIONS}")
        with self._lock:
            self.corruptions[(resource, item_id)] = how
            self.version += 1

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()
            self._delays.clear()
            self.corruptions.clear()
            self.version += 1

    def take_failure(self, path: str) -> tuple[int, int | None] | None:
        return self._take(self._failures, path)

    def take_delay(self, path: str) -> float | None:
        return self._take(self._delays, path)

    def _take(self, queue: list[Any], path: str) -> Any:
        with self._lock:
            for i, entry in enumerate(queue):
                if entry[-1] is None or path.startswith(entry[-1]):
                    queue.pop(i)
                    return entry[0] if len(entry) == 2 else entry[:2]
        return None


class Stats:
    """Requests counted per raw path, per route and per status."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with getattr(self, "_lock", threading.Lock()):
            self.requests: Counter[str] = Counter()
            self.routes: Counter[str] = Counter()
            self.statuses: Counter[int] = Counter()
            self.route_statuses: Counter[tuple[str, int]] = Counter()

    def record(self, path: str, route: str, status: int) -> None:
        with self._lock:
            self.requests[path] += 1
            self.routes[route] += 1
            self.statuses[status] += 1
            self.route_statuses[(route, status)] += 1

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def not_modified(self) -> int:
        return self.statuses[304]


class _TokenBucket:
    def __init__(self, rate: float):
        self.rate = rate
        self.capacity = max(1.0, rate / 10)
        self.tokens = self.capacity
        self.updated = time.monotonic()
        self._lock = threading.Lock()

    def acquire(self) -> int | None:
        """None when allowed, else seconds to wait (Retry-After)."""
        with self._lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens >= 1:
                self.tokens -= 1
                return None
            return max(1, math.ceil((1 - self.tokens) / self.rate))


class ApiError(Exception):
    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None):
        self.status, self.title, self.detail, self.headers = status, title, detail, headers or {}


def problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> Response:
    body = {"type": f"https://sample.fnsp.invalid/problemer/{status}", "title": title, "status": status,
            "detail": detail}
    return Response(json.dumps(body, ensure_ascii=False), status_code=status,
                    media_type="application/problem+json", headers=headers)


@functools.lru_cache(maxsize=200_000)
def _parse_ts(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def _etag(digest: str) -> str:
    return f'"{digest[:40]}"'


# `*` or a list of entity tags (RFC 9110), as the contract's If-None-Match parameter says
IF_NONE_MATCH = re.compile(r'\*|(W/)?"[!#-~]*"( ?, ?(W/)?"[!#-~]*")*')


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


def _accepts_gzip(header: str | None) -> bool:
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip()
            if q.startswith("q="):
                try:
                    return float(q[2:]) > 0
                except ValueError:
                    return False
            return True
    return False


def _item_key(resource: str, item: dict[str, Any]) -> str:
    if resource == "tilbud":
        return f"{item.get('prosedyre')}/{(item.get('foretak') or {}).get('orgnr')}"
    return str(item.get("id"))


class SampleApi:
    def __init__(self, dataset: SampleDataset, options: ServerOptions):
        self.dataset = dataset
        self.options = options
        self.faults = Faults()
        self.stats = Stats()
        self.bucket = _TokenBucket(options.rate_limit) if options.rate_limit else None
        self.error_rng = random.Random(f"{options.seed}:errors")
        self._index_version = -1
        self._export_etags: dict[tuple[str, int, int], str] = {}

    # indexes ------------------------------------------------------------------------------
    def _indexes(self) -> None:
        if self._index_version == self.dataset.version:
            return
        ds = self.dataset
        self.procedure_by_id = {p["id"]: p for p in ds.procedures}
        self._index_version = ds.version

    # corruption ----------------------------------------------------------------------------
    def _corrupt(self, resource: str, item: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """The item as served, and whether it must be served as broken JSON."""
        if not self.faults.corruptions:
            return item, False
        how = self.faults.corruptions.get((resource, _item_key(resource, item)))
        if how is None:
            return item, False
        item = dict(item)
        if how == "wrong_type":
            item[WRONG_TYPE_FIELD[resource]] = 12345
        elif how == "missing_id":
            item.pop("prosedyre" if resource == "tilbud" else "id", None)
        elif how == "extra_field":
            item["nyttFelt"] = {"verdi": 1, "tekst": "tillegg"}
        return item, how == "broken_json"

    # responses --------------------------------------------------------------------------------
    def _json(self, request: Request, payload: Any, broken: bool = False) -> Response:
        body = dumps(payload).encode()
        if broken:
            body = body[: max(1, len(body) // 2)]
        etag = _etag(hashlib.sha256(body).hexdigest())
        if _etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers={"ETag": etag})
        return Response(body, media_type="application/json", headers={"ETag": etag})

    def _page(self, request: Request, path: str, resource: str, items: Iterable[Any],
              view: Callable[[Any], dict[str, Any]] | None = None) -> Response:
        """One page of a list endpoint; `view` turns a selected entry into the served item."""
        params = request.query_params
        page, size = self._paging(params)
        since = self._since(params)
        if since is not None:
            items = (i for i in items if _parse_ts(i["sistEndret"]) > since)
        selected = list(items)
        start = (page - 1) * size
        data, broken = [], False
        for entry in selected[start:start + size]:
            item = view(entry) if view else entry
            served, bad = self._corrupt(resource, item)
            data.append(served)
            broken = broken or bad
        following = None
        if start + size < len(selected):
            rest = [(k, v) for k, v in params.multi_items() if k not in ("side", "antall")]
            following = path + "?" + urlencode(rest + [("side", page + 1), ("antall", size)], quote_via=quote)
        envelope = {"data": data, "side": page, "antall": size, "totalt": len(selected), "neste": following}
        return self._json(request, envelope, broken)

    @staticmethod
    def _paging(params: Any) -> tuple[int, int]:
        values = []
        for name, default, upper in (("side", 1, None), ("antall", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)):
            raw = params.get(name)
            try:
                value = default if raw is None else int(raw)
            except ValueError:
                raise ApiError(400, "Ugyldig parameter", f"'{name}' må være et heltall") from None
            if value < 1 or (upper is not None and value > upper):
                limit = f"1..{upper}" if upper else ">= 1"
                raise ApiError(400, "Ugyldig parameter", f"'{name}' må være {limit}")
            values.append(value)
        return values[0], values[1]

    @staticmethod
    def _since(params: Any) -> dt.datetime | None:
        raw = params.get("endretEtter")
        if raw is None:
            return None
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise ApiError(400, "Ugyldig parameter", "'endretEtter' må være et ISO 8601-tidspunkt med tidssone") from None
        if value.tzinfo is None:
            raise ApiError(400, "Ugyldig parameter", "'endretEtter' mangler tidssone (f.eks. +01:00)")
        return value

    def _export(self, request: Request, resource: str) -> Response:
        key = (resource, self.dataset.version, self.faults.version)
        if key not in self._export_etags:
            digest = hashlib.sha256()
            for line in self._export_lines(resource):
                digest.update(line)
            self._export_etags[key] = digest.hexdigest()
        gzip_ok = _accepts_gzip(request.headers.get("accept-encoding"))
        etag = _etag(self._export_etags[key] + ("-gz" if gzip_ok else ""))
        headers = {"ETag": etag, "Vary": "Accept-Encoding"}
        if _etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        if gzip_ok:
            headers["Content-Encoding"] = "gzip"
            body: Iterator[bytes] = self._gzip(self._export_lines(resource))
        else:
            body = self._batched(self._export_lines(resource))
        return StreamingResponse(body, media_type="application/x-ndjson", headers=headers)

    def _export_lines(self, resource: str) -> Iterator[bytes]:
        for item in self.dataset.iter_resource(resource):
            served, broken = self._corrupt(resource, item)
            text = dumps(served)
            if broken:
                text = text[: len(text) // 2]
            yield text.encode() + b"\n"

    @staticmethod
    def _batched(lines: Iterator[bytes]) -> Iterator[bytes]:
        buffer: list[bytes] = []
        size = 0
        for line in lines:
            buffer.append(line)
            size += len(line)
            if size >= EXPORT_CHUNK:
                yield b"".join(buffer)
                buffer, size = [], 0
        if buffer:
            yield b"".join(buffer)

    def _gzip(self, lines: Iterator[bytes]) -> Iterator[bytes]:
        compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
        for chunk in self._batched(lines):
            out = compressor.compress(chunk)
            if out:
                yield out
        yield compressor.flush()

    # dispatch ---------------------------------------------------------------------------------
    def route(self, request: Request, operation: contract.Operation, args: list[str]) -> Response:
        """Answer a request that matched a contract operation; `args` are its path parameters."""
        self._indexes()
        ds = self.dataset
        params = request.query_params
        match operation.path_template:
            case "/nettsteder":
                return self._page(request, "/nettsteder", "nettsteder", ds.websites)
            case "/prosedyrer":
                return self._page(request, "/prosedyrer", "prosedyrer", ds.procedures, ds.procedure_list_item)
            case "/prosedyrer/{id}":
                proc = self.procedure_by_id.get(args[0])
                if proc is None:
                    raise ApiError(404, "Ikke funnet", "Ukjent prosedyre")
                served, broken = self._corrupt("prosedyrer", proc)
                return self._json(request, served, broken)
            case "/prosedyrer/{id}/{orgnr}/":
                offering = ds.offering(args[0], args[1])
                if offering is None:
                    raise ApiError(404, "Ikke funnet", "Foretaket tilbyr ikke denne prosedyren")
                served, broken = self._corrupt("tilbud", offering)
                return self._json(request, served, broken)
            case "/sider":
                # The contract is silent on a search for an offering that does not exist; the
                # least generous answer is the offering endpoint's 404.
                found = ds.search_pages(params["behandlingsid"], params["orgnr"])
                if found is None:
                    raise ApiError(404, "Ikke funnet", "Foretaket tilbyr ikke denne prosedyren")
                return self._page(request, "/sider", "sider", found)
            case "/kliniske-studier":
                studies: Iterable[dict[str, Any]] = ds.studies
                if (code := params.get("snomed")) is not None:
                    studies = [s for s in ds.studies if any(c["kode"] == code for c in s["snomed"])]
                return self._page(request, "/kliniske-studier", "kliniske-studier", studies)
            case "/arrangementer":
                return self._page(request, "/arrangementer", "arrangementer", ds.events)
            case "/eksport/{ressurs}":
                if args[0] not in self.options.exports:
                    offered = ", ".join(self.options.exports) or "ingen"
                    raise ApiError(404, "Ikke funnet", f"Ingen eksport av '{args[0]}'; tilbys: {offered}")
                return self._export(request, args[0])
        raise ApiError(404, "Ikke funnet", "Ukjent endepunkt")

    @staticmethod
    def check_parameters(request: Request, operation: contract.Operation) -> None:
        """As strict as the contract: a query parameter it does not document for this
        endpoint, or a required one left out, is a 400 (the live API is at least as strict)."""
        given = set(request.query_params.keys())
        unknown = sorted(given - operation.query)
        if unknown:
            allowed = ", ".join(sorted(operation.query)) or "ingen"
            raise ApiError(400, "Ugyldig parameter",
                           f"{operation.path_template} kjenner ikke {', '.join(unknown)} "
                           f"(gyldige parametre: {allowed})")
        missing = sorted(operation.required_query - given)
        if missing:
            raise ApiError(400, "Mangler parameter",
                           f"{operation.path_template} krever {' og '.join(missing)}")

    def check_auth(self, request: Request) -> None:
        expected = self.options.api_key
        if expected is None:
            return
        given = request.headers.get(self.options.api_key_header, "")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise ApiError(401, "Ikke autorisert", f"Mangler eller ugyldig nøkkel i headeren {self.options.api_key_header}")

    async def handle(self, request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode()
        raw_path = raw.split(b"?", 1)[0].decode("latin-1")
        operation = contract.match(raw_path)
        route = operation.path_template if operation else "?"
        try:
            self.check_auth(request)
            if self.bucket is not None and (wait := self.bucket.acquire()) is not None:
                raise ApiError(429, "For mange forespørsler", "Rate limit overskredet", {"Retry-After": str(wait)})
            if (failure := self.faults.take_failure(raw_path)) is not None:
                status, retry_after = failure
                headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
                raise ApiError(status, "Injisert feil", "Feil injisert av testen", headers)
            if self.options.error_rate and self.error_rng.random() < self.options.error_rate:
                raise ApiError(503, "Tjenesten er midlertidig utilgjengelig", "Prøv igjen senere", {"Retry-After": "1"})
            delay = (self.options.latency_ms or 0) / 1000 + (self.faults.take_delay(raw_path) or 0)
            if delay:
                await asyncio.sleep(delay)
            if operation is None:
                raise ApiError(404, "Ikke funnet", "Ukjent endepunkt")
            self.check_parameters(request, operation)
            condition = request.headers.get("if-none-match")
            if condition is not None and not IF_NONE_MATCH.fullmatch(condition):
                raise ApiError(400, "Ugyldig header", "If-None-Match må være * eller ETag-verdier")
            response = self.route(request, operation, _path_arguments(raw_path, operation))
        except ApiError as error:
            response = problem(error.status, error.title, error.detail, error.headers)
        self.stats.record(raw_path, route, response.status_code)
        return response


def _path_arguments(raw_path: str, operation: contract.Operation) -> list[str]:
    """The decoded values of the operation's `{...}` segments ('/' inside an id stays in it)."""
    template = operation.path_template.split("/")
    try:
        return [unquote(value, errors="strict") for name, value in zip(template, raw_path.split("/"))
                if name.startswith("{")]
    except UnicodeDecodeError:
        raise ApiError(404, "Ikke funnet", "Ugyldig sti") from None


def _touch_route(api: SampleApi) -> Route:
    async def touch_items(request: Request) -> Response:
        fraction = float(request.query_params.get("fraction", "0.01"))
        seed = int(request.query_params.get("seed", "1"))
        changed = touch(api.dataset, fraction=fraction, seed=seed,
                        now=dt.datetime.now(ZoneInfo("Europe/Oslo")).replace(microsecond=0))
        return JSONResponse(changed)

    return Route("/_sample/touch", touch_items, methods=["POST"])


def create_app(dataset: SampleDataset, options: ServerOptions | None = None) -> Starlette:
    api = SampleApi(dataset, options or ServerOptions())
    routes = [_touch_route(api)] if api.options.allow_mutation else []
    async def not_routed(request: Request, exc: Exception) -> Response:
        # paths the route pattern cannot match (e.g. an encoded newline) still get the API's
        # own answer; other methods than GET a problem, not Starlette's plain text
        if request.method == "GET":
            return await api.handle(request)
        return problem(405, "Metoden støttes ikke", "API-et svarer bare på GET", {"Allow": "GET"})

    app = Starlette(routes=[*routes, Route("/{path:path}", api.handle, methods=["GET"])],
                    exception_handlers={404: not_routed, 405: not_routed})
    app.state.api = api
    app.state.dataset = dataset
    app.state.options = api.options
    app.state.faults = api.faults
    app.state.stats = api.stats
    return app


def sample_transport(dataset: SampleDataset, options: ServerOptions | None = None) -> httpx.ASGITransport:
    """In-process transport: httpx.AsyncClient(transport=..., base_url="http://sample.fnsp.invalid")."""
    return httpx.ASGITransport(app=create_app(dataset, options))


@functools.lru_cache(maxsize=8)
def _cached(seed: int, scale: float, as_of: dt.datetime | None, phrasing: str) -> SampleDataset:
    return generate(seed, scale, as_of, phrasing=phrasing)


def load_sample(seed: int = DEFAULT_SEED, scale: float = 1.0, as_of: dt.datetime | None = None,
                phrasing: str = "dev") -> SampleDataset:
    """The sample, generated once per process for each (seed, scale, as_of, phrasing). Shared:
    do not `touch()` a cached dataset; generate your own for that."""
    return _cached(seed, scale, as_of, phrasing)
