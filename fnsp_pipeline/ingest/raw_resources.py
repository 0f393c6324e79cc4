"""The API's resources as this project lands them: one raw table (and Dagster asset) each,
declared once here (dlt-style): endpoint and export, the model items validate as, keys, how
each mode writes the table, the crawl and incremental strategy, what it is fetched from, and
what a deletion cascades to. The loaders (loaders.py, landing.py) are generic over this."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from fnsp_pipeline.api import mapping


# How a load writes the table: `replace` (the load is the table: what it lacks is gone) or
# `merge` (rows fetched again replace theirs, named deletions go, the rest is kept).
FULL_LOADS = {"export": "replace", "crawl": "replace", "incremental": "merge"}
WRITE_DISPOSITIONS = ("replace", "merge")
# Strategies (methods of loaders.ResourceLoader: crawl_<crawl>, incremental_<incremental>).
CRAWL_STRATEGIES = ("list", "procedures", "offerings")
INCREMENTAL_STRATEGIES = ("list", "procedures", "offerings")


@dataclass(frozen=True)
class RawResource:
    name: str  # table raw.<name>, asset fnsp/<name>
    endpoint: str  # list endpoint, for crawl and incremental
    export: str | None  # /eksport/{export}; None: the API has none, export mode crawls
    model: type[mapping.ApiModel]
    key_columns: dict[str, str]  # typed columns besides id: name -> DuckDB type
    keys: Callable[[Any], dict[str, Any]]  # validated item -> {"id": ..., **key_columns}
    description: str
    companions: dict[str, str] = field(default_factory=dict)  # raw._<name> written beside it
    # load mode (as the load report names it) -> write disposition
    write_disposition: dict[str, str] = field(default_factory=lambda: dict(FULL_LOADS))
    crawl: str | None = "list"  # how a crawl reads it (None: not by mode, see `loads_by`)
    incremental: str | None = "list"  # how an incremental load reads what changed
    loads_by: str | None = None  # a loader of its own, the same in every mode (linked pages)
    depends_on: tuple[str, ...] = ()  # resources it is fetched from: loaded first
    # deleting an item of this resource deletes these rows: raw.<table> where <column> = id
    cascades: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        assert set(self.write_disposition.values()) <= set(WRITE_DISPOSITIONS), self.name
        assert self.loads_by or (self.crawl in CRAWL_STRATEGIES
                                 and self.incremental in INCREMENTAL_STRATEGIES), self.name

    def disposition(self, mode: str) -> str:
        try:
            return self.write_disposition[mode]
        except KeyError:
            raise ValueError(f"raw.{self.name}: no write disposition declared for a {mode!r} "
                             f"load (declared: {', '.join(self.write_disposition)})") from None


WEBSITES = RawResource(
    "websites", "/nettsteder", "nettsteder", mapping.Website,
    {"orgnr": "varchar", "region_id": "varchar", "language": "varchar"},
    lambda w: {"id": w.id, "orgnr": w.foretak.orgnr, "region_id": w.region.id,
               "language": w.language},
    "Every FNSP website, one row per language version (GET /nettsteder).",
)
PROCEDURES = RawResource(
    "procedures", "/prosedyrer", "prosedyrer", mapping.ProcedureDetail, {},
    lambda p: {"id": p.id},
    "Treatments and examinations with the foretak that adopted them "
    "(GET /prosedyrer/{id}, or /eksport/prosedyrer).",
    crawl="procedures", incremental="procedures",
    cascades={"offerings": "procedure_id"},  # a procedure gone from the API takes its offerings
)
OFFERINGS = RawResource(
    "offerings", "/prosedyrer/{id}/{orgnr}/", "tilbud", mapping.Offering,
    {"procedure_id": "varchar", "orgnr": "varchar"},
    lambda o: {"id": f"{o.procedure_id}/{o.foretak.orgnr}", "procedure_id": o.procedure_id,
               "orgnr": o.foretak.orgnr},
    "Procedure x foretak offerings with the local page (GET /prosedyrer/{id}/{orgnr}/, or "
    "/eksport/tilbud). An adopting foretak without a row answered 404.",
    crawl="offerings", incremental="offerings", depends_on=("procedures",),
)
PAGES = RawResource(
    "pages", "/sider", None, mapping.Page,  # items validate as Page; land as SearchedPage
    {"procedure_id": "varchar", "orgnr": "varchar", "page_id": "varchar",
     "page_type": "varchar"},
    lambda p: {"id": f"{p.procedure_id}/{p.orgnr}/{p.id}", "procedure_id": p.procedure_id,
               "orgnr": p.orgnr, "page_id": p.id, "page_type": p.type},
    "Pages found by each looked-up offering's page search (GET /sider?behandlingsid=&orgnr=): "
    "its treatment page and the place and department pages it links to, one row per "
    "offering and page. Which offerings are looked up: FNSP_LINKED_PAGES (auto: those whose "
    "treatment page lacks contact details or an attendance place).",
    {"page_lookups": "The last page search of each offering whose linked pages are wanted "
                     "(raw._page_lookups): found, not_found (404) or failed (retried next "
                     "night), and the treatment page's sistEndret it was made for."},
    write_disposition={"look-ups": "merge"}, crawl=None, incremental=None,
    loads_by="linked_pages", depends_on=("offerings",),
)
CLINICAL_STUDIES = RawResource(
    "clinical_studies", "/kliniske-studier", "kliniske-studier", mapping.ClinicalStudy, {},
    lambda s: {"id": s.id},
    "Clinical studies with SNOMED CT, HRCS and CRISTIN codes (GET /kliniske-studier).",
)
EVENTS = RawResource(
    "events", "/arrangementer", "arrangementer", mapping.Event,
    {"start_at": "timestamptz", "end_at": "timestamptz"},
    lambda e: {"id": e.id, "start_at": e.start, "end_at": e.end},
    "Future events and courses at all foretak (GET /arrangementer).",
)

ALL_RESOURCES = (WEBSITES, PROCEDURES, OFFERINGS, PAGES, CLINICAL_STUDIES, EVENTS)


def resource_named(name: str) -> RawResource:
    """The resource a user names as `clinical_studies`, `raw.clinical_studies` or
    `fnsp/clinical_studies`; a clear error listing the names otherwise."""
    bare = name.strip().removeprefix("raw.").removeprefix("fnsp/")
    for resource in ALL_RESOURCES:
        if resource.name == bare:
            return resource
    raise ValueError(f"unknown resource {name!r}; one of: "
                     f"{', '.join(r.name for r in ALL_RESOURCES)}")
