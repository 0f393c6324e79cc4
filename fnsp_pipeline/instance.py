"""The Dagster instance the CLI and `make ui` share, so CLI runs show in the UI's history."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from fnsp_pipeline.settings import DATA_DIR

TEMPLATE = Path(__file__).with_name("dagster_instance.yaml")


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME (default data/dagster_home) with this project's dagster.yaml in it (the
    project owns that file: change fnsp_pipeline/dagster_instance.yaml, not the copy)."""
    home = Path(os.environ.get("DAGSTER_HOME") or DATA_DIR / "dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    os.environ["DAGSTER_HOME"] = str(home)
    # Two processes creating the instance's SQLite storage at once can hit "database is
    # locked": the first to arrive sets it up, the other waits.
    with open(home / ".init.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if not config.exists() or config.read_bytes() != TEMPLATE.read_bytes():
            shutil.copyfile(TEMPLATE, config)
        if not (home / "history").exists():  # the SQLite run and event storage
            from dagster import DagsterInstance

            with DagsterInstance.get():
                pass
    return home


if __name__ == "__main__":
    print(ensure_dagster_home())
