"""Async httpx client for the FNSP open-data API.

One layer owns transport, auth, paging, retries, rate limiting, conditional requests and
export streaming; callers get validated items (see `mapping`) and never build URLs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

from fnsp_pipeline.api import mapping
from fnsp_pipeline.api.errors import (
    AuthenticationError,
    FnspApiError,
    NotFoundError,
    RetriesExhaustedError,
    TransientError,
)
from fnsp_pipeline.api.pacing import Pacer
from fnsp_pipeline.api.retry import RetryPolicy, retrying
from fnsp_pipeline.settings import DEFAULTS

DEFAULT_KEY_HEADER = DEFAULTS.api_key_header
MAX_PAGE_SIZE = 500
TRANSIENT_STATUSES = {429, 500, 502, 503, 504}
PROBLEM_BYTES = 16 * 1024  # of an error body read for its problem detail; the rest is dropped


@dataclass(frozen=True)
class ClientConfig:
    base_url: str
    api_key: str | None = field(default=None, repr=False)
    api_key_header: str = DEFAULT_KEY_HEADER
    rate_limit: float | None = DEFAULTS.rate_limit  # None: unlimited (the in-process sample)
    concurrency: int = DEFAULTS.concurrency
    timeout_seconds: float = DEFAULTS.timeout_seconds
    page_size: int = MAX_PAGE_SIZE
    retry: RetryPolicy = RetryPolicy()


@dataclass
class RequestStats:
    requests: int = 0
    bytes: int = 0
    retries: int = 0
    not_modified: int = 0
    statuses: Counter = field(default_factory=Counter)

    def as_metadata(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "bytes": self.bytes,
            "retries": self.retries,
            "not_modified": self.not_modified,
            "statuses": dict(sorted((str(k), v) for k, v in self.statuses.items())),
        }


@dataclass(frozen=True)
class JsonResponse:
    data: Any  # None when not modified
    etag: str | None
    not_modified: bool = False


@dataclass(frozen=True)
class ListPage:
    """One page of a list endpoint; `items` are raw dicts, validated by the caller's model."""

    items: list[Any]
    total: int
    etag: str | None


@dataclass(frozen=True)
class PageSearch:
    """The pages a `/sider` search found; `total` is the API's `totalt` for it."""

    pages: list[Parsed]
    total: int
    endpoint: str  # the search as requested, for error messages and rejects


@dataclass(frozen=True)
class Parsed:
    """A raw item and either its validated model or the reason it is invalid."""

    raw: Any
    item: mapping.ApiModel | None
    error: mapping.InvalidItem | None = None
    text: str | None = None  # the item's JSON exactly as received, when we have it


def segment(value: str) -> str:
    """Percent-encode a path parameter so it cannot add or climb path segments: `/` is
    encoded, and so are the dots of a `.` or `..` id (URL normalisation would resolve them)."""
    if value in (".", ".."):
        return value.replace(".", "%2E")
    return quote(value, safe="")


def iso(timestamp: dt.datetime) -> str:
    if timestamp.tzinfo is None:
        raise ValueError("endretEtter needs a timezone-aware timestamp")
    return timestamp.isoformat()


