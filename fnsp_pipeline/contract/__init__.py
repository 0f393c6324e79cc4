"""The API contract as an OpenAPI 3.1 document (openapi.yaml), and small helpers to read it.

openapi.yaml is the single source of truth that the client and the sample server are tested
against; it is written from the shared CONTRACT.md.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SPEC_PATH = Path(__file__).with_name("openapi.yaml")
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@functools.cache
def load_spec() -> dict[str, Any]:
    """The parsed document. Cached and shared: do not mutate it."""
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Operation:
    path_template: str  # e.g. "/prosedyrer/{id}/{orgnr}/"
    operation_id: str
    query: frozenset[str]  # documented query parameter names
    required_query: frozenset[str]
    headers: frozenset[str]  # documented header parameters, lower-case


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` ("#/components/...") to its target."""
    while "$ref" in node:
        target: Any = load_spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


@functools.cache
def operations() -> dict[str, Operation]:
    """The GET operation of every documented path, keyed by path template."""
    result = {}
    for template, item in load_spec()["paths"].items():
        get = item["get"]
        # Path-level parameters apply too, unless the operation overrides them.
        params = {(p["name"], p["in"]): p
                  for p in map(resolve, item.get("parameters", []) + get.get("parameters", []))}
        query = [p for p in params.values() if p["in"] == "query"]
        result[template] = Operation(
            path_template=template,
            operation_id=get["operationId"],
            query=frozenset(p["name"] for p in query),
            required_query=frozenset(p["name"] for p in query if p.get("required")),
            headers=frozenset(p["name"].lower() for p in params.values() if p["in"] == "header"),
        )
    return result


def match(path: str) -> Operation | None:
    """The operation for a concrete, percent-encoded request path (a query string is ignored).

    Matching is by segments, so the trailing slash matters and an encoded "/" (%2F) inside an
    id stays in its segment. Templates with more literal segments win, as OpenAPI requires.
    """
    segments = path.split("?", 1)[0].split("/")
    candidates = sorted(operations().values(), key=lambda op: op.path_template.count("{"))
    for operation in candidates:
        template = operation.path_template.split("/")
        if len(template) == len(segments) and all(
            (t.startswith("{") and t.endswith("}") and s) or t == s
            for t, s in zip(template, segments)
        ):
            return operation
    return None


def ndjson_item_schema(ressurs: str) -> dict[str, Any]:
    """A self-contained JSON Schema (Draft 2020-12) for one line of `/eksport/{ressurs}`.

    The components are embedded at the root so the document's "#/components/schemas/..."
    references resolve unchanged.
    """
    spec = load_spec()
    items = spec["paths"]["/eksport/{ressurs}"]["get"]["x-ndjson-item-schemas"]
    if ressurs not in items:
        raise KeyError(f"unknown export ressurs {ressurs!r}; known: {sorted(items)}")
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$ref": items[ressurs]["$ref"],
        "components": {"schemas": copy.deepcopy(spec["components"]["schemas"])},
    }
