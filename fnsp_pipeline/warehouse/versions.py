"""`fnsp history` and `fnsp rollback`: the published warehouse and the versions kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from fnsp_pipeline.settings import load_settings
from fnsp_pipeline.warehouse.build import WarehouseFiles
from fnsp_pipeline.warehouse.lock import RefreshLock
from fnsp_pipeline.warehouse.provenance import LIVE, meta_row


def _last_load(path: Path) -> str:
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            loaded = con.execute("select max(_loaded_at)::varchar from raw._load_state").fetchone()
            return f"last load {loaded[0]}  {_source(con)}" + _accepted_drops(con)
    except duckdb.Error as error:
        return f"unreadable ({type(error).__name__})"


def _source(con: duckdb.DuckDBPyConnection) -> str:
    """Where the file's data came from, as its `meta` row says."""
    meta = meta_row(con)
    if meta is None:
        return "source unknown (no meta)"
    return f"from {meta['base_url']}" if meta["source"] == LIVE else "synthetic sample"


def _accepted_drops(con: duckdb.DuckDBPyConnection) -> str:
    """The drops an operator accepted (--accept-drop) for the load this file holds."""
    has_column = con.execute(
        "select count(*) from information_schema.columns where table_schema = 'raw' and "
        "table_name = '_load_state' and column_name = 'accepted_drop'").fetchone()[0]
    if not has_column:  # published before --accept-drop existed
        return ""
    accepted = [row[0] for row in con.execute(
        "select resource from raw._load_state where accepted_drop order by resource").fetchall()]
    return f"  accepted drop: {', '.join(accepted)}" if accepted else ""


def _line(label: str, path: Path) -> str:
    stat = path.stat()
    changed = dt.datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds")
    return f"{label:<10} {path.name:<44} {stat.st_size / 1e6:7.1f} MB  {changed}  {_last_load(path)}"


def describe_versions(files: WarehouseFiles | None = None) -> str:
    files = files or WarehouseFiles(load_settings().warehouse)
    lines = [f"published: {files.published}"]
    if files.published.exists():
        lines.append(_line("current", files.published))
    else:
        lines.append("  (nothing published yet)")
    lines += [_line("kept", path) for path in files.history()]
    return "\n".join(lines)


def rollback(name: str | None = None, files: WarehouseFiles | None = None) -> str:
    settings = load_settings()
    files = files or WarehouseFiles(settings.warehouse)
    kept = files.history()
    if not kept:
        raise FileNotFoundError("no earlier published version is kept")
    target = next((p for p in kept if p.name == name), None) if name else kept[0]
    if target is None:
        raise FileNotFoundError(f"{name} is not a kept version; `fnsp history` lists them")
    lock = RefreshLock(files.lock, settings.lock_timeout_seconds)
    lock.acquire(holder="fnsp rollback")  # never while a refresh publishes
    try:
        files.rollback(target, keep=settings.keep_published)
    finally:
        lock.release()
    return f"published {target.name} again as {files.published}"
