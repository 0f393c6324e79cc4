"""Linked place and department pages: the second look before a missing-contact or
missing-attendance-place finding.

The `tilbud` export (or the offering endpoint) carries each treatment page with its own
`kontakt` and `oppmotested`. The place and department pages it links to are only reachable
through the contract's page search, `GET /sider?behandlingsid={id}&orgnr={orgnr}`, one
request per offering. Which offerings are looked up is `FNSP_LINKED_PAGES`:

- `auto` (default): only those whose treatment page lacks `kontakt` or `oppmotested`, where
  a linked page can change a finding;
- `all`: every offering with a treatment page;
- `off`: none (and the pages kept from earlier look-ups are dropped).

A look-up is done again only when its treatment page's `sistEndret` has moved since, or when
it failed. A failed look-up is recorded in `raw._page_lookups` (with what the API said) and
retried next night; it never fails the refresh. After `FAILURES_IN_A_ROW` failures with no
success in between, the page search counts as unavailable tonight: the rest is not
attempted (and is retried next night).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass

import duckdb

from fnsp_pipeline.api import mapping
from fnsp_pipeline.api.client import FnspClient, PageSearch, Parsed
from fnsp_pipeline.api.errors import FnspApiError
from fnsp_pipeline.ingest.fanout import bounded_map
from fnsp_pipeline.ingest.landing import RawTableWriter, insert_rows
from fnsp_pipeline.settings import LINKED_PAGES

SETTINGS = LINKED_PAGES  # FNSP_LINKED_PAGES
FAILURES_IN_A_ROW = 10
SEARCH = "GET /sider?behandlingsid=&orgnr="

LOOKUPS_TABLE = """
create table if not exists raw._page_lookups (
    procedure_id varchar, orgnr varchar, page_last_changed timestamptz, outcome varchar,
    pages_found integer, error varchar, _load_id varchar, _looked_up_at timestamptz,
    primary key (procedure_id, orgnr))
"""
# Offerings with a treatment page, and whether that page lacks contact details or a place.
OFFERINGS_WITH_A_PAGE = """
select procedure_id, orgnr, last_changed,
       coalesce(json_array_length(record, '$.page.contacts'), 0) = 0
           or coalesce(json_array_length(record, '$.page.attendance_places'), 0) = 0
