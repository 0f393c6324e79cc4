"""The built-in synthetic FNSP sample: generator, in-process ASGI app and loopback server."""

from fnsp_pipeline.sample.app import ServerOptions, create_app, load_sample, sample_transport
from fnsp_pipeline.sample.generator import DEFAULT_SEED, SampleDataset, generate, touch, write_sample
from fnsp_pipeline.sample.server import running_sample_server, serve_sample

__all__ = [
    "DEFAULT_SEED", "SampleDataset", "ServerOptions", "create_app", "generate", "load_sample",
    "running_sample_server", "sample_transport", "serve_sample", "touch", "write_sample",
]
