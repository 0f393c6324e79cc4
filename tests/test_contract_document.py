"""The OpenAPI document of the API contract, and its loader. No server involved."""

from __future__ import annotations

import copy
import types
import typing

import jsonschema
import pytest
from openapi_core import OpenAPI
from openapi_spec_validator import validate

from fnsp_pipeline import contract
from fnsp_pipeline.api import mapping

SCHEMAS = contract.load_spec()["components"]["schemas"]

# A line of /eksport/tilbud: CONTRACT.md's offering example, with the elisions filled in.
OFFERING = {
    "prosedyre": "mr-av-hode",
    "foretak": {"orgnr": "983974910", "navn": "Helse Bergen HF", "resh": "100320",
                "region": "helse-vest"},
    "tilbys": True,
    "side": {
        "id": "b7c1d2e3-0000-4000-8000-000000000001", "type": "behandlingsside",
        "url": "https://helse-bergen.no/behandlinger/mr-av-hode",
        "sprak": "nb", "sistEndret": "2026-10-30T12:01:00+01:00", "godkjent": "2026-03-01",
        "innhold": [
            {"seksjon": "for", "tittel": "Før undersøkelsen", "tekst": "<p>Ta av smykker.</p>"},
            {"seksjon": "under", "tittel": "Under undersøkelsen", "tekst": "<p>Du ligger stille.</p>"},
            {"seksjon": "etter", "tittel": "Etter undersøkelsen", "tekst": "<p>Du kan dra hjem.</p>"},
            {"seksjon": "om", "tittel": "Om undersøkelsen", "tekst": "<p>MR bruker magnetfelt.</p>"},
        ],
        "kontakt": [{"navn": "Radiologisk avdeling", "telefon": "+47 55 97 00 00",
                     "epost": None, "apningstid": "08.00–15.30"}],
        "oppmotested": [{"id": "haukeland-radiologi", "navn": "Radiologisk avdeling, Haukeland",
                         "adresse": {"gate": "Haukelandsveien 22", "postnummer": "5021",
                                     "poststed": "Bergen"},
                         "beskrivelse": "<p>Inngang sentralblokken.</p>",
                         "koordinater": {"lat": 60.37, "lon": 5.36}}],
    },
}


def validator_for(ressurs: str) -> jsonschema.Draft202012Validator:
    schema = contract.ndjson_item_schema(ressurs)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# --- the document ------------------------------------------------------------------------------

def test_document_is_valid_openapi_3_1():
    spec = contract.load_spec()
    assert spec["openapi"] == "3.1.0"
    validate(copy.deepcopy(spec))
    OpenAPI.from_dict(copy.deepcopy(spec))


def test_paths_are_exactly_the_contracts_and_get_only():
    paths = contract.load_spec()["paths"]
    assert set(paths) == {
        "/nettsteder", "/prosedyrer", "/prosedyrer/{id}", "/prosedyrer/{id}/{orgnr}/", "/sider",
        "/kliniske-studier", "/arrangementer", "/eksport/{ressurs}",
    }
    for item in paths.values():
        assert set(item) - {"parameters", "summary", "description"} == {"get"}
        assert item["get"]["operationId"]
    ids = [op.operation_id for op in contract.operations().values()]
    assert len(ids) == len(set(ids))


def test_subscription_key_applies_globally():
    spec = contract.load_spec()
    (scheme_name,) = spec["security"][0]
    scheme = spec["components"]["securitySchemes"][scheme_name]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header",
                                                              "Ocp-Apim-Subscription-Key")
    assert "configurable" in scheme["description"]


def test_every_operation_documents_etag_304_and_problem_responses():
    spec = contract.load_spec()
    for template, item in spec["paths"].items():
        responses = item["get"]["responses"]
        assert set(responses) == {"200", "304", "400", "401", "404", "429", "500", "502", "503",
                                  "504"}, template
        ok = responses["200"]
        assert contract.resolve(ok["headers"]["ETag"])["required"] is True
        not_modified = contract.resolve(responses["304"])
        assert "content" not in not_modified and "ETag" in not_modified["headers"]
        for status in ("400", "401", "404", "429", "500", "502", "503", "504"):
            content = contract.resolve(responses[status])["content"]
            assert set(content) == {"application/problem+json"}, (template, status)
            assert content["application/problem+json"]["schema"] == {
                "$ref": "#/components/schemas/Problem"}
        retry_after = contract.resolve(contract.resolve(responses["429"])["headers"]["Retry-After"])
        assert retry_after["schema"]["type"] == "integer"
        assert "if-none-match" in contract.operations()[template].headers


