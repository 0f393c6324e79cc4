"""What `fnsp refresh` shows while it runs: one line per finished step and, on a terminal, a
progress bar over the job's assets. Read from Dagster's own events (a Dagster logger), so it
says what the run did, not what we hoped it would do. Everything else (Dagster's and dbt's
logs) goes to the refresh's log file (`captured_output`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import dagster as dg
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

FINISHED = {"STEP_SUCCESS": "ok", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped",
            "STEP_UP_FOR_RETRY": "retrying"}


@dataclass
class _Step:
    started: float
    assets: int = 0
    rows: int = 0
    requests: int = 0
    checks: int = 0
    failed: int = 0  # blocking (error) checks that failed: the run does not publish
    warned: int = 0  # warn checks that failed: findings to read, not a broken run

    def detail(self) -> str:
        if self.requests:  # a raw asset: it talked to the API
            return f"{self.rows:>9,} rows {self.requests:>6,} requests".ljust(38)
        text = f"{self.assets:>3} assets"
        if self.checks:
            text += f", {self.checks} checks"
            outcomes = [f"{n} {what}" for n, what in ((self.failed, "failed"), (self.warned, "warn"))
                        if n]
            text += f" ({', '.join(outcomes)})" if outcomes else ""
        return f"{text:<38}"


class RefreshProgress(logging.Handler):
    """A logging handler for Dagster's event records: prints a line when a step ends."""

    def __init__(self, stream: TextIO, total_assets: int, bar: bool | None = None):
        super().__init__(level=logging.DEBUG)
        self._started = time.monotonic()
        self._steps: dict[str, _Step] = {}
        bar = stream.isatty() if bar is None else bar
        self._console = Console(file=stream, highlight=False, force_terminal=bar or None,
                                no_color=not bar, soft_wrap=True)
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), console=self._console, transient=True,
                             # stdout and stderr stay where captured_output sent them
                             redirect_stdout=False, redirect_stderr=False) if bar else None
        self._task = self._bar.add_task("refresh", total=total_assets) if self._bar else None

    def __enter__(self) -> RefreshProgress:
        if self._bar:
            self._bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar:
            self._bar.stop()

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_event", None)
        if event is None:
            self._notice(record)
            return
        if not event.step_key:
            return
        kind, step = event.event_type_value, event.step_key
        if kind == "STEP_START":
            self._steps[step] = _Step(time.monotonic())
            if self._bar:
                self._bar.update(self._task, description=step)
            return
        current = self._steps.setdefault(step, _Step(time.monotonic()))
        if kind == "ASSET_MATERIALIZATION":
            metadata = event.step_materialization_data.materialization.metadata
            current.assets += 1
            current.rows += _int(metadata.get("rows"))
            current.requests += _int(metadata.get("requests"))
            if self._bar:
                self._bar.advance(self._task)
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            current.checks += 1
            if not evaluation.passed:
                blocking = evaluation.severity == dg.AssetCheckSeverity.ERROR
                current.failed += blocking
                current.warned += not blocking
        elif kind in FINISHED:
            now = time.monotonic()
            self._console.print(f"[{now - self._started:6.1f} s] {FINISHED[kind]:<7} {step:<34} "
                                f"{current.detail()} {now - current.started:6.1f} s")


    def _notice(self, record: logging.LogRecord) -> None:
        """A warning the run logged itself (waiting for another refresh's lock, resuming a
        build) is for the person at the terminal, not only for the log file."""
        if record.levelno < logging.WARNING:
            return
        meta = getattr(record, "dagster_meta", None) or {}
        message = meta.get("orig_message") or record.getMessage()
        now = time.monotonic()
        self._console.print(f"[{now - self._started:6.1f} s] {'note':<7} {message}",
                            markup=False)


def _int(value) -> int:
    raw = getattr(value, "value", value)
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else 0


def progress_logger(handler: RefreshProgress) -> dg.LoggerDefinition:
    """The handler as a Dagster logger, for `JobDefinition.with_logger_defs`."""

    @dg.logger(description="fnsp refresh's progress lines")
    def fnsp_progress(_context) -> logging.Logger:
        log = logging.Logger("fnsp_progress", level=logging.DEBUG)
        log.addHandler(handler)
        return log

    return fnsp_progress


def log_path_for(warehouse: Path, now: dt.datetime | None = None) -> Path:
    """`data/logs/refresh-<UTC time>.log` beside the warehouse's folder."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    return warehouse.expanduser().resolve().parent.parent / "logs" / f"refresh-{stamp}.log"


class _Tee(io.TextIOBase):
    def __init__(self, *streams: TextIO):
        self._streams = streams

    def write(self, text: str) -> int:
        for stream in self._streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self._streams:
            stream.flush()


@contextlib.contextmanager
def captured_output(log_path: Path, verbose: bool = False) -> Iterator[TextIO]:
    """Send this process's stdout and stderr (Dagster's console logger, dbt's output, warnings)
    to the log file, and also to the terminal when `verbose`. Yields the terminal."""
    terminal = sys.stdout
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "a", encoding="utf-8", buffering=1) as log:
        target = _Tee(log, terminal) if verbose else log
        with contextlib.redirect_stdout(target), contextlib.redirect_stderr(target):
            yield terminal
