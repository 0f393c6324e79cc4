"""What a warehouse holds and where it came from: the `meta` table, and the rule that the
built-in sample never silently replaces data from the live API.

`meta` is one row in the published file (schema main), written by the publish step: the
source (sample or live, the base URL without credentials), the refresh and run, the mode
and the times. A refresh reads it from the published file before it writes anything."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import duckdb

SAMPLE, LIVE = "sample", "live"
ALLOW_SAMPLE_VARIABLE = "FNSP_ALLOW_SAMPLE"
META_COLUMNS = {
    "source": "varchar",  # sample | live
    "synthetic": "boolean",  # true: the built-in synthetic sample, not FNSP's content
    "base_url": "varchar",  # live: the API's base URL without credentials, query or fragment
    "source_label": "varchar",  # as `fnsp refresh` prints it
    "sample_scale": "double",
    "sample_seed": "bigint",
    "sample_phrasing": "varchar",
    "mode": "varchar",  # export | crawl | incremental
    "refresh_id": "varchar",  # the first run of the refresh (raw rows carry it as _load_id)
    "run_id": "varchar",  # the run that published
    "refresh_started_at": "timestamptz",
    "published_at": "timestamptz",
}


class SampleWouldReplaceLive(RuntimeError):
    """A sample refresh was about to replace a warehouse that holds (or may hold) live data."""


def public_url(url: str) -> str:
    """The URL without user info, query or fragment: where a key could hide."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@dataclass(frozen=True)
class Source:
    """Where a refresh reads from: the built-in sample (`base_url` None) or a live API."""

    base_url: str | None

    @classmethod
    def of(cls, base_url: str | None) -> Source:
        return cls(public_url(base_url) if base_url else None)

    @property
    def kind(self) -> str:
        return LIVE if self.base_url else SAMPLE

    def describe(self) -> str:
        return f"the live API at {self.base_url}" if self.base_url else "the built-in synthetic sample"


def read_meta(path: Path) -> dict | None:
    """The `meta` row of a warehouse file; None when it has none (published before `meta`)."""
    with duckdb.connect(str(path), read_only=True) as con:
        return meta_row(con)


def meta_row(con: duckdb.DuckDBPyConnection) -> dict | None:
    exists = con.execute("select count(*) from information_schema.tables "
                         "where table_schema = 'main' and table_name = 'meta'").fetchone()[0]
    if not exists:
        return None
    cursor = con.execute("select * from main.meta limit 1")
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row)) if row else None


def published_source(path: Path) -> Source | None:
    """The source of what a published file holds; None when unknown (no `meta` row)."""
    meta = read_meta(path)
    if meta is None:
        return None
    return Source(meta["base_url"] if meta["source"] == LIVE else None)


def check_may_replace(published: Path, source: Source, allow_sample: bool) -> str:
    """Raise if a sample refresh would replace a warehouse that last held live data (or
    whose source is unknown) without the operator's FNSP_ALLOW_SAMPLE=1; else say why not."""
    if source.kind == LIVE:
        return f"refreshing from {source.describe()}"
    if not published.exists():
        return f"first refresh of {published}: from {source.describe()}"
    held = published_source(published)
    if held is not None and held.kind == SAMPLE:
        return f"refreshing {published} from {source.describe()}, as last time"
    what = (f"last held data from {held.describe()}" if held is not None else
            "has no meta table, so where its data came from is unknown")
    if allow_sample:
        return (f"{published} {what}; it is replaced by {source.describe()} because "
                f"{ALLOW_SAMPLE_VARIABLE}=1 (the old file is kept: `fnsp history`)")
    raise SampleWouldReplaceLive(
        f"not refreshing {published} from {source.describe()}: the warehouse {what}. Set "
        f"FNSP_BASE_URL (and FNSP_API_KEY) to refresh it from the API, point FNSP_WAREHOUSE "
        f"at another file for the sample, or set {ALLOW_SAMPLE_VARIABLE}=1 to replace it "
        f"with the sample (the current file is kept for `fnsp rollback`).")


def write_meta(con: duckdb.DuckDBPyConnection, row: dict) -> None:
    """Replace the `meta` row of the build with this refresh's (`row` has META_COLUMNS)."""
    unknown = set(row) - set(META_COLUMNS)
    if unknown:
        raise ValueError(f"not meta columns: {sorted(unknown)}")
    columns = ", ".join(f"{name} {kind}" for name, kind in META_COLUMNS.items())
    con.execute(f"create or replace table main.meta ({columns})")
    con.execute(f"insert into main.meta ({', '.join(META_COLUMNS)}) values "
                f"({', '.join('?' for _ in META_COLUMNS)})",
                [row.get(name) for name in META_COLUMNS])
