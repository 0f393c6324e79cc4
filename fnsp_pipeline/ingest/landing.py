"""Landing validated items in DuckDB schema `raw`, batch by batch.

Each raw table keeps the payload exactly as received, the record in the project's names,
typed key columns and lineage (`_load_id`, `_loaded_at`, `_source`). A load writes into a
staging table first and swaps it in at the end, so a failed load leaves the old rows.
Invalid items go to `raw._rejects` with endpoint, item id, field and reason.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from fnsp_pipeline.api import mapping
from fnsp_pipeline.api.client import Parsed
from fnsp_pipeline.ingest.resources import RawResource

BATCH_ROWS = 1000

SYSTEM_TABLES = """
create schema if not exists raw;
create table if not exists raw._rejects (
    resource varchar, endpoint varchar, item_id varchar, field varchar, reason varchar,
    payload varchar, _load_id varchar, _loaded_at timestamptz);
create table if not exists raw._load_state (
    resource varchar primary key, mode varchar, etag varchar, cursor timestamptz,
    rows bigint, expected_total bigint, _load_id varchar, _loaded_at timestamptz);
"""


def ensure_system_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SYSTEM_TABLES)


def table_columns(resource: RawResource) -> dict[str, str]:
    return {"id": "varchar", **resource.key_columns, "last_changed": "timestamptz",
            "record": "json", "payload": "json", "_load_id": "varchar",
            "_loaded_at": "timestamptz", "_source": "varchar"}


def _create_sql(name: str, resource: RawResource, temporary: bool = False) -> str:
    columns = ", ".join(f'"{c}" {t}' for c, t in table_columns(resource).items())
    return f"create {'temp ' if temporary else ''}table if not exists {name} ({columns})"


@dataclass
class LoadCounts:
    received: int = 0
    landed: int = 0
    rejects: list[mapping.InvalidItem] = field(default_factory=list)
    max_last_changed: dt.datetime | None = None


class RawTableWriter:
    """Collects one load of a resource; `commit_full` or `commit_upsert` makes it visible."""

    def __init__(self, con: duckdb.DuckDBPyConnection, resource: RawResource,
                 load_id: str, loaded_at: dt.datetime):
        self.con, self.resource = con, resource
        self.load_id, self.loaded_at = load_id, loaded_at
        self.table = f"raw.{resource.name}"
        self.staging = f"_staging_{resource.name}"
        self.counts = LoadCounts()
        self._rows: list[tuple] = []
        self._reject_rows: list[tuple] = []
        ensure_system_tables(con)
        con.execute(_create_sql(self.table, resource))
        con.execute(f"drop table if exists {self.staging}")
        con.execute(_create_sql(self.staging, resource, temporary=True))

    def add(self, parsed: Parsed, source: str) -> None:
        self.counts.received += 1
        payload = parsed.text or json.dumps(parsed.raw, ensure_ascii=False)
        if parsed.error is not None:
            error = parsed.error
            self.counts.rejects.append(error)
            self._reject_rows.append((self.resource.name, error.endpoint, error.item_id,
                                      error.field, error.reason, payload, self.load_id,
                                      self.loaded_at))
            return
        item = parsed.item
        last_changed = _last_changed(item)
        if last_changed and (self.counts.max_last_changed is None
                             or last_changed > self.counts.max_last_changed):
            self.counts.max_last_changed = last_changed
        keys = self.resource.keys(item)
        record = json.dumps(mapping.to_record(item), ensure_ascii=False)
        self._rows.append((*keys.values(), last_changed, record, payload, self.load_id,
                           self.loaded_at, source))
        if len(self._rows) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self._rows:
            frame = pd.DataFrame(self._rows, columns=list(table_columns(self.resource)))
            self.con.execute(f"insert into {self.staging} select * from frame")
            self.counts.landed += len(self._rows)
            self._rows.clear()
        if self._reject_rows:
            self.con.executemany("insert into raw._rejects values (?, ?, ?, ?, ?, ?, ?, ?)",
                                 self._reject_rows)
            self._reject_rows.clear()

    def commit_full(self) -> None:
        """Replace the table with this load."""
        self.flush()
        self.con.execute("begin")
        self.con.execute(f"delete from {self.table}")
        self.con.execute(f"insert into {self.table} select distinct on (id) * from {self.staging} "
                         "order by id, last_changed desc")
        self.con.execute("commit")

    def commit_upsert(self, delete_ids: set[str] = frozenset()) -> None:
        """Replace the rows this load fetched again, delete `delete_ids`, keep the rest."""
        self.flush()
        self.con.execute("begin")
        self.con.execute(f"delete from {self.table} where id in (select id from {self.staging})")
        if delete_ids:
            self.con.execute(f"delete from {self.table} where id in (select unnest(?))",
                             [sorted(delete_ids)])
        self.con.execute(f"insert into {self.table} select distinct on (id) * from {self.staging} "
                         "order by id, last_changed desc")
        self.con.execute("commit")

    def row_count(self) -> int:
        return self.con.execute(f"select count(*) from {self.table}").fetchone()[0]

    def duplicate_ids_in_load(self) -> list[str]:
        """Ids the API returned more than once in this load (the table keeps one of each)."""
        return [r[0] for r in self.con.execute(
            f"select id from {self.staging} group by id having count(*) > 1 order by id limit 20"
        ).fetchall()]


def _last_changed(item: Any) -> dt.datetime | None:
    if isinstance(item, mapping.Offering):
        return item.page.last_changed if item.page else None
    return getattr(item, "last_changed", None)


def read_state(con: duckdb.DuckDBPyConnection, resource: str) -> dict[str, Any] | None:
    ensure_system_tables(con)
    row = con.execute("select mode, etag, cursor, rows from raw._load_state where resource = ?",
                      [resource]).fetchone()
    return None if row is None else dict(zip(("mode", "etag", "cursor", "rows"), row))


def write_state(con: duckdb.DuckDBPyConnection, resource: str, *, mode: str, etag: str | None,
                cursor: dt.datetime | None, rows: int, expected_total: int | None,
                load_id: str, loaded_at: dt.datetime) -> None:
    con.execute("insert or replace into raw._load_state values (?, ?, ?, ?, ?, ?, ?, ?)",
                [resource, mode, etag, cursor, rows, expected_total, load_id, loaded_at])
