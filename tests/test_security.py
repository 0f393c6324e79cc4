"""The API key is a secret: after a refresh that used it (and one that was refused), it is in
no output, no Dagster storage (event logs, run config), no warehouse and no report."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import duckdb

from tests.conftest import serve

FNSP = Path(sys.executable).parent / "fnsp"


def files_containing(root: Path, secret: bytes) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file() and secret in path.read_bytes()]


def tables_containing(database: Path, secret: str) -> list[str]:
    """Searched through SQL as well: DuckDB compresses strings, so a byte scan is not enough."""
    found = []
    with duckdb.connect(str(database), read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "join information_schema.tables using (table_schema, table_name) "
            "where table_type = 'BASE TABLE'").fetchall()
        for schema, table, column in columns:
            hits = con.execute(f'select count(*) from "{schema}"."{table}" '
                               f'where "{column}"::varchar like ?', [f"%{secret}%"]).fetchone()[0]
            if hits:
                found.append(f"{schema}.{table}.{column}")
    return found


def test_the_api_key_leaves_no_trace(tmp_path, small_sample):
    key = f"fnsp-secret-{uuid.uuid4().hex}"
    wrong = f"fnsp-wrong-{uuid.uuid4().hex}"
    warehouse = tmp_path / "warehouse" / "fnsp.duckdb"
    home, reports = tmp_path / "dagster_home", tmp_path / "reports"
    outputs = []
    with serve(small_sample, api_key=key) as (base_url, app):
        env = {k: v for k, v in os.environ.items() if not k.startswith("FNSP_")}
        env.update(FNSP_BASE_URL=base_url, FNSP_WAREHOUSE=str(warehouse),
                   DAGSTER_HOME=str(home), FNSP_REPORT_DIR=str(reports),
                   FNSP_RATE_LIMIT="500")
        for api_key, mode, expected in ((key, "crawl", 0), (wrong, "export", 1)):
            done = subprocess.run([FNSP, "refresh", "--mode", mode], capture_output=True,
                                  text=True, env={**env, "FNSP_API_KEY": api_key}, timeout=600)
            outputs.append(done.stdout + done.stderr)
            assert done.returncode == expected, outputs[-1][-3000:]
    assert "401" in outputs[1] and "missing or wrong" in outputs[1]
    for secret in (key, wrong):
        assert all(secret not in output for output in outputs)
        for root in (home, tmp_path / "warehouse", reports, tmp_path / "logs"):
            assert files_containing(root, secret.encode()) == [], root
        assert tables_containing(warehouse, secret) == []
    assert (reports / "dq-report.html").exists() and warehouse.exists()
    assert len(list((tmp_path / "logs").glob("refresh-*.log"))) == 2  # the logs were searched
