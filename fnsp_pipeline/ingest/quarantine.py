"""What happens to the dependants of an item that is not landed tonight: one rule per
relationship (written down in docs/quarantine.md), applied here and nowhere else.

- An offering whose procedure is not landed (rejected, or not served) is **held back**: moved
  from raw.offerings to raw._rejects (kind `held_back`, with its payload) under the reason
  "parent prosedyrer/<id> rejected". So are its local description and its linked pages, which
  come with it. An offering means "this procedure at this foretak"; without the procedure it
  has no title, codes or adoption to hang on, and the per-procedure votes of the
  data-quality checks would count it against an unknown procedure.
- An offering whose foretak is not in its (landed) procedure's foretak list is held back
  too: the marts' offerings are the procedure's adoptions.
- In crawl mode a rejected procedure's offerings are not fetched at all (its foretak list is
  in the rejected item); one `held_back` row per such procedure says so.

The other direction keeps the dependants (dbt and the checks show the missing parent):
a rejected offering leaves its adoption in `fct_procedure_offering` with
`is_offering_rejected`; a rejected website leaves its events, whose `website_id` the
`orphan_reference` check reports; foretak are known from every mention, not from websites
alone. Studies and events carry their codes and links inside the item, so nothing else
depends on them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb

from fnsp_pipeline.ingest.landing import HELD_BACK, REJECTED, insert_rows


@dataclass(frozen=True)
class HeldBack:
    item_id: str
    field: str
    reason: str
    received: bool = True  # fetched and moved to raw._rejects; False: never fetched

    def __str__(self) -> str:
        return f"{self.item_id}: {self.reason}"


def adoptions(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(procedure id, orgnr) of every landed procedure's foretak list, in order."""
    rows = con.execute("select id, record from raw.procedures").fetchall()
    return [(pid, f["orgnr"]) for pid, record in sorted(rows)
            for f in json.loads(record)["foretak"]]


def rejected_procedures(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute(
        "select item_id from raw._rejects where resource = 'procedures' and kind = ? "
        "and item_id is not null", [REJECTED]).fetchall()}


def held_back_count(con: duckdb.DuckDBPyConnection, resource: str) -> int:
    """Items of the resource held back by an earlier load, their payload kept."""
    return con.execute("select count(*) from raw._rejects where resource = ? and kind = ? "
                       "and payload is not null", [resource, HELD_BACK]).fetchone()[0]


def hold_back_offerings(con: duckdb.DuckDBPyConnection, load_id: str, loaded_at: dt.datetime,
                        crawled: bool) -> list[HeldBack]:
    """Move the offerings without a landed parent to raw._rejects; `crawled`: also note the
    rejected procedures whose offerings were therefore never asked for. Only keys are read
    into Python: the payloads of the few held back move inside DuckDB."""
    adopted = set(adoptions(con))
    procedures = {row[0] for row in con.execute("select id from raw.procedures").fetchall()}
    rejected = rejected_procedures(con)
    held = []
    for id_, pid, orgnr in con.execute(
            "select id, procedure_id, orgnr from raw.offerings order by id").fetchall():
        if (pid, orgnr) in adopted:
            continue
        if pid in rejected:
            held.append(HeldBack(id_, "prosedyre", f"parent prosedyrer/{pid} rejected"))
        elif pid not in procedures:
            held.append(HeldBack(id_, "prosedyre", f"parent prosedyrer/{pid} not landed tonight "
                                                   "(not served, or rejected without a readable id)"))
        else:
            held.append(HeldBack(id_, "foretak.orgnr",
                                 f"foretak {orgnr} is not in the foretak list of prosedyrer/{pid}"))
    moved = [h.item_id for h in held]
    if crawled:
        held += [HeldBack(f"{pid}/*", "prosedyre",
                          f"parent prosedyrer/{pid} rejected: its offerings were not fetched "
                          "(its foretak list is in the rejected item)", received=False)
                 for pid in sorted(rejected - procedures)]
    con.execute("begin")
    con.execute("delete from raw._rejects where resource = 'offerings' and kind = ?", [HELD_BACK])
    con.execute("create or replace temp table _held_back (item_id varchar, field varchar, "
                "reason varchar, received boolean)")
    insert_rows(con, "_held_back", [(h.item_id, h.field, h.reason, h.received) for h in held])
    con.execute(
        "insert into raw._rejects select 'offerings', coalesce(o._source, ?), h.item_id, "
        "h.field, h.reason, o.payload, ?, ?, ? from _held_back h "
        "left join raw.offerings o on o.id = h.item_id and h.received",
        ["/prosedyrer/{id}/{orgnr}/", load_id, loaded_at, HELD_BACK])
    con.execute("drop table _held_back")
    con.execute("delete from raw.offerings where id in (select unnest(?))", [moved])
    con.execute("delete from raw._item_etags where resource = 'offerings' and id in "
                "(select unnest(?))", [moved])
    con.execute("commit")
    return held


def held_back_in_load(con: duckdb.DuckDBPyConnection, resource: str,
                      load_id: str) -> list[HeldBack]:
    """What a load held back, read again (a rerun that finds the resource already loaded)."""
    return [HeldBack(item_id, field, reason, payload is not None)
            for item_id, field, reason, payload in con.execute(
                "select item_id, field, reason, payload from raw._rejects where resource = ? "
                "and kind = ? and _load_id = ? order by item_id",
                [resource, HELD_BACK, load_id]).fetchall()]
