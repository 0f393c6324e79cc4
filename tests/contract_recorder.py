"""An ASGI middleware for tests: records every request that reaches the sample server and
checks both sides against the contract's OpenAPI document (fnsp_pipeline/contract):

- the client's request: a documented path, only documented query parameters, required ones
  present, values of the documented types (openapi-core), the key header sent;
- the server's response: status, headers and body as documented (openapi-core), and for an
  export every NDJSON line against its item schema (jsonschema).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import jsonschema
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from fnsp_pipeline import contract


@dataclass(frozen=True)
class RecordedRequest:
    path: str  # raw, percent-encoded
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    status: int
    operation: str | None  # the contract's path template it matched


class _Request:
    """openapi-core's request protocol over a raw ASGI scope."""

    def __init__(self, path: str, query: list[tuple[str, str]], headers: dict[str, str]):
        self.host_url = "http://sample.fnsp.invalid"
        self.path = path
        self.method = "get"
        self.body = None
        self.content_type = "application/octet-stream"
        self.parameters = RequestParameters(query=ImmutableMultiDict(query),
                                            header=Headers(headers))


@dataclass
class _Response:
    status_code: int
    headers: Headers
    data: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")


@dataclass
class ContractRecorder:
    app: object
    requests: list[RecordedRequest] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.openapi = OpenAPI.from_dict(contract.load_spec(), config=Config(
            extra_media_type_deserializers={"application/problem+json": json.loads,
                                            "application/x-ndjson": bytes.decode}))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status, headers, body = 0, [], []

        async def recording_send(message):
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], message.get("headers", [])
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, recording_send)
        try:
            self.check(scope, status, headers, b"".join(body))
        except Exception as error:  # a bug here must fail the test, not the connection
            self.violations.append(f"recorder failed on {scope.get('path')}: {error!r}")

    def check(self, scope, status: int, raw_headers, body: bytes) -> None:
        path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1").split("?")[0]
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        request_headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        operation = contract.match(path)
        self.requests.append(RecordedRequest(path, tuple(query), request_headers, status,
                                             operation.path_template if operation else None))
        where = f"GET {path}" + (f"?{scope['query_string'].decode()}" if query else "")
        if operation is None:
            self.violations.append(f"{where}: no such path in the contract")
            return
        unknown = {name for name, _ in query} - operation.query
        if unknown:
            self.violations.append(f"{where}: undocumented query parameters {sorted(unknown)}")
        request = _Request(path, query, request_headers)
        errors = self.openapi.unmarshal_request(request).errors
        if errors:
            self.violations.append(f"{where}: request: {_reasons(errors)}")
            return
        headers = Headers([(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw_headers])
        self._check_response(where, request, _Response(status, headers, body), operation)

    def _check_response(self, where, request, response, operation) -> None:
        if operation.path_template == "/eksport/{ressurs}" and response.status_code == 200:
            self._check_export(where, response)
            # the body was checked line by line; the document only says "a string"
            response = _Response(200, response.headers, b"checked line by line")
        errors = self.openapi.unmarshal_response(request, response).errors
        if errors:
            self.violations.append(f"{where}: response {response.status_code}: {_reasons(errors)}")

    def _check_export(self, where, response) -> None:
        data = response.data
        if response.headers.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        schema = contract.ndjson_item_schema(where.split("/eksport/")[1].split("?")[0])
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        for number, line in enumerate(data.decode("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            error = jsonschema.exceptions.best_match(validator.iter_errors(json.loads(line)))
            if error is not None:
                self.violations.append(f"{where}: line {number}: {error.message}")
                return

    def operations_used(self) -> set[str]:
        return {r.operation for r in self.requests if r.operation}


def _reasons(errors) -> str:
    texts = []
    for error in errors:
        text = str(error)
        for cause in getattr(error, "schema_errors", None) or ():
            text += f" ({cause.message})"
        cause = error.__cause__
        if cause is not None:
            text += f" ({cause})"
        texts.append(text)
    return "; ".join(texts)
