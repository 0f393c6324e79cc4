"""The one place that knows the FNSP API's field names.

Every item the API returns is validated here and translated into the project's English
names (`record`). Nothing else in the project reads Norwegian field names, so adapting to
the live schema is a change in this module only. Enumerations (section, status, type) are
plain strings on purpose: a new value is an additive change that dbt's accepted_values tests
report, not a reason to reject the item. A missing required field or a changed type is a
breaking change and is rejected with the endpoint, item id and field named.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

Orgnr = Annotated[str, StringConstraints(pattern=r"^\d{9}$")]


class ApiModel(BaseModel):
    # Extra fields are allowed through validation and kept in the raw payload, not the record.
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=False)


class Region(ApiModel):
    id: str
    name: str = Field(alias="navn")
    orgnr: Orgnr | None = None


class Foretak(ApiModel):
    orgnr: Orgnr
    name: str = Field(alias="navn")
    resh: str | None = None
    region: str | None = None


class Snomed(ApiModel):
    code: str = Field(alias="kode")
    term: str
    type: str


class Website(ApiModel):
    id: str
    name: str = Field(alias="navn")
    url: str
    language: str = Field(alias="sprak")
    foretak: Foretak
    region: Region
    last_changed: dt.datetime = Field(alias="sistEndret")


class Procedure(ApiModel):
    """`/prosedyrer` list item."""

    id: str
    title: str = Field(alias="tittel")
    type: str
    snomed: list[Snomed] = []
    htk: str | None = None
    specialty: str | None = Field(default=None, alias="fagomrade")
    last_changed: dt.datetime = Field(alias="sistEndret")


class ProcedureDetail(Procedure):
    """`/prosedyrer/{id}` and `/eksport/prosedyrer`: the procedure and its adopting foretak."""

    foretak: list[Foretak]


class Section(ApiModel):
    section: str = Field(alias="seksjon")
    title: str | None = Field(default=None, alias="tittel")
    html: str | None = Field(default=None, alias="tekst")


class Contact(ApiModel):
    name: str | None = Field(default=None, alias="navn")
    phone: str | None = Field(default=None, alias="telefon")
    email: str | None = Field(default=None, alias="epost")
    opening_hours: str | None = Field(default=None, alias="apningstid")


class Address(ApiModel):
    street: str | None = Field(default=None, alias="gate")
    postal_code: str | None = Field(default=None, alias="postnummer")
    city: str | None = Field(default=None, alias="poststed")


class Coordinates(ApiModel):
    lat: float
    lon: float


class AttendancePlace(ApiModel):
    id: str | None = None
    name: str | None = Field(default=None, alias="navn")
    address: Address | None = Field(default=None, alias="adresse")
    description_html: str | None = Field(default=None, alias="beskrivelse")
    coordinates: Coordinates | None = Field(default=None, alias="koordinater")


class Page(ApiModel):
    id: str
    type: str
    url: str
    language: str | None = Field(default=None, alias="sprak")
    last_changed: dt.datetime = Field(alias="sistEndret")
    approved: dt.date | None = Field(default=None, alias="godkjent")
    sections: list[Section] = Field(default=[], alias="innhold")
    contacts: list[Contact] = Field(default=[], alias="kontakt")
    attendance_places: list[AttendancePlace] = Field(default=[], alias="oppmotested")


class SearchedPage(Page):
    """Not an API shape: a `/sider?behandlingsid=&orgnr=` item (a `Page`) with the search that
    found it. The contract's page names neither procedure nor foretak, so `procedure_id` and
    `orgnr` come from the request, never from the item."""

    procedure_id: str
    orgnr: Orgnr

    @classmethod
    def found_by(cls, page: Page, procedure_id: str, orgnr: str) -> SearchedPage:
        # `page` is validated already and the search's keys are our own: no second validation
        return cls.model_construct(**dict(page), procedure_id=procedure_id, orgnr=orgnr)


class Offering(ApiModel):
    """`/prosedyrer/{id}/{orgnr}/` and `/eksport/tilbud`."""

    procedure_id: str = Field(alias="prosedyre")
    foretak: Foretak
    offered: bool = Field(alias="tilbys")
    page: Page | None = Field(alias="side")


class Hrcs(ApiModel):
    health_categories: list[str] = Field(default=[], alias="helsekategorier")
    research_activities: list[str] = Field(default=[], alias="forskningsaktiviteter")


class StudyForetak(ApiModel):
    orgnr: Orgnr
    name: str | None = Field(default=None, alias="navn")
    role: str | None = Field(default=None, alias="rolle")


class ClinicalStudy(ApiModel):
    id: str
    title: str = Field(alias="tittel")
    category: str | None = Field(default=None, alias="kategori")
    summary_html: str | None = Field(default=None, alias="sammendrag")
    status: str
    snomed: list[Snomed] = []
    hrcs: Hrcs | None = None
    cristin_id: str | None = Field(default=None, alias="cristinId")
    foretak: list[StudyForetak] = []
    url: str | None = None
    last_changed: dt.datetime = Field(alias="sistEndret")


class Venue(ApiModel):
    name: str | None = Field(default=None, alias="navn")
    address: Address | None = Field(default=None, alias="adresse")


class Event(ApiModel):
    id: str
    title: str = Field(alias="tittel")
    type: str
    start: dt.datetime
    end: dt.datetime | None = Field(default=None, alias="slutt")
    website_id: str | None = Field(default=None, alias="nettsted")
    language: str | None = Field(default=None, alias="sprak")
    foretak: Foretak
    venue: Venue | None = Field(default=None, alias="sted")
    digital: bool = Field(default=False, alias="digitalt")
    procedure_ids: list[str] = Field(default=[], alias="prosedyrer")
    url: str | None = None
    last_changed: dt.datetime = Field(alias="sistEndret")


class Envelope(ApiModel):
    """A page of a list endpoint. Items stay raw here and are validated one by one, so one
    bad item cannot take its good neighbours down with it."""

    data: list[Any]
    page: int = Field(alias="side")
    page_size: int = Field(alias="antall")
    total: int = Field(alias="totalt")
    next: str | None = Field(alias="neste")


class InvalidItem(ValueError):
    """An item that does not match the contract; names endpoint, item id and field."""

    def __init__(self, endpoint: str, item_id: str | None, field: str, reason: str):
        self.endpoint, self.item_id, self.field, self.reason = endpoint, item_id, field, reason
        super().__init__(f"{endpoint}: item {item_id or '<no id>'}: field '{field}': {reason}")


def item_identity(model: type[ApiModel], raw: Any) -> str | None:
    """Best-effort id of a raw item for error messages, before it is validated."""
    if not isinstance(raw, dict):
        return None
    if model is Offering:
        foretak = raw.get("foretak")
        orgnr = foretak.get("orgnr") if isinstance(foretak, dict) else None
        return f"{raw.get('prosedyre')}/{orgnr or '?'}"
    value = raw.get("id")
    return None if value is None else str(value)


def _field_path(location: tuple[Any, ...]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "<item>"


def parse_item(model: type[ApiModel], raw: Any, endpoint: str) -> ApiModel:
    """Validate one raw item, raising InvalidItem that names the first offending field."""
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        raise InvalidItem(
            endpoint, item_identity(model, raw), _field_path(first["loc"]), first["msg"]
        ) from None


def parse_envelope(raw: Any, endpoint: str) -> Envelope:
    try:
        return Envelope.model_validate(raw)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        raise InvalidItem(endpoint, None, _field_path(first["loc"]), first["msg"]) from None


def to_record(item: ApiModel) -> dict[str, Any]:
    """The item in the project's English names, JSON-ready."""
    return item.model_dump(mode="json")


def unknown_fields(model: type[ApiModel], raw: dict[str, Any], prefix: str = "") -> set[str]:
    """Field paths in a raw item that the contract does not know (additive schema drift),
    e.g. {"side.innhold[].lenke"}."""
    known = _known_fields(model)
    unknown = set()
    for key, value in raw.items():
        path = f"{prefix}{key}"
        if key not in known:
            unknown.add(path)
            continue
        nested = known[key]
        if nested is None:
            continue
        if isinstance(value, dict):
            unknown |= unknown_fields(nested, value, path + ".")
        elif isinstance(value, list):
            for element in value:
                if isinstance(element, dict):
                    unknown |= unknown_fields(nested, element, path + "[].")
    return unknown


@functools.cache
def _known_fields(model: type[ApiModel]) -> dict[str, type[ApiModel] | None]:
    """API field name -> the model of its value, when that is an object (or list of them)."""
    return {field.alias or name: _nested_model(field.annotation)
            for name, field in model.model_fields.items()}


def _nested_model(annotation: Any) -> type[ApiModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, ApiModel):
        return annotation
    for argument in get_args(annotation):  # Optional[...], list[...]
        found = _nested_model(argument)
        if found:
            return found
    return None
