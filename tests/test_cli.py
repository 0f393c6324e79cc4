"""`fnsp` end to end, as a user runs it: real processes, real HTTP on loopback."""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import httpx

from tests.conftest import TEST_SCALE

FNSP = Path(sys.executable).parent / "fnsp"


def fnsp(*args, env_overrides: dict, timeout=600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FNSP_")}
    env.update(env_overrides)
    return subprocess.run([FNSP, *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


@contextmanager
def fnsp_serve_sample(*args: str):
    """`fnsp serve-sample` as its own process on a free port; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([FNSP, "serve-sample", "--port", str(port), "--scale",
                               str(TEST_SCALE), *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/nettsteder")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def served(url: str, key: str) -> dict[str, dict]:
    """What the API has now, read straight from it: exports, and each wanted page search."""
    headers = {"Ocp-Apim-Subscription-Key": key, "Accept-Encoding": "identity"}
    def export(name):
        lines = httpx.get(f"{url}/eksport/{name}", headers=headers, timeout=60).text.splitlines()
        return [json.loads(line) for line in lines]
    offerings = {f"{o['prosedyre']}/{o['foretak']['orgnr']}": o for o in export("tilbud")}
    pages = {}
    for o in offerings.values():  # FNSP_LINKED_PAGES=auto: pages lacking contact or place
        if o["side"] and not (o["side"]["kontakt"] and o["side"]["oppmotested"]):
            params = {"behandlingsid": o["prosedyre"], "orgnr": o["foretak"]["orgnr"]}
            found = httpx.get(f"{url}/sider", params=params, headers=headers).json()["data"]
            pages.update({f"{o['prosedyre']}/{o['foretak']['orgnr']}/{p['id']}": p for p in found})
    return {"offerings": offerings, "pages": pages,
            "procedures": {p["id"]: p for p in export("prosedyrer")},
            "clinical_studies": {s["id"]: s for s in export("kliniske-studier")},
            "events": {e["id"]: e for e in export("arrangementer")},
            "websites": {w["id"]: w for w in export("nettsteder")}}


def landed(warehouse) -> dict[str, dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {table: {i: json.loads(p) for i, p in con.execute(
                    f"select id, payload::varchar from raw.{table}").fetchall()}
                for table in ("offerings", "pages", "procedures", "clinical_studies", "events",
                              "websites")}


def test_crawl_against_fnsp_serve_sample_and_the_next_day_picks_up_every_change(tmp_path):
    """The CLI's crawl and incremental modes end to end. Its export mode runs end to end in
    test_reliability (two refreshes at once) and test_security; every mode's requests and
    landed rows are checked against the contract in test_contract_conformance."""
    key = "cli-key-6b0d"
    with fnsp_serve_sample("--api-key", key, "--allow-mutation") as url:
        env = {"FNSP_BASE_URL": url, "FNSP_API_KEY": key, "DAGSTER_HOME": str(tmp_path / "dh"),
               "FNSP_RATE_LIMIT": "500"}
        warehouse = tmp_path / "crawl" / "fnsp.duckdb"
        done = fnsp("refresh", "--mode", "crawl", "--summary-json", str(tmp_path / "crawl.json"),
                    env_overrides={**env, "FNSP_WAREHOUSE": str(warehouse)})
        assert done.returncode == 0, done.stdout + done.stderr
        assert "published" in done.stdout and str(warehouse) in done.stdout
        assert "fnsp/offerings" in done.stdout and "linked pages (FNSP_LINKED_PAGES=auto)" in done.stdout
        assert key not in done.stdout + done.stderr
        reads_like_a_product(done.stdout, tmp_path / "logs")
        assert landed(warehouse) == served(url, key)
        summary = json.loads((tmp_path / "crawl.json").read_text())
        assert summary["published"] and summary["requests"] > 0
        assert summary["capabilities"]["GET /sider?behandlingsid=&orgnr="].startswith("available")

        changed = httpx.post(f"{url}/_sample/touch", params={"fraction": 0.05}).json()
        assert changed["tilbud"] and changed["prosedyrer"]
        next_day = fnsp("refresh", "--mode", "incremental", "--summary-json",
                        str(tmp_path / "incremental.json"),
                        env_overrides={**env, "FNSP_WAREHOUSE": str(warehouse)})
        assert next_day.returncode == 0, next_day.stdout + next_day.stderr
        assert landed(warehouse) == served(url, key)  # every change, nothing else lost
        incremental = json.loads((tmp_path / "incremental.json").read_text())
        assert incremental["requests"] <= 0.10 * summary["requests"]

        env["FNSP_API_KEY"] = "not-the-key-0a9c"
        failed = fnsp("refresh", "--verbose",
                      env_overrides={**env, "FNSP_WAREHOUSE": str(warehouse)})
        assert failed.returncode == 1
        assert "NOT published" in failed.stdout and "missing or wrong" in failed.stdout
        assert "not-the-key-0a9c" not in failed.stdout + failed.stderr
        assert " - DEBUG - nightly_refresh - " in failed.stdout  # --verbose: Dagster's log live
        assert "FAILED " in failed.stdout  # the failed step's progress line


def reads_like_a_product(stdout: str, logs: Path) -> None:
    """A progress line per step, the summary with the top findings and the report, at most
    60 lines; Dagster's and dbt's full logs in the log file it names, not on the terminal."""
    lines = stdout.splitlines()
    assert len(lines) <= 60, stdout
    log_file = Path(lines[-1].split("full log:")[1].strip())
    assert log_file.parent == logs and log_file.exists()
    log = log_file.read_text()
    assert "dbt_warehouse_assets" in log and " OK created sql table model marts." in log
    assert " - DEBUG - " in log and " - DEBUG - " not in stdout
    progress = [line for line in lines if re.match(r"\[ *[\d.]+ s\] ok +\S", line)]
    assert {"fnsp_offerings", "dbt_warehouse_assets", "warehouse__published"} <= {
        line.split("] ok")[1].split()[0] for line in progress}, stdout
    assert any("rows" in line and "requests" in line for line in progress)
    assert any(line.startswith("  findings:  ") and " in marts.dq_findings; most: " in line
               for line in lines)
    report_line = next(line for line in lines if line.startswith("  report:    "))
    assert Path(report_line.split()[-1]).exists()


def test_generate_sample_writes_ndjson_and_truth(tmp_path):
    done = fnsp("generate-sample", "--out", str(tmp_path), "--scale", str(TEST_SCALE),
                env_overrides={})
    assert done.returncode == 0, done.stderr
    with gzip.open(tmp_path / "prosedyrer.ndjson.gz", "rt") as lines:
        procedures = [json.loads(line) for line in lines]
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert procedures and truth["identifiers"] == "synthetic"
    assert truth["counts"]["prosedyrer"] == len(procedures)


def test_serve_sample_serves_http_and_requires_the_key_it_was_given():
    with fnsp_serve_sample("--api-key", "serve-key-11aa") as url:
        denied = httpx.get(url + "/prosedyrer")
        assert denied.status_code == 401
        assert denied.headers["content-type"].startswith("application/problem+json")
        allowed = httpx.get(url + "/prosedyrer", headers={"Ocp-Apim-Subscription-Key": "serve-key-11aa"})
        assert allowed.status_code == 200 and allowed.json()["totalt"] > 0
