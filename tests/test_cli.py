"""`fnsp` end to end, as a user runs it: real processes, real HTTP on loopback."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx

from tests.conftest import TEST_SCALE, serve

FNSP = Path(sys.executable).parent / "fnsp"


def fnsp(*args, env_overrides: dict, timeout=600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FNSP_")}
    env.update(env_overrides)
    return subprocess.run([FNSP, *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_refresh_against_the_loopback_server_prints_a_summary(tmp_path, small_sample):
    warehouse = tmp_path / "wh" / "fnsp.duckdb"
    with serve(small_sample, api_key="cli-key-6b0d") as (base_url, app):
        env = {"FNSP_BASE_URL": base_url, "FNSP_API_KEY": "cli-key-6b0d",
               "FNSP_WAREHOUSE": str(warehouse), "DAGSTER_HOME": str(tmp_path / "dh"),
               "FNSP_RATE_LIMIT": "500"}
        done = fnsp("refresh", "--mode", "crawl", "--summary-json", str(tmp_path / "s.json"),
                    env_overrides=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "published" in done.stdout and str(warehouse) in done.stdout
        assert "fnsp/offerings" in done.stdout and "requests" in done.stdout
        assert "cli-key-6b0d" not in done.stdout + done.stderr
        summary = json.loads((tmp_path / "s.json").read_text())
        assert summary["published"] and summary["requests"] > len(small_sample.procedures)
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert con.execute("select count(*) from raw.procedures").fetchone()[0] == len(
                small_sample.procedures)

        env["FNSP_API_KEY"] = "not-the-key-0a9c"
        failed = fnsp("refresh", env_overrides=env)
        assert failed.returncode == 1
        assert "NOT published" in failed.stdout and "missing or wrong" in failed.stdout
        assert "not-the-key-0a9c" not in failed.stdout + failed.stderr


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
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([FNSP, "serve-sample", "--port", str(port), "--scale",
                               str(TEST_SCALE), "--api-key", "serve-key-11aa"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/prosedyrer"
        deadline = time.monotonic() + 60
        while True:
            try:
                denied = httpx.get(url)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.3)
        assert denied.status_code == 401
        assert denied.headers["content-type"].startswith("application/problem+json")
        allowed = httpx.get(url, headers={"Ocp-Apim-Subscription-Key": "serve-key-11aa"})
        assert allowed.status_code == 200 and allowed.json()["totalt"] > 0
    finally:
        server.terminate()
        server.wait(timeout=30)
