"""Write, then publish: a refresh never writes into the file analysts have open.

Each refresh builds into its own file next to the published one (same filesystem, so the
final `os.replace` is atomic): it starts as a copy of the published warehouse, so state for
incremental loads and resources a run does not refresh carry over; it is published only at
the end of a run whose checks passed. Readers holding the old file keep their view.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb


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

    def start_build(self) -> None:
        """A fresh build file: a copy of the published warehouse, or empty on the first run."""
        self.build_dir.mkdir(parents=True, exist_ok=True)
        for stale in (self.build, _wal(self.build)):
            stale.unlink(missing_ok=True)
        if self.published.exists():
            shutil.copyfile(self.published, self.build)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = duckdb.connect(str(self.build))
        try:
            yield con
        finally:
            con.close()

    def publish(self) -> int:
        """Checkpoint the build and move it onto the published path atomically; returns bytes."""
        with self.connect() as con:
            con.execute("checkpoint")
        if _wal(self.build).exists():
            raise RuntimeError(f"{self.build} still has a write-ahead log after checkpoint")
        size = self.build.stat().st_size
        self.published.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.build, self.published)
        return size


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")
