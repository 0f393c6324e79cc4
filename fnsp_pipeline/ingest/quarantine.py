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
    rejected procedures whose offerings were therefore never asked for."""
    adopted = set(adoptions(con))
    procedures = {pid for pid, _ in adopted} | {row[0] for row in con.execute(
        "select id from raw.procedures").fetchall()}
    rejected = rejected_procedures(con)
    held, rows = [], []
    for id_, pid, orgnr, payload, source in con.execute(
            "select id, procedure_id, orgnr, payload, _source from raw.offerings order by id"
    ).fetchall():
        if (pid, orgnr) in adopted:
            continue
        if pid in rejected:
            item = HeldBack(id_, "prosedyre", f"parent prosedyrer/{pid} rejected")
        elif pid not in procedures:
            item = HeldBack(id_, "prosedyre", f"parent prosedyrer/{pid} not landed tonight "
                                              "(not served, or rejected without a readable id)")
        else:
            item = HeldBack(id_, "foretak.orgnr",
                            f"foretak {orgnr} is not in the foretak list of prosedyrer/{pid}")
        held.append(item)
        rows.append(("offerings", source, id_, item.field, item.reason, payload, load_id,
                     loaded_at, HELD_BACK))
    if crawled:
        for pid in sorted(rejected - procedures):
            item = HeldBack(f"{pid}/*", "prosedyre",
                            f"parent prosedyrer/{pid} rejected: its offerings were not fetched "
                            "(its foretak list is in the rejected item)", received=False)
            held.append(item)
            rows.append(("offerings", "/prosedyrer/{id}/{orgnr}/", item.item_id, item.field,
                         item.reason, None, load_id, loaded_at, HELD_BACK))
    con.execute("begin")
    con.execute("delete from raw._rejects where resource = 'offerings' and kind = ?", [HELD_BACK])
    insert_rows(con, "raw._rejects", rows)
    moved = sorted(h.item_id for h in held if h.received)
    con.execute("delete from raw.offerings where id in (select unnest(?))", [moved])
    con.execute("delete from raw._item_etags where resource = 'offerings' and id in "
                "(select unnest(?))", [moved])
    con.execute("commit")
    return held