from raw.offerings
where json_type(record, '$.page') = 'OBJECT'
order by procedure_id, orgnr
"""


@dataclass(frozen=True)
class Wanted:
    procedure_id: str
    orgnr: str
    page_last_changed: dt.datetime | None

    @property
    def key(self) -> tuple[str, str]:
        return self.procedure_id, self.orgnr


@dataclass(frozen=True)
class Outcome:
    wanted: Wanted
    name: str  # found, not_found (the API answered 404) or failed
    pages_found: int = 0
    error: str | None = None  # what the API said, when it failed


def wanted_offerings(con: duckdb.DuckDBPyConnection, setting: str) -> list[Wanted]:
    if setting not in SETTINGS:
        raise ValueError(f"FNSP_LINKED_PAGES must be one of {', '.join(SETTINGS)}, got {setting!r}")
    if setting == "off":
        return []
    rows = con.execute(OFFERINGS_WITH_A_PAGE).fetchall()
    return [Wanted(pid, orgnr, changed) for pid, orgnr, changed, lacks in rows
            if setting == "all" or lacks]


def lookup_state(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple]:
    con.execute(LOOKUPS_TABLE)
    rows = con.execute("select procedure_id, orgnr, page_last_changed, outcome "
                       "from raw._page_lookups").fetchall()
    return {(pid, orgnr): (changed, outcome) for pid, orgnr, changed, outcome in rows}


def is_current(state: tuple | None, wanted: Wanted) -> bool:
    """Looked up since the treatment page last changed, and the look-up did not fail."""
    return (state is not None and state[1] != "failed"
            and state[0] == wanted.page_last_changed)


class LinkedPagesLoader:
    def __init__(self, client: FnspClient, con: duckdb.DuckDBPyConnection, load_id: str,
                 loaded_at: dt.datetime, window: int, setting: str):
        self.client, self.con, self.window, self.setting = client, con, window, setting
        self.load_id, self.loaded_at = load_id, loaded_at

    async def load(self, writer: RawTableWriter, report) -> None:
        wanted = wanted_offerings(self.con, self.setting)
        state = lookup_state(self.con)
        writer.already_fetched()  # counts what an interrupted run of this refresh landed
        resumed = {tuple(row) for row in self.con.execute(
            f"select distinct procedure_id, orgnr from {writer.staging}").fetchall()}
        todo = [w for w in wanted
                if w.key not in resumed and not is_current(state.get(w.key), w)]
        outcomes, searched_total = [], len(writer.already_fetched_ids)
        async for outcome, search in self._look_up_all(todo):  # landed as they come, so a
            outcomes.append(outcome)                           # killed run resumes
            if search is not None:
                searched_total += search.total
                for parsed in search.pages:
                    writer.add(_found_by(parsed, outcome.wanted), search.endpoint)
        wanted_keys = {w.key for w in wanted}
        replaced = {o.wanted.key for o in outcomes if o.name != "failed"} | resumed
        stored = {tuple(r) for r in self.con.execute(
            "select distinct procedure_id, orgnr from raw.pages").fetchall()}
        dropped = {key for key in stored if key not in wanted_keys}
        writer.commit(report.mode, self._ids_of(replaced | dropped))
        self._save_lookups(wanted, outcomes, resumed)
        landed = writer.counts.landed
        report.expected_total = writer.row_count() - landed + searched_total
        answered = sum(1 for o in outcomes if o.name != "failed")
        report.expected_from = ("rows kept from earlier look-ups + totalt of tonight's "
                                f"{answered} page searches")
        self._describe(report, wanted, todo, outcomes, resumed, dropped)
        if not self.con.execute("select count(*) from raw.pages").fetchone()[0]:
            report.empty_reason = (f"FNSP_LINKED_PAGES={self.setting}, {len(wanted)} offerings "
                                   "wanted a look-up and none found pages")

    async def _look_up_all(self, todo: list[Wanted]
                           ) -> AsyncIterator[tuple[Outcome, PageSearch | None]]:
        in_a_row, last_error, done = 0, None, set()
        # aclosing: leaving early cancels the look-ups still in flight at once
        async with aclosing(bounded_map(self._look_up, [(w,) for w in todo],
                                        self.window)) as results:
            async for (wanted,), (outcome, search) in results:
                yield outcome, search
                done.add(wanted.key)
                in_a_row = in_a_row + 1 if outcome.error else 0
                last_error = outcome.error or last_error
                if in_a_row >= FAILURES_IN_A_ROW:
                    break
        if len(done) < len(todo):  # the breaker tripped: the rest waits for tomorrow
            reason = (f"not attempted: {FAILURES_IN_A_ROW} page searches in a row failed "
                      f"(last: {last_error})")
            for wanted in todo:
                if wanted.key not in done:
                    yield Outcome(wanted, "failed", error=reason), None

    async def _look_up(self, wanted: Wanted) -> tuple[Outcome, PageSearch | None]:
        try:
            search = await self.client.search_pages(*wanted.key)
        except FnspApiError as error:
            return Outcome(wanted, "failed", error=str(error)), None
        if search is None:
            return Outcome(wanted, "not_found"), None
        return Outcome(wanted, "found", len(search.pages)), search

    def _ids_of(self, keys: set[tuple[str, str]]) -> set[str]:
        if not keys:
            return set()
        self.con.execute("create or replace temp table _offering_keys "
                         "(procedure_id varchar, orgnr varchar)")
        insert_rows(self.con, "_offering_keys", sorted(keys))
        rows = self.con.execute("select id from raw.pages inner join _offering_keys "
                                "using (procedure_id, orgnr)").fetchall()
        self.con.execute("drop table _offering_keys")
        return {row[0] for row in rows}

    def _save_lookups(self, wanted: list[Wanted], outcomes: list[Outcome],
                      resumed: set[tuple[str, str]]) -> None:
        by_key = {w.key: w for w in wanted}
        rows = [(*o.wanted.key, o.wanted.page_last_changed, o.name, o.pages_found, o.error,
                 self.load_id, self.loaded_at) for o in outcomes]
        rows += [(*key, by_key[key].page_last_changed, "found", None, None, self.load_id,
                  self.loaded_at) for key in resumed if key in by_key]
        self.con.execute("begin")
        self.con.execute("create or replace temp table _wanted (procedure_id varchar, orgnr varchar)")
        insert_rows(self.con, "_wanted", sorted(by_key))
        self.con.execute("delete from raw._page_lookups where (procedure_id, orgnr) not in "
                         "(select (procedure_id, orgnr) from _wanted)")
        self.con.execute("drop table _wanted")
        insert_rows(self.con, "raw._page_lookups", rows, or_replace=True)
        self.con.execute("commit")

    def _describe(self, report, wanted, todo, outcomes, resumed, dropped) -> None:
        counts = Counter(o.name for o in outcomes)
        failed = [o for o in outcomes if o.name == "failed"]
        report.details = {
            "setting": self.setting, "wanted": len(wanted), "looked_up": len(outcomes),
            "up_to_date": len(wanted) - len(todo) - len(resumed & {w.key for w in wanted}),
            "resumed": len(resumed), "found": counts["found"], "not_found": counts["not_found"],
            "failed": counts["failed"], "dropped": len(dropped),
            "first_failures": [f"{o.wanted.procedure_id}/{o.wanted.orgnr}: {o.error}"
                               for o in failed[:5]],
        }
        if self.setting == "off":
            report.capabilities[SEARCH] = "not used (FNSP_LINKED_PAGES=off)"
        elif not outcomes:
            report.capabilities[SEARCH] = "not needed tonight (every look-up up to date)"
        elif counts["failed"] == len(outcomes):
            report.capabilities[SEARCH] = (f"failing: all {len(outcomes)} look-ups failed "
                                           f"(first: {failed[0].error}); retried next night")
        else:
            report.capabilities[SEARCH] = (f"available: {len(outcomes) - counts['failed']} of "
                                           f"{len(outcomes)} look-ups answered")
        report.notes.append(
            f"linked pages ({self.setting}): {len(wanted)} offerings wanted, "
            f"{len(outcomes)} looked up ({counts['found']} found, {counts['not_found']} "
            f"answered 404, {counts['failed']} failed), {len(dropped)} no longer wanted")
        if failed:
            report.notes.append(f"{len(failed)} linked-page look-ups failed and will be retried "
                                f"next night; first: {report.details['first_failures'][0]}")


def _found_by(parsed: Parsed, wanted: Wanted) -> Parsed:
    if parsed.item is None:
        return parsed
    item = mapping.SearchedPage.found_by(parsed.item, *wanted.key)
    return Parsed(parsed.raw, item, text=parsed.text)
