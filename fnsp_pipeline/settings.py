"""Configuration from the environment (FNSP_*), with the defaults a fresh clone runs on.

The API key is deliberately not here: it reaches the client only as a Dagster EnvVar
(`resources.build_resources`), so no settings object ever holds it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_WAREHOUSE = DATA_DIR / "warehouse" / "fnsp.duckdb"
SAMPLE_BASE_URL = "http://sample.fnsp.invalid"  # served in-process; never resolved
# The sample's instruction phrasings: what the extractor was developed on (dev, heldout) and
# a set written without seeing it or them (blind), for measuring it (fnsp_pipeline/sample/phrasings_*.py)
SAMPLE_PHRASINGS = ("dev", "heldout", "blind")
LINKED_PAGES = ("auto", "all", "off")  # FNSP_LINKED_PAGES; the first is the default


@dataclass(frozen=True)
class Settings:
    """Every setting with its default: the one place defaults are written (the client, the
    retry policy and the Dagster resources take theirs from DEFAULTS)."""

    base_url: str | None = None  # None: the built-in sample, in-process
    api_key_header: str = "Ocp-Apim-Subscription-Key"
    rate_limit: float = 20.0  # requests per second
    concurrency: int = 8
    warehouse: Path = DEFAULT_WAREHOUSE
    sample_scale: float = 1.0
    sample_seed: int | None = None  # None: the generator's DEFAULT_SEED
    sample_phrasing: str = SAMPLE_PHRASINGS[0]  # the instruction phrasings the sample is written in
    lock_timeout_seconds: float = 6 * 3600.0
    timeout_seconds: float = 30.0
    max_attempts: int = 6
    max_retry_seconds: float = 120.0
    keep_published: int = 3  # earlier published versions kept for `fnsp rollback`
    max_row_drop: float = 0.2  # circuit breaker: share of rows a resource may lose per refresh
    max_reject_share: float = 0.01  # share of invalid items a resource may have and still publish
    linked_pages: str = LINKED_PAGES[0]  # which offerings get a page search
    allow_sample: bool = False  # may the sample replace a warehouse that held live data


DEFAULTS = Settings()

# Each setting's environment variable: the one place their names are written.
ENV = {
    "base_url": "FNSP_BASE_URL",
    "api_key_header": "FNSP_API_KEY_HEADER",
    "rate_limit": "FNSP_RATE_LIMIT",
    "concurrency": "FNSP_CONCURRENCY",
    "warehouse": "FNSP_WAREHOUSE",
    "sample_scale": "FNSP_SAMPLE_SCALE",
    "sample_seed": "FNSP_SAMPLE_SEED",
    "sample_phrasing": "FNSP_SAMPLE_PHRASING",
    "lock_timeout_seconds": "FNSP_LOCK_TIMEOUT",
    "timeout_seconds": "FNSP_TIMEOUT",
    "max_attempts": "FNSP_MAX_ATTEMPTS",
    "max_retry_seconds": "FNSP_MAX_RETRY_SECONDS",
    "keep_published": "FNSP_KEEP_PUBLISHED",
    "max_row_drop": "FNSP_MAX_ROW_DROP",
    "max_reject_share": "FNSP_MAX_REJECT_SHARE",
    "linked_pages": "FNSP_LINKED_PAGES",
    "allow_sample": "FNSP_ALLOW_SAMPLE",
}


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        return float(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None


def _int_or_none(name: str) -> int | None:
    raw = os.environ.get(name)
    try:
        return int(raw) if raw else None
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None


def load_settings() -> Settings:
    d, e = DEFAULTS, ENV
    return Settings(
        base_url=os.environ.get(e["base_url"]) or None,
        api_key_header=os.environ.get(e["api_key_header"]) or d.api_key_header,
        rate_limit=_float(e["rate_limit"], d.rate_limit),
        concurrency=int(_float(e["concurrency"], d.concurrency)),
        warehouse=Path(os.environ.get(e["warehouse"]) or d.warehouse).resolve(),
        sample_scale=_float(e["sample_scale"], d.sample_scale),
        sample_seed=_int_or_none(e["sample_seed"]),
        sample_phrasing=_choice(e["sample_phrasing"], SAMPLE_PHRASINGS),
        lock_timeout_seconds=_float(e["lock_timeout_seconds"], d.lock_timeout_seconds),
        timeout_seconds=_float(e["timeout_seconds"], d.timeout_seconds),
        max_attempts=int(_float(e["max_attempts"], d.max_attempts)),
        max_retry_seconds=_float(e["max_retry_seconds"], d.max_retry_seconds),
        keep_published=int(_float(e["keep_published"], d.keep_published)),
        max_row_drop=_float(e["max_row_drop"], d.max_row_drop),
        max_reject_share=_float(e["max_reject_share"], d.max_reject_share),
        linked_pages=_choice(e["linked_pages"], LINKED_PAGES),
        allow_sample=_flag(e["allow_sample"]),
    )


def _flag(name: str) -> bool:
    raw = (os.environ.get(name) or "0").strip().lower()
    if raw not in ("0", "1", "true", "false", "yes", "no"):
        raise ValueError(f"{name} must be 1 or 0, got {raw!r}")
    return raw in ("1", "true", "yes")


def _choice(name: str, choices: tuple[str, ...]) -> str:
    """One of `choices`; the first is the default."""
    raw = (os.environ.get(name) or choices[0]).strip().lower()
    if raw not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return raw