class FnspClient:
    """Use as `async with FnspClient(config) as client:`; `transport` serves the sample in-process."""

    def __init__(self, config: ClientConfig, transport: httpx.AsyncBaseTransport | None = None):
        self.config = config
        self.stats = RequestStats()
        headers = {"Accept": "application/json", "Accept-Encoding": "gzip"}
        if config.api_key:
            headers[config.api_key_header] = config.api_key
        self._http = httpx.AsyncClient(
            base_url=config.base_url,
            headers=headers,
            transport=transport,
            timeout=httpx.Timeout(config.timeout_seconds),
            limits=httpx.Limits(max_connections=config.concurrency,
                                max_keepalive_connections=config.concurrency),
            follow_redirects=False,  # a redirect must never carry the key elsewhere
        )
        self._slots = asyncio.Semaphore(config.concurrency)
        self.pacer = Pacer(config.rate_limit)
        self._base = urlsplit(str(self._http.base_url))

    async def __aenter__(self) -> FnspClient:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self._http.aclose()

    # -- transport -------------------------------------------------------------------

    def _on_retry(self, state) -> None:
        self.stats.retries += 1
        error = state.outcome.exception()
        if getattr(error, "status", None) == 429:
            self.pacer.on_rate_limited(error.retry_after)

    @asynccontextmanager
    async def _send(self, path: str, params: dict | None,
                    etag: str | None) -> AsyncIterator[httpx.Response]:
        """One request with retries; yields an unread response with status 2xx or 304."""
        headers = {"If-None-Match": etag} if etag else {}
        started = time.monotonic()
        try:
            async for attempt in retrying(self.config.retry, self._on_retry):
                with attempt:
                    async with self._slots:
                        await self.pacer.wait_for_turn()
                        response = await self._request(path, params, headers)
                    try:
                        await self._raise_for_status(response, request_line(path, params))
                    except BaseException:
                        await response.aclose()
                        raise
                    self.pacer.on_success()
        except TransientError as error:
            raise RetriesExhaustedError(
                f"{error} (gave up after {time.monotonic() - started:.1f} s of retries)",
                endpoint=error.endpoint, status=error.status) from None
        try:
            yield response
        finally:
            await response.aclose()
            self.stats.bytes += response.num_bytes_downloaded

    async def _request(self, path: str, params: dict | None, headers: dict) -> httpx.Response:
        self.stats.requests += 1
        try:
            request = self._http.build_request("GET", path, params=params, headers=headers)
            return await self._http.send(request, stream=True)
        except httpx.TimeoutException:
            self.stats.statuses["timeout"] += 1
            raise TransientError(f"{request_line(path, params)}: timed out after "
                                 f"{self.config.timeout_seconds} s", endpoint=path) from None
        except httpx.TransportError as error:
            self.stats.statuses["connection_error"] += 1
            raise TransientError(f"{request_line(path, params)}: connection failed "
                                 f"({type(error).__name__})", endpoint=path) from None

    async def _raise_for_status(self, response: httpx.Response, request: str) -> None:
        """Raise for anything but 2xx and 304, saying what the API said (its problem's title
        and detail) about which request. `request` carries the path and query, never the key,
        which travels in a header."""
        status = response.status_code
        self.stats.statuses[status] += 1
        if status < 300 or status == 304:
            return
        said = await _problem_text(response)
        message = f"{request}: {status} {said}"
        if status in TRANSIENT_STATUSES:
            raise TransientError(message, endpoint=request, status=status,
                                 retry_after=_retry_after(response))
        if status == 401:
            raise AuthenticationError(
                f"{message} (the API key is missing or wrong: set FNSP_API_KEY; it is sent in "
                f"the '{self.config.api_key_header}' header)", endpoint=request, status=status)
        if status == 404:
            raise NotFoundError(message, endpoint=request, status=status)
        raise FnspApiError(message, endpoint=request, status=status)

    async def get_json(self, path: str, params: dict | None = None,
                       etag: str | None = None) -> JsonResponse:
        async with self._send(path, params, etag) as response:
            if response.status_code == 304:
                self.stats.not_modified += 1
                return JsonResponse(None, response.headers.get("ETag", etag), not_modified=True)
            body = await response.aread()
        try:
            data = json.loads(body)
        except ValueError as error:
            raise FnspApiError(f"GET {path}: response is not JSON ({error})", endpoint=path) from None
        return JsonResponse(data, response.headers.get("ETag"))

    # -- paging ------------------------------------------------------------------------

    def _relative(self, neste: str, endpoint: str) -> str:
        """`neste` as a path relative to the base URL; refuses to leave the API's host."""
        parts = urlsplit(neste)
        if parts.netloc and (parts.scheme, parts.netloc) != (self._base.scheme, self._base.netloc):
            raise FnspApiError(f"{endpoint}: 'neste' points to another host; refusing to follow",
                               endpoint=endpoint)
        path = parts.path
        prefix = self._base.path.rstrip("/")
        if prefix and path.startswith(prefix + "/"):
            path = path[len(prefix):]
        return path + (f"?{parts.query}" if parts.query else "")

    async def iter_pages(self, endpoint: str, params: dict | None = None,
                         etag: str | None = None) -> AsyncIterator[ListPage | None]:
        """Follow `neste` from the first page. Yields None once if the first page is unchanged
        (304 on `etag`); the first page's ETag is the list's. The next page is requested as
        soon as `neste` is known, so it travels while the caller processes this one."""
        query = {**(params or {})}
        query.setdefault("antall", self.config.page_size)  # after the filters, for messages
        response = await self.get_json(endpoint, query, etag)
        if response.not_modified:
            yield None
            return
        while True:
            envelope = mapping.parse_envelope(response.data, endpoint)
            upcoming = (asyncio.create_task(self.get_json(self._relative(envelope.next, endpoint)))
                        if envelope.next else None)
            try:
                yield ListPage(envelope.data, envelope.total, response.etag)
            except BaseException:  # the caller stopped early or failed: drop the prefetch
                if upcoming:
                    upcoming.cancel()
                raise
            if upcoming is None:
                return
            response = await upcoming

    # -- endpoints -------------------------------------------------------------------

    async def procedure(self, procedure_id: str) -> Parsed:
        path = f"/prosedyrer/{segment(procedure_id)}"
        response = await self.get_json(path)
        return parse(mapping.ProcedureDetail, response.data, path, requested_id=procedure_id)

    async def offering(self, procedure_id: str, orgnr: str,
                       etag: str | None = None) -> ItemResponse | None:
        """The offering and its local page; None when the foretak does not offer it (404).
        With `etag`, a conditional GET: `not_modified` and no item when nothing changed."""
        path = f"/prosedyrer/{segment(procedure_id)}/{segment(orgnr)}/"
        try:
            response = await self.get_json(path, etag=etag)
        except NotFoundError:
            return None
        if response.not_modified:
            return ItemResponse(None, response.etag, not_modified=True)
        return ItemResponse(parse(mapping.Offering, response.data, path,
                                  requested_id=f"{procedure_id}/{orgnr}"), response.etag)

    async def search_pages(self, procedure_id: str, orgnr: str) -> PageSearch | None:
        """`/sider?behandlingsid=&orgnr=`: one foretak's pages about one procedure (its
        treatment page and the place and department pages that page links to); None when the
        API answers 404. Items name neither procedure nor foretak: the caller knows them."""
        params = {"behandlingsid": procedure_id, "orgnr": orgnr}
        endpoint = request_line("/sider", params)
        found, total = [], None
        try:
            async for page in self.iter_pages("/sider", params):
                total = page.total if total is None else total
                found += [parse(mapping.Page, raw, endpoint) for raw in page.items]
        except NotFoundError:
            return None
        return PageSearch(found, total or 0, endpoint)

    async def studies_with_snomed(self, code: str) -> list[Parsed]:
        found = []
        async for page in self.iter_pages("/kliniske-studier", {"snomed": code}):
            found += [parse(mapping.ClinicalStudy, raw, "/kliniske-studier") for raw in page.items]
        return found

    @asynccontextmanager
    async def export(self, ressurs: str, etag: str | None = None
                     ) -> AsyncIterator[ExportStream]:
        """Stream `/eksport/{ressurs}` line by line (gzip decoded on the fly, never held whole)."""
        path = f"/eksport/{segment(ressurs)}"
        async with self._send(path, None, etag) as response:
            if response.status_code == 304:
                self.stats.not_modified += 1
            yield ExportStream(response, path)


