"""Refresh benchmarks against the sample served over loopback HTTP with 20 ms latency.

For each server rate limit (50 and 200 req/s): a full refresh via export, one via crawl for
each FNSP_LINKED_PAGES setting (off, auto, all), an incremental refresh (auto) after ~1% of
items changed, and optionally a naive sequential httpx crawl as the baseline, side by side.
Each run is a separate process from an empty warehouse: wall time, requests, bytes, peak RSS.

    .venv/bin/python benchmarks/refresh_benchmark.py            # national size (~55 min)
    .venv/bin/python benchmarks/refresh_benchmark.py --scale 0.2 --rates 200   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, rate: float, latency_ms: float, scale: float) -> subprocess.Popen:
    server = subprocess.Popen(
        [BIN / "fnsp", "serve-sample", "--port", str(port), "--latency-ms", str(latency_ms),
         "--rate-limit", str(rate), "--scale", str(scale), "--allow-mutation"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/nettsteder?antall=1").status_code in (200, 429):
                return server
        except httpx.TransportError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError(f"sample server did not start: {server.stderr.read().decode()[-2000:]}")


def measured(command: list, env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run a command; return wall seconds, the peak RSS in MB of it and the children it
    waited for (dbt), and the finished process. Output goes to files: a pipe nobody reads
    while we wait would fill up and stall the command."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command} failed:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    return wall, usage.ru_maxrss / 1024, subprocess.CompletedProcess(command, 0, stdout, stderr)


def refresh(mode: str, env: dict, workdir: Path) -> dict:
    summary = workdir / f"summary-{mode}-{env['FNSP_LINKED_PAGES']}.json"
    wall, rss, _ = measured([BIN / "fnsp", "refresh", "--mode", mode, "--summary-json",
                             summary], env)
    figures = json.loads(summary.read_text())
    ingest = sum(a.get("duration_seconds", 0) for a in figures["assets"].values())
    linked = figures["assets"].get("fnsp/pages", {}).get("linked_pages", {})
    return {"wall_s": wall, "ingest_s": ingest, "requests": figures["requests"],
            "linked_page_lookups": linked.get("looked_up", 0),
            "bytes": figures["bytes"], "retries": figures["retries"], "peak_rss_mb": rss}


def naive(base_url: str, env: dict) -> dict:
    wall, rss, done = measured([sys.executable, ROOT / "benchmarks" / "naive_crawl.py",
                                base_url], env)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall_s": wall, "ingest_s": figures["seconds"], "requests": figures["requests"],
            "bytes": figures["bytes"], "retries": figures["retries"], "peak_rss_mb": rss}


def run_rate(rate: float, args, results: list) -> None:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_server(port, rate, args.latency_ms, args.scale)
    try:
        with tempfile.TemporaryDirectory(prefix="fnsp-bench-") as tmp:
            workdir = Path(tmp)
            env = {**os.environ, "FNSP_BASE_URL": base_url, "FNSP_RATE_LIMIT": str(rate),
                   "DAGSTER_HOME": str(workdir / "dagster_home"),
                   "FNSP_CONCURRENCY": str(args.concurrency)}
            env.pop("FNSP_API_KEY", None)
            runs = [("export", "auto")] + [("crawl", setting) for setting in args.linked_pages]
            for mode, setting in runs:
                env["FNSP_WAREHOUSE"] = str(workdir / f"{mode}-{setting}" / "fnsp.duckdb")
                env["FNSP_LINKED_PAGES"] = setting
                results.append({"rate": rate, "run": f"fnsp {mode}, linked pages {setting}",
                                **refresh(mode, env, workdir)})
                report(results[-1])
            changed = httpx.post(f"{base_url}/_sample/touch", params={"fraction": 0.01},
                                 timeout=60).json()
            env["FNSP_WAREHOUSE"] = str(workdir / "crawl-auto" / "fnsp.duckdb")
            env["FNSP_LINKED_PAGES"] = "auto"
            results.append({"rate": rate, "run": "fnsp incremental (1% changed), auto",
                            "changed": sum(len(v) for v in changed.values()),
                            **refresh("incremental", env, workdir)})
            report(results[-1])
            if not args.skip_naive:
                results.append({"rate": rate, "run": "naive sequential httpx crawl",
                                **naive(base_url, env)})
                report(results[-1])
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(row: dict) -> None:
    bound = row["requests"] / row["rate"]
    row["bound_s"], row["ingest_over_bound"] = bound, row["ingest_s"] / bound
    print(f"{row['rate']:>5.0f} req/s  {row['run']:<40} wall {row['wall_s']:7.1f} s  "
          f"ingest {row['ingest_s']:7.1f} s  bound {bound:7.1f} s  "
          f"ingest/bound x{row['ingest_over_bound']:5.2f}  {row['requests']:>6} req "
          f"({row.get('linked_page_lookups', 0)} page searches)  "
          f"{row['bytes'] / 1e6:6.1f} MB  retries {row['retries']:>4}  "
          f"peak RSS {row['peak_rss_mb']:6.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rates", type=float, nargs="+", default=[50.0, 200.0])
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--linked-pages", nargs="+", default=["off", "auto", "all"],
                        choices=["off", "auto", "all"], help="FNSP_LINKED_PAGES settings to crawl with")
    parser.add_argument("--skip-naive", action="store_true",
                        help="leave out the naive baseline (it takes ~5.5 min at any rate)")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "benchmarks" / "refresh.json")
    args = parser.parse_args()
    results: list = []
    for rate in args.rates:
        run_rate(rate, args, results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