def test_problem_schema_has_the_four_rfc7807_members():
    problem = SCHEMAS["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    assert problem["properties"]["status"]["type"] == "integer"


def test_no_item_schema_forbids_unknown_fields():
    def walk(node):
        if isinstance(node, dict):
            assert node.get("additionalProperties", True) is not False
            assert node.get("unevaluatedProperties", True) is not False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(SCHEMAS)


def test_every_schema_and_parameter_is_described():
    components = contract.load_spec()["components"]
    for name, schema in components["schemas"].items():
        assert schema.get("description"), name
    for name, parameter in components["parameters"].items():
        assert parameter.get("description"), name
    for template, item in contract.load_spec()["paths"].items():
        assert item["get"].get("description"), template


# --- operations and match() ----------------------------------------------------------------------

@pytest.mark.parametrize("path, template", [
    ("/nettsteder", "/nettsteder"),
    ("/prosedyrer", "/prosedyrer"),
    ("/prosedyrer/mr-av-hode", "/prosedyrer/{id}"),
    ("/prosedyrer/ct%20thorax%2Fabdomen", "/prosedyrer/{id}"),
    ("/prosedyrer/mr-av-hode/983974910/", "/prosedyrer/{id}/{orgnr}/"),
    ("/prosedyrer/ct%20thorax%2Fabdomen/983974910/", "/prosedyrer/{id}/{orgnr}/"),
    ("/sider", "/sider"),
    ("/sider?behandlingsid=mr-av-hode&orgnr=983974910", "/sider"),
    ("/kliniske-studier", "/kliniske-studier"),
    ("/arrangementer", "/arrangementer"),
    ("/eksport/tilbud", "/eksport/{ressurs}"),
])
def test_match_finds_the_operation(path, template):
    operation = contract.match(path)
    assert operation is not None and operation.path_template == template


@pytest.mark.parametrize("path", [
    "/prosedyrer/mr-av-hode/983974910",  # the offering path needs its trailing slash
    "/prosedyrer/mr-av-hode/",  # an empty segment is not an id
    "/prosedyrer//983974910/",
    "/prosedyrer/",
    "/nettsteder/",
    "/eksport",
    "/eksport/",
    "/prosedyrer/ct/thorax/983974910/",  # an unencoded "/" splits the id
    "/studier",
    "",
    "/",
])
def test_match_rejects_other_paths(path):
    assert contract.match(path) is None


def test_sider_requires_procedure_and_foretak_and_takes_no_filters():
    sider = contract.operations()["/sider"]
    assert sider.required_query == {"behandlingsid", "orgnr"}
    assert sider.query == {"behandlingsid", "orgnr", "side", "antall"}
    assert "endretEtter" not in sider.query and "type" not in sider.query


def test_sider_items_name_neither_procedure_nor_foretak():
    page = SCHEMAS["Page"]["properties"]
    assert not {"behandlingsid", "orgnr", "prosedyre", "foretak"} & set(page)


@pytest.mark.parametrize("template", ["/nettsteder", "/prosedyrer", "/kliniske-studier",
                                      "/arrangementer"])
def test_list_endpoints_document_paging_and_endret_etter(template):
    operation = contract.operations()[template]
    assert {"side", "antall", "endretEtter"} <= operation.query
    assert operation.required_query == frozenset()
    assert operation.query - {"side", "antall", "endretEtter"} == (
        {"snomed"} if template == "/kliniske-studier" else set())


def test_paging_parameters_have_the_contracts_bounds():
    parameters = contract.load_spec()["components"]["parameters"]
    assert parameters["Side"]["schema"] == {"type": "integer", "minimum": 1}
    assert parameters["Antall"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500,
                                              "default": 100}
    assert parameters["EndretEtter"]["schema"]["format"] == "date-time"


@pytest.mark.parametrize("template", ["/prosedyrer/{id}", "/prosedyrer/{id}/{orgnr}/",
                                      "/eksport/{ressurs}"])
def test_detail_and_export_endpoints_take_no_query(template):
    operation = contract.operations()[template]
    assert operation.query == frozenset()
    assert operation.headers == {"if-none-match"}


def test_procedure_list_items_lack_foretak_and_detail_has_it():
    assert "foretak" not in SCHEMAS["Procedure"]["properties"]
    list_item = SCHEMAS["ProcedureList"]["allOf"][1]["properties"]["data"]["items"]
    assert list_item == {"$ref": "#/components/schemas/Procedure"}
    assert "foretak" in flatten(SCHEMAS["ProcedureDetail"])[0]


# --- NDJSON export items -------------------------------------------------------------------------

def test_export_names_an_item_schema_for_every_ressurs():
    get = contract.load_spec()["paths"]["/eksport/{ressurs}"]["get"]
    ressurs = contract.resolve(get["parameters"][0])["schema"]["enum"]
    assert set(get["x-ndjson-item-schemas"]) == set(ressurs)
    assert set(get["responses"]["200"]["content"]) == {"application/x-ndjson"}
    for name in ressurs:
        validator_for(name)
    with pytest.raises(KeyError):
        contract.ndjson_item_schema("sider")


def test_tilbud_line_schema_accepts_the_contract_example():
    validator = validator_for("tilbud")
    validator.validate(OFFERING)
    validator.validate({**OFFERING, "side": None})
    validator.validate({**OFFERING, "nyttFelt": {"x": 1}})  # additive change is fine
    mapping.parse_item(mapping.Offering, OFFERING, "/eksport/tilbud")  # and so does the client


def test_enumerations_are_documented_and_declared_open():
    for name, field in [("Snomed", "type"), ("Procedure", "type"), ("Section", "seksjon"),
                        ("ClinicalStudy", "status"), ("Event", "type"), ("Page", "type")]:
        assert SCHEMAS[name]["properties"][field]["enum"], name
        assert "open" in SCHEMAS[name]["description"], name
    assert SCHEMAS["RegionId"]["enum"] == ["helse-sor-ost", "helse-vest", "helse-midt-norge",
                                           "helse-nord"]


@pytest.mark.parametrize("breakage", [
    lambda o: o["side"]["innhold"][0].__setitem__("tittel", 42),
    lambda o: o["side"].__setitem__("url", ["https://helse-bergen.no"]),
    lambda o: o.__setitem__("tilbys", "ja"),
    lambda o: o["foretak"].__setitem__("orgnr", "98397491"),
    lambda o: o.pop("side"),
    lambda o: o["side"].pop("sistEndret"),
    lambda o: o["foretak"].pop("navn"),
    lambda o: o["side"]["oppmotested"][0]["koordinater"].pop("lat"),
])
def test_tilbud_line_schema_rejects_breaking_changes(breakage):
    line = copy.deepcopy(OFFERING)
    breakage(line)
    assert not validator_for("tilbud").is_valid(line)


def test_the_ndjson_schema_does_not_share_state_with_the_document():
    schema = contract.ndjson_item_schema("tilbud")
    schema["components"]["schemas"]["Offering"]["required"].append("ny")
    assert "ny" not in contract.load_spec()["components"]["schemas"]["Offering"]["required"]


# --- in step with the mapping layer --------------------------------------------------------------

# mapping.py model -> document schema (Page <-> Page; SearchedPage is on its way out).
MODEL_SCHEMAS = [
    "Region", "Foretak", "Snomed", "Website", "Procedure", "ProcedureDetail", "Section",
    "Contact", "Address", "Coordinates", "AttendancePlace", "Page", "Offering", "Hrcs",
    "StudyForetak", "ClinicalStudy", "Venue", "Event", "Envelope",
]


def flatten(schema: dict) -> tuple[dict, set[str]]:
    """Properties and required names of an object schema, through allOf and $ref."""
    schema = contract.resolve(schema)
    properties, required = dict(schema.get("properties", {})), set(schema.get("required", []))
    for part in schema.get("allOf", []):
        more_properties, more_required = flatten(part)
        properties = {**more_properties, **properties}
        required |= more_required
    return properties, required


def allows_null(schema: dict) -> bool:
    schema = contract.resolve(schema)
    types_ = schema.get("type", [])
    return ("null" in types_ if isinstance(types_, list) else types_ == "null") or any(
        allows_null(branch) for branch in schema.get("anyOf", []) + schema.get("oneOf", []))


def accepts_none(annotation) -> bool:
    return annotation is None or annotation is type(None) or (
        typing.get_origin(annotation) in (typing.Union, types.UnionType)
        and type(None) in typing.get_args(annotation))


@pytest.mark.parametrize("name", MODEL_SCHEMAS)
def test_required_fields_match_the_mapping_layer(name):
    model = getattr(mapping, name)
    properties, required = flatten(SCHEMAS[name])
    fields = {field.alias or attr: field for attr, field in model.model_fields.items()}
    assert required == {alias for alias, field in fields.items() if field.is_required()}
    assert set(properties) == set(fields)
    nullable = {alias for alias, field in fields.items() if accepts_none(field.annotation)}
    assert {alias for alias, prop in properties.items() if allows_null(prop)} == nullable


def test_every_item_schema_has_a_mapping_model():
    envelopes = {"WebsiteList", "ProcedureList", "PageList", "ClinicalStudyList", "EventList"}
    assert set(SCHEMAS) - set(MODEL_SCHEMAS) - envelopes == {"Problem", "RegionId"}