class ExportStream:
    def __init__(self, response: httpx.Response, path: str):
        self.path = path
        self.etag = response.headers.get("ETag")
        self.not_modified = response.status_code == 304
        self._response = response

    async def lines(self) -> AsyncIterator[str]:
        if self.not_modified:
            return
        try:
            async for line in self._response.aiter_lines():
                if line.strip():
                    yield line
        except httpx.TransportError as error:
            raise TransientError(f"GET {self.path}: stream broke off ({type(error).__name__})",
                                 endpoint=self.path) from None

    @property
    def bytes_so_far(self) -> int:
        return self._response.num_bytes_downloaded


@dataclass(frozen=True)
class ItemResponse:
    """A per-item GET: the parsed item, or `not_modified` (304 on the ETag sent)."""

    parsed: Parsed | None
    etag: str | None
    not_modified: bool = False


def request_line(path: str, params: dict | None = None) -> str:
    """"GET /sider?behandlingsid=…&orgnr=…" for messages: what was asked, without the key."""
    query = urlencode({k: v for k, v in (params or {}).items() if v is not None})
    return f"GET {path}" + (f"?{query}" if query else "")


async def _problem_text(response: httpx.Response) -> str:
    """The reason phrase, and the RFC 7807 problem's title and detail when the body has one."""
    body = b""
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) >= PROBLEM_BYTES:
            break
    try:
        problem = json.loads(body)
    except ValueError:
        problem = None
    if not isinstance(problem, dict):
        return response.reason_phrase
    said = [str(problem[k]) for k in ("title", "detail") if problem.get(k)]
    return f"{response.reason_phrase}: " + " - ".join(said) if said else response.reason_phrase


def parse(model: type[mapping.ApiModel], raw: Any, endpoint: str,
          requested_id: str | None = None) -> Parsed:
    """`requested_id`: the id the request asked for (per-item endpoints), which names an
    invalid item that does not say its own id."""
    try:
        return Parsed(raw, mapping.parse_item(model, raw, endpoint))
    except mapping.InvalidItem as error:
        if requested_id:  # the per-item endpoint's item is the one the request named
            error = mapping.InvalidItem(endpoint, requested_id, error.field, error.reason)
        return Parsed(raw, None, error)


def parse_line(model: type[mapping.ApiModel], line: str, endpoint: str, line_number: int) -> Parsed:
    try:
        raw = json.loads(line)
    except ValueError as error:
        return Parsed(line, None, mapping.InvalidItem(
            endpoint, f"line {line_number}", "<line>", f"not valid JSON ({error.msg})"), line)
    parsed = parse(model, raw, endpoint)
    error = parsed.error
    if error is not None and error.item_id is None:  # no id to name: the line will do
        error = mapping.InvalidItem(endpoint, f"line {line_number}", error.field, error.reason)
    return Parsed(parsed.raw, parsed.item, error, line)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP-date: fall back to our own backoff
