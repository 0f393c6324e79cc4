"""How each resource is fetched: `export` (bulk NDJSON), `crawl` (list and per-item endpoints)
or `incremental` (only what changed since the last successful load: `endretEtter`, ETag).

Assets call `load(...)`; nothing here knows about Dagster.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

import duckdb

from fnsp_pipeline.api import mapping
from fnsp_pipeline.api.client import FnspClient, iso, parse, parse_line
from fnsp_pipeline.api.errors import NotFoundError, TransientError
from fnsp_pipeline.ingest import raw_resources as r
from fnsp_pipeline.ingest.fanout import bounded_map
from fnsp_pipeline.ingest.landing import (
    RawTableWriter, baseline, load_etags, read_state, save_etags, write_state,
)
from fnsp_pipeline.ingest.linked_pages import LinkedPagesLoader
from fnsp_pipeline.ingest.quarantine import (
    HeldBack, adoptions, held_back_count, held_back_in_load, hold_back_offerings,
)
from fnsp_pipeline.ingest.raw_resources import RawResource

MODES = ("export", "crawl", "incremental")
EXPORT_ATTEMPTS = 3  # a stream that breaks off is read again from the start
CURSOR_OVERLAP = dt.timedelta(minutes=1)  # refetch a little; upserts are idempotent


@dataclass
class LoadReport:
    resource: str
    mode: str
    rows: int = 0
    received: int = 0
    landed: int = 0
    rejects: list[mapping.InvalidItem] = field(default_factory=list)
    rejected: int = 0
    held_back: list[HeldBack] = field(default_factory=list)  # dependants of a missing parent
    from_adoptions: bool = False  # offerings asked for per adoption (crawl, conditional GETs)
    accepted_drop: bool = False  # the operator accepted a drop for this run (--accept-drop)
    expected_total: int | None = None
    expected_from: str = ""
    duplicate_ids: list[str] = field(default_factory=list)
    baseline_rows: int | None = None  # in the last published warehouse (None: not comparable)
    baseline_note: str = ""  # why there is nothing to compare with
    variant: str | None = None  # a setting that decides what is fetched (linked pages)
    empty_reason: str = ""  # why no rows is a right answer tonight, if it is
    schema_drift: dict[str, int] = field(default_factory=dict)
    not_modified: bool = False
    not_offered: int = 0
    resumed: bool = False  # already loaded by an earlier run of this refresh
    notes: list[str] = field(default_factory=list)
    capabilities: dict[str, str] = field(default_factory=dict)  # what the API offered tonight
    details: dict = field(default_factory=dict)  # resource-specific figures, for metadata
    etag: str | None = None
    cursor: dt.datetime | None = None
    seconds: float = 0.0
    client_stats: dict = field(default_factory=dict)

    @property
    def held_back_received(self) -> int:
        """Items received and held back (the rest were never fetched)."""
        return sum(held.received for held in self.held_back)


class ResourceLoader:
    def __init__(self, client: FnspClient, con: duckdb.DuckDBPyConnection, load_id: str,
                 loaded_at: dt.datetime, log=print, linked_pages: str = "auto"):
        self.client, self.con, self.log = client, con, log
        self.load_id, self.loaded_at = load_id, loaded_at
        self.window = client.config.concurrency * 4
        self.linked_pages = linked_pages

    async def load(self, resource: RawResource, mode: str) -> LoadReport:
        """Fetch and land one resource. The caller audits the report and then calls
        `save_state`, so that a load that fails its audit does not move the cursor."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        started = time.monotonic()
        state = read_state(self.con, resource.name)
        report = LoadReport(resource.name, mode)
        if resource is r.PAGES:
            report.variant = f"linked_pages={self.linked_pages}"
        report.baseline_rows, report.baseline_note = self._baseline(resource, report.variant)
        if state and state["_load_id"] == self.load_id and state["passed"]:
            return self._already_loaded(report, state)
        writer = RawTableWriter(self.con, resource, self.load_id, self.loaded_at)
        if writer.recreated:
            report.notes.append(f"raw.{resource.name} was laid out by an older version of the "
                                "pipeline: created anew and loaded in full")
            state = None
        await self._fetch(resource, writer, report, state)
        if resource is r.OFFERINGS:
            report.held_back = hold_back_offerings(self.con, self.load_id, self.loaded_at,
                                                   crawled=report.from_adoptions)
        counts = writer.counts
        report.rows = writer.row_count()
        report.received, report.landed, report.rejects = counts.received, counts.landed, counts.rejects
        report.rejected = len(counts.rejects)
        report.schema_drift = dict(counts.schema_drift.most_common())
        report.duplicate_ids = writer.duplicate_ids_in_load()
        writer.finish()
        if report.expected_total is None:
            # nothing fetched: what was there before tonight's hold-back is what the API has
            report.expected_total = report.rows + report.held_back_received
            report.expected_from = "rows kept (not modified)"
        previous = state["cursor"] if state else None
        report.cursor = max(filter(None, [counts.max_last_changed, previous]), default=None)
        report.seconds = round(time.monotonic() - started, 3)
        report.client_stats = {**self.client.stats.as_metadata(),
                               "rate_reductions": self.client.pacer.reductions}
        return report

    async def _fetch(self, resource: RawResource, writer: RawTableWriter, report: LoadReport,
                     state: dict | None) -> None:
        if resource.loads_by == "linked_pages":  # the same per-offering look-ups in every mode
            report.mode = "look-ups"
            await LinkedPagesLoader(self.client, self.con, self.load_id, self.loaded_at,
                                    self.window, self.linked_pages).load(writer, report)
            return
        mode = report.mode
        if mode == "incremental" and not (state and state["cursor"]):
            report.notes.append("no earlier successful load to continue from: full crawl")
            mode = report.mode = "crawl"
        if mode == "export" and resource.export is None:
            mode = report.mode = "crawl"  # the API has no bulk export of this resource
        if mode == "export":
            await self._export(resource, writer, state, report)
        elif mode == "crawl":
            await self.crawl(resource, writer, report)
        else:
            await getattr(self, f"incremental_{resource.incremental}")(writer, report, state)

    async def crawl(self, resource: RawResource, writer, report) -> None:
        """The resource's declared crawl strategy (raw_resources.py: `crawl`)."""
        await getattr(self, f"crawl_{resource.crawl}")(writer, report)

    def _baseline(self, resource: RawResource, variant: str | None) -> tuple[int | None, str]:
        rows, published_variant = baseline(self.con, resource.name)
        if rows is None:
            return None, "no earlier published load to compare with"
        if published_variant != variant:
            published = published_variant or "an older version"
            return None, f"not comparable: published with {published}, now {variant}"
        return rows, ""

    def _already_loaded(self, report: LoadReport, state: dict) -> LoadReport:
        report.mode, report.resumed = state["mode"], True
        report.rows, report.expected_total = state["rows"], state["expected_total"]
        report.expected_from = state["expected_from"] or ""
        report.rejected, report.etag, report.cursor = state["rejected"] or 0, state["etag"], state["cursor"]
        report.held_back = held_back_in_load(self.con, report.resource, self.load_id)
        report.notes.append("already loaded by an earlier run of this refresh: not fetched again")
        return report

    # -- export ----------------------------------------------------------------------

    async def _export(self, resource, writer, state, report, changed_only=False) -> None:
        """Stream `/eksport/{ressurs}`, conditional on the last load's ETag. `changed_only`
        upserts just the items that changed since (and deletes those no longer exported);
        else the export replaces the table. No export (404): the per-item fallback."""
        etag = state["etag"] if state and state["rows"] else None
        if etag and (waiting := held_back_count(self.con, resource.name)):
            # they are not in the table: only reading the export again can bring them back
            etag = None
            report.notes.append(f"{waiting} held-back items to recover: the export is read "
                                "in full (no If-None-Match)")
        try:
            for attempt in range(1, EXPORT_ATTEMPTS + 1):
                try:
                    await self._stream_export(resource, writer, report, etag, changed_only)
                    break
                except TransientError as error:  # the stream broke off: read it again
                    if attempt == EXPORT_ATTEMPTS:
                        raise
                    report.notes.append(f"{error}; reading the export again ({attempt})")
        except NotFoundError:
            fallback = "conditional per-item GETs" if changed_only else "crawled"
            report.capabilities[f"GET /eksport/{resource.export}"] = f"not offered (404): {fallback}"
            report.notes.append(f"/eksport/{resource.export} not offered by the API: {fallback}")
            if changed_only:
                await self.conditional_offerings(writer, report)
            else:
                report.mode = "crawl"
                await self.crawl(resource, writer, report)
            return
        report.capabilities[f"GET /eksport/{resource.export}"] = "available"
        if "{" not in resource.endpoint:  # a list endpoint: count against its totalt
            report.expected_total = await self.api_total(resource.endpoint)
            report.expected_from = f"totalt of GET {resource.endpoint}"

    async def _stream_export(self, resource, writer, report, etag, changed_only) -> None:
        writer.start_over()
        stored = self._change_keys(resource) if changed_only else {}
        exported = set()
        async with self.client.export(resource.export, etag) as stream:
            report.etag = stream.etag
            if stream.not_modified:
                report.not_modified = True
                report.notes.append("export not modified since the last load (ETag)")
                return
            number = 0
            async for line in stream.lines():
                number += 1
                parsed = parse_line(resource.model, line, stream.path, number)
                if changed_only and parsed.item is not None:
                    key = resource.keys(parsed.item)["id"]
                    exported.add(key)
                    if stored.get(key) == _change_key(parsed.item):
                        writer.count_unchanged()
                        continue
                writer.add(parsed, stream.path)
        if changed_only:
            gone = set(stored) - exported
            changed = writer.staged_ids()
            writer.commit("incremental", gone)
            # per-item ETags (conditional GETs without an export) describe the old versions
            save_etags(self.con, resource.name, {}, forget=gone | changed)
            report.notes.append(f"export read: {writer.counts.landed} changed or new, "
                                f"{writer.counts.unchanged} unchanged, {len(gone)} gone")
        else:
            writer.commit("export")
            save_etags(self.con, resource.name, {}, replace=True)  # rows replaced wholesale
        report.expected_total, report.expected_from = number, "export lines"

    def _change_keys(self, resource: RawResource) -> dict[str, tuple]:
        """What tells a stored offering from a changed one: its page's `sistEndret` (the
        contract's change marker for a local page) and whether it is offered."""
        assert resource is r.OFFERINGS, "only offerings are read as changes from the export"
        return {id_: (changed, offered) for id_, changed, offered in self.con.execute(
            "select id, last_changed, (record->>'offered')::boolean from raw.offerings"
        ).fetchall()}

    async def api_total(self, endpoint: str) -> int:
        async for page in self.client.iter_pages(endpoint, {"antall": 1}):
            return page.total
        raise AssertionError("unreachable")

    # -- crawl: list endpoints ---------------------------------------------------------

    async def _crawl_list(self, resource, writer, report, params=None) -> None:
        writer.start_over()
        async for page in self.client.iter_pages(resource.endpoint, params):
            report.expected_total = page.total
            for raw in page.items:
                writer.add(parse(resource.model, raw, resource.endpoint), resource.endpoint)
        report.expected_from = f"totalt of GET {resource.endpoint}"

    async def crawl_list(self, writer, report) -> None:
        await self._crawl_list(writer.resource, writer, report)
        writer.commit("crawl")

    async def incremental_list(self, writer, report, state) -> None:
        resource = writer.resource
        changed = {"endretEtter": iso(state["cursor"] - CURSOR_OVERLAP)}
        await self._crawl_list(resource, writer, report, changed)
        writer.commit("incremental")
        # Ended events, withdrawn studies, removed pages: found by the count check below.
        await self._reconcile_with_full_list(resource, writer, report)

    async def _reconcile_with_full_list(self, resource, writer, report) -> set[str]:
        """endretEtter cannot show deletions: when our count differs from the API's totalt,
        read the (cheap, paged by 500) full list and drop ids the API no longer has."""
        report.expected_total = await self.api_total(resource.endpoint)
        report.expected_from = f"totalt of GET {resource.endpoint}"
        if writer.row_count() == report.expected_total:
            return set()
        ids = set()
        async for page in self.client.iter_pages(resource.endpoint):
            ids.update(raw.get("id") for raw in page.items if isinstance(raw, dict))
        stored = self.con.execute(f"select id from raw.{resource.name}").fetchall()
        gone = {row[0] for row in stored} - ids
        if gone:
            self.con.execute(f"delete from raw.{resource.name} where id in (select unnest(?))",
                             [sorted(gone)])
            report.notes.append(f"{len(gone)} ids no longer in the API: deleted")
            for table, column in resource.cascades.items():  # declared in raw_resources.py
                self.con.execute(f"delete from raw.{table} where {column} in (select unnest(?))",
                                 [sorted(gone)])
                report.notes.append(f"and their rows in raw.{table} ({column})")
        return gone

    # -- procedures ------------------------------------------------------------------

    async def crawl_procedures(self, writer, report) -> None:
        listed = await self._list_procedure_ids(writer, report)
        await self._fetch_procedures(writer, listed)
        writer.commit("crawl")

    async def incremental_procedures(self, writer, report, state) -> None:
        listed = await self._list_procedure_ids(
            writer, report, {"endretEtter": iso(state["cursor"] - CURSOR_OVERLAP)})
        await self._fetch_procedures(writer, listed)
        writer.commit("incremental")
        await self._reconcile_with_full_list(r.PROCEDURES, writer, report)

    async def _list_procedure_ids(self, writer, report, params=None) -> list[str]:
        """Ids to fetch in detail; the detail is validated, so a list item only needs an id."""
        ids = []
        async for page in self.client.iter_pages(r.PROCEDURES.endpoint, params):
            report.expected_total = page.total
            for raw in page.items:
                if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
                    ids.append(raw["id"])
                else:
                    writer.add(parse(mapping.Procedure, raw, r.PROCEDURES.endpoint),
                               r.PROCEDURES.endpoint)
        report.expected_from = f"totalt of GET {r.PROCEDURES.endpoint}"
        return ids

    async def _fetch_procedures(self, writer, ids: list[str]) -> None:
        fetched = writer.already_fetched()
        todo = [(i,) for i in ids if i not in fetched]
        async for _, parsed in bounded_map(self.client.procedure, todo, self.window):
            writer.add(parsed, "/prosedyrer/{id}")

    # -- offerings -------------------------------------------------------------------

    async def crawl_offerings(self, writer, report) -> None:
        pairs = adoptions(self.con)
        report.from_adoptions = True
        fetched = await self._fetch_offerings(writer, report, pairs, etags={})
        writer.commit("crawl")
        save_etags(self.con, "offerings", fetched.etags, replace=True)
        report.expected_total = writer.counts.received
        report.expected_from = (f"offering responses ({len(pairs)} adoptions, "
                                f"{report.not_offered} answered 404)")

    async def incremental_offerings(self, writer, report, state) -> None:
        """The `tilbud` export with If-None-Match: one request when nothing changed, else
        read as a stream, upserting only the offerings whose page changed."""
        await self._export(r.OFFERINGS, writer, state, report, changed_only=True)

    async def conditional_offerings(self, writer, report) -> None:
        """Without an export: every adoption's offering, conditional on its stored ETag (a
        304 keeps the row). Offerings no longer adopted, or now 404, are deleted."""
        pairs = adoptions(self.con)
        report.from_adoptions = True
        stored = {row[0] for row in self.con.execute("select id from raw.offerings").fetchall()}
        etags = {k: v for k, v in load_etags(self.con, "offerings").items() if k in stored}
        fetched = await self._fetch_offerings(writer, report, pairs, etags)
        adopted = {f"{p}/{o}" for p, o in pairs}
        gone = (stored - adopted) | {f"{p}/{o}" for p, o in fetched.not_offered}
        writer.commit("incremental", gone)
        save_etags(self.con, "offerings", fetched.etags, forget=gone)
        report.expected_total = writer.counts.received + len(fetched.not_modified)
        report.expected_from = (f"offering responses ({len(pairs)} adoptions: "
                                f"{len(fetched.not_modified)} not modified, "
                                f"{report.not_offered} answered 404)")

    async def _fetch_offerings(self, writer, report, pairs, etags: dict[str, str]
                               ) -> FetchedOfferings:
        fetched = writer.already_fetched()
        todo = [(p, o, etags.get(f"{p}/{o}")) for p, o in pairs if f"{p}/{o}" not in fetched]
        result = FetchedOfferings()
        async for (p, o, _), response in bounded_map(self.client.offering, todo, self.window):
            if response is None:
                result.not_offered.append((p, o))
            elif response.not_modified:
                result.not_modified.append((p, o))
            else:
                writer.add(response.parsed, "/prosedyrer/{id}/{orgnr}/")
                if response.parsed.item is not None and response.etag:
                    result.etags[f"{p}/{o}"] = response.etag
        report.not_offered = len(result.not_offered)
        return result


@dataclass
class FetchedOfferings:
    not_offered: list[tuple[str, str]] = field(default_factory=list)  # answered 404
    not_modified: list[tuple[str, str]] = field(default_factory=list)  # answered 304
    etags: dict[str, str] = field(default_factory=dict)  # offering id -> ETag of its response


def _change_key(item: mapping.Offering) -> tuple:
    return (item.page.last_changed if item.page else None, item.offered)


def save_state(con: duckdb.DuckDBPyConnection, report: LoadReport, *, load_id: str,
               loaded_at: dt.datetime, passed: bool) -> None:
    previous = read_state(con, report.resource)
    write_state(con, {
        "resource": report.resource, "mode": report.mode, "etag": report.etag,
        # a load that failed its audit must not hide changes from the next attempt
        "cursor": report.cursor if passed else (previous or {}).get("cursor"),
        "rows": report.rows, "expected_total": report.expected_total,
        "_load_id": load_id, "_loaded_at": loaded_at,
        "rejected": report.rejected, "duplicate_ids": len(report.duplicate_ids),
        "passed": passed, "expected_from": report.expected_from, "variant": report.variant,
        "held_back": report.held_back_received, "accepted_drop": report.accepted_drop})
