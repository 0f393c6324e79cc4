"""Serve the sample API over real HTTP: `serve_sample` (foreground, backs `fnsp serve-sample`)
and `running_sample_server` (background thread on a free loopback port, for tests and
benchmarks)."""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from typing import Any, Iterator

import uvicorn
from starlette.applications import Starlette

from fnsp_pipeline.sample.app import ServerOptions, create_app, load_sample
from fnsp_pipeline.sample.generator import DEFAULT_SEED, SampleDataset


def _config(app: Starlette, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                          lifespan="off", timeout_graceful_shutdown=2)


def serve_sample(host: str = "127.0.0.1", port: int = 8765, *, scale: float = 1.0, seed: int = DEFAULT_SEED,
                 phrasing: str = "dev", options: ServerOptions | None = None) -> None:
    """Run the sample API in the foreground until interrupted."""
    options = options or ServerOptions(seed=seed)
    app = create_app(load_sample(seed=seed, scale=scale, phrasing=phrasing), options)
    # The dataset lives as long as the process: keep it out of the collector. A full
    # collection over the national sample stalls the event loop ~250 ms; the requests queued
    # meanwhile then reach the rate limiter as one burst and get 429s no client could avoid.
    gc.freeze()
    uvicorn.Server(_config(app, host, port)).run()


@contextlib.contextmanager
def running_sample_server(dataset_or_app: SampleDataset | Any, options: ServerOptions | None = None,
                          host: str = "127.0.0.1", startup_timeout: float = 20.0) -> Iterator[str]:
    """Start the sample API in a background thread on a free port; yields its base URL.
    With an app (any ASGI app, e.g. one wrapped in test middleware), its `app.state.faults` /
    `app.state.stats` stay reachable to the caller."""
    app = create_app(dataset_or_app, options) if isinstance(dataset_or_app, SampleDataset) else dataset_or_app
    server = uvicorn.Server(_config(app, host, 0))
    thread = threading.Thread(target=server.run, name="fnsp-sample-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("sample server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
