"""The Dagster instance the CLI and `make ui` share, so CLI runs show in the UI's history."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from fnsp_pipeline.settings import DATA_DIR

TEMPLATE = Path(__file__).with_name("dagster_instance.yaml")


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME (default data/dagster_home) with this project's dagster.yaml in it."""
    home = Path(os.environ.get("DAGSTER_HOME") or DATA_DIR / "dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(TEMPLATE, config)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


if __name__ == "__main__":
    print(ensure_dagster_home())
