"""A run launched through the real Dagster webserver and daemon (`dagster dev`)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest
from dagster_graphql import DagsterGraphQLClient

from tests.conftest import TEST_SCALE

ROOT = Path(__file__).resolve().parents[1]
LOCATION_QUERY = """{ workspaceOrError { ... on Workspace { locationEntries {
    name locationOrLoadError { __typename ... on PythonError { message } } } } } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _restore_sigint():
    # `dagster dev` started from a non-interactive shell ignores SIGINT otherwise.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def dagster_dev(tmp_path):
    port = free_port()
    home = tmp_path / "dagster_home"
    env = {**os.environ, "DAGSTER_HOME": str(home),
           "FNSP_WAREHOUSE": str(tmp_path / "warehouse" / "fnsp.duckdb"),
           "FNSP_SAMPLE_SCALE": str(TEST_SCALE)}
    for name in ("FNSP_BASE_URL", "FNSP_API_KEY"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "fnsp_pipeline.instance"], env=env, check=True,
                   cwd=ROOT, capture_output=True)
    log = open(tmp_path / "dagster-dev.log", "wb")
    process = subprocess.Popen(
        [Path(sys.executable).parent / "dagster", "dev", "-w", "workspace.yaml", "-h",
         "127.0.0.1", "-p", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=_restore_sigint)
    try:
        wait_until_loaded(port, process, tmp_path / "dagster-dev.log")
        yield port, Path(env["FNSP_WAREHOUSE"])
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def wait_until_loaded(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            response = httpx.post(f"http://127.0.0.1:{port}/graphql",
                                  json={"query": LOCATION_QUERY}, timeout=10)
            entries = response.json()["data"]["workspaceOrError"]["locationEntries"]
            kinds = {e["locationOrLoadError"]["__typename"] for e in entries
                     if e["locationOrLoadError"]}
            assert "PythonError" not in kinds, entries
            if kinds == {"RepositoryLocation"}:
                return
        except (httpx.TransportError, KeyError, TypeError, ValueError):
            pass
        time.sleep(1)
    raise TimeoutError(f"dagster dev did not load the workspace: {log.read_text()[-3000:]}")


RESOURCE_QUERY = """query($name: String!) { topLevelResourceDetailsOrError(resourceSelector: {
    repositoryLocationName: "fnsp_pipeline", repositoryName: "__repository__", resourceName: $name}) {
    __typename ... on ResourceDetails { configuredValues { key value type } } } }"""


def configured_values(port: int, resource: str) -> dict[str, tuple[str, str]]:
    response = httpx.post(f"http://127.0.0.1:{port}/graphql", timeout=30,
                          json={"query": RESOURCE_QUERY, "variables": {"name": resource}})
    details = response.json()["data"]["topLevelResourceDetailsOrError"]
    assert details["__typename"] == "ResourceDetails", details
    return {v["key"]: (v["type"], v["value"]) for v in details["configuredValues"]}


def test_nightly_refresh_launched_from_the_ui_succeeds_and_publishes(dagster_dev):
    port, warehouse = dagster_dev
    # the UI names the variable a setting came from (FNSP_WAREHOUSE holds an absolute path)
    assert configured_values(port, "warehouse")["path"] == ("ENV_VAR", "FNSP_WAREHOUSE")
    assert configured_values(port, "fnsp_api")["sample_scale"][0] == "VALUE"  # a float: a value
    client = DagsterGraphQLClient("127.0.0.1", port_number=port)
    run_id = client.submit_job_execution("nightly_refresh",
                                         repository_location_name="fnsp_pipeline",
                                         repository_name="__repository__")
    deadline = time.monotonic() + 420
    status = None
    while time.monotonic() < deadline:
        status = client.get_run_status(run_id).value
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            break
        time.sleep(2)
    assert status == "SUCCESS", status
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.procedures").fetchone()[0] > 0
