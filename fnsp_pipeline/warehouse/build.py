"""Write, audit, publish: a refresh never writes into the file analysts have open.

A refresh builds into its own file next to the published one (same filesystem, so the final
`os.replace` is atomic). The build starts as a copy of the published warehouse, so load state
and resources a run does not refresh carry over, and it is published only at the end of a run
whose checks passed. Readers holding the old file keep their view. A refresh that failed or
was killed leaves its build and a marker behind; the next run resumes it instead of fetching
again what was already fetched. Published versions are kept (hard links, no copies) so that
`fnsp rollback` can put one back. Sample data and live data never mix in one build
(`provenance.py`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb

from fnsp_pipeline.warehouse.provenance import LIVE, Source, published_source

DEFAULT_MEMORY_LIMIT = "256MB"
BASELINE_SQL = """
create schema if not exists raw;
alter table raw._load_state add column if not exists variant varchar;
create or replace table raw._baseline as
select resource, rows, variant from raw._load_state
"""


@dataclass(frozen=True)
class Refresh:
    id: str  # the first run of the refresh; rows it lands carry it as _load_id
    resumed: bool


@dataclass(frozen=True)
class WarehouseFiles:
    published: Path

    @property
    def build_dir(self) -> Path:
        return self.published.parent / ".build"

    @property
    def build(self) -> Path:
        return self.build_dir / self.published.name

    @property
    def lock(self) -> Path:
        return self.build_dir / "refresh.lock"

    @property
    def marker(self) -> Path:
        return self.build_dir / "refresh.json"

    @property
    def history_dir(self) -> Path:
        return self.published.parent / "history"

    def start_build(self, run_id: str, source: Source, resume: bool = True) -> Refresh:
        """Resume the unfinished refresh's build, or start one from the published warehouse.
        Only data of the same kind carries over: a build of the sample after the live API
        (or of the live API after the sample) starts empty."""
        self.build_dir.mkdir(parents=True, exist_ok=True)
        unfinished = json.loads(self.marker.read_text()) if self.marker.exists() else {}
        if resume and self.build.exists() and unfinished.get("source") == source.kind:
            return Refresh(unfinished["refresh_id"], resumed=True)
        for stale in (self.build, _wal(self.build), self.marker):
            stale.unlink(missing_ok=True)
        if self.published.exists() and self._carries_over_to(source):
            shutil.copyfile(self.published, self.build)
            with self.connect() as con:  # what the circuit breakers compare against
                if con.execute("select count(*) from information_schema.tables where "
                               "table_schema = 'raw' and table_name = '_load_state'").fetchone()[0]:
                    con.execute(BASELINE_SQL)
        self.marker.write_text(json.dumps({"refresh_id": run_id, "started_at": _now(),
                                           "source": source.kind}))
        return Refresh(run_id, resumed=False)

    def _carries_over_to(self, source: Source) -> bool:
        held = published_source(self.published)
        if held is None:  # published before `meta`: the operator's configuration made it
            return source.kind == LIVE  # (a sample refresh only gets here with FNSP_ALLOW_SAMPLE)
        # by kind, not URL: a live API moved to another address is still the same data, and
        # the circuit breakers must compare against what it published before
        return held.kind == source.kind

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        # A bounded buffer pool: DuckDB writes pages back to the file (or spills) instead of
        # keeping the whole build in memory.
        con = duckdb.connect(str(self.build), config={
            "memory_limit": os.environ.get("FNSP_DUCKDB_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT,
            "temp_directory": str(self.build_dir / "spill")})
        try:
            yield con
        finally:
            con.close()

    def publish(self, keep: int) -> int:
        """Checkpoint the build, keep the current published file in history, move the build
        onto the published path atomically; returns the published size in bytes."""
        with self.connect() as con:
            con.execute("checkpoint")
        if _wal(self.build).exists():
            raise RuntimeError(f"{self.build} still has a write-ahead log after checkpoint")
        size = self.build.stat().st_size
        self._keep_current(keep)
        os.replace(self.build, self.published)
        self.marker.unlink(missing_ok=True)
        return size

    def history(self) -> list[Path]:
        """Earlier published warehouses, newest first."""
        return sorted(self.history_dir.glob(f"*__{self.published.name}"), reverse=True)

    def rollback(self, to: Path, keep: int) -> None:
        """Publish an earlier version again (the current one goes to history first)."""
        if to.parent != self.history_dir or not to.exists():
            raise FileNotFoundError(f"{to} is not a kept version (see `fnsp history`)")
        staged = self.build_dir / f"rollback__{self.published.name}"
        self.build_dir.mkdir(parents=True, exist_ok=True)
        staged.unlink(missing_ok=True)
        os.link(to, staged)
        self._keep_current(keep)
        os.replace(staged, self.published)

    def _keep_current(self, keep: int) -> None:
        if not self.published.exists():
            return
        self.history_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        os.link(self.published, self.history_dir / f"{stamp}__{self.published.name}")
        for old in self.history()[keep:]:
            old.unlink()


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
