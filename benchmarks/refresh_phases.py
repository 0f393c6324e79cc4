"""Where an export refresh spends its time and memory, step by step.

Runs `fnsp refresh --mode export` on the built-in sample (national size by default) from an
empty warehouse, in a child process, while sampling the resident memory of its whole process
tree (dbt included) every 100 ms. Then reads the run's step timings from its Dagster event log
and dbt's node timings from run_results.json, and prints them side by side.

    .venv/bin/python benchmarks/refresh_phases.py                 # national size, cold
    .venv/bin/python benchmarks/refresh_phases.py --runs 2        # + a warm run, same warehouse
    .venv/bin/python benchmarks/refresh_phases.py --scale 0.05    # a quick look
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = collections.defaultdict(list)
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            children[int(fields[1])].append(int(entry.name))
            rss[int(entry.name)] = int(fields[21])  # pages
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_sampled(command: list, env: dict) -> tuple[float, list[tuple[float, float]]]:
    """Wall seconds and the RSS (MB) of the command's whole process tree over time
    (epoch seconds, MB), sampled every 100 ms."""
    samples: list[tuple[float, float]] = []
    with tempfile.TemporaryFile() as log:
        started = time.monotonic()
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                samples.append((time.time(), tree_rss_mb(process.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        status = process.wait()
        wall = time.monotonic() - started
        done.set()
        sampler.join()
        if status != 0:
            log.seek(0)
            raise RuntimeError(f"{command} failed:\n{log.read().decode()[-4000:]}")
    return wall, samples


def step_intervals(dagster_home: Path) -> dict[str, tuple[float, float]]:
    """Each step's start and end (epoch seconds) in the last run, from the Dagster event log."""
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(dagster_home)
    with dg.DagsterInstance.get() as instance:
        run = instance.get_runs(limit=1)[0]
        starts, intervals = {}, {}
        for entry in instance.all_logs(run.run_id):
            event = entry.dagster_event
            if event is None or not event.step_key:
                continue
            if event.event_type_value == "STEP_START":
                starts[event.step_key] = entry.timestamp
            elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
                intervals[event.step_key] = (starts[event.step_key], entry.timestamp)
    return intervals


def peak_between(samples: list[tuple[float, float]], start: float, end: float) -> float:
    return max((mb for at, mb in samples if start <= at <= end), default=0.0)


def dbt_breakdown(target: Path, steps: dict[str, float]) -> dict[str, float]:
    """dbt's own time per dbt step (one `dbt build` each): start-up and parse (the step less
    dbt's execution) and execution by node type (threads 1: the sum is the wall time)."""
    phases: dict[str, float] = {}
    for step, seconds in sorted(steps.items()):
        results = json.loads((target / f"run_results.{step}.json").read_text())
        by_type: dict[str, float] = collections.Counter()
        for result in results["results"]:
            by_type[result["unique_id"].split(".")[0]] += result["execution_time"]
        phases[f"{step}: start-up + parse"] = seconds - results["elapsed_time"]
        for kind, spent in sorted(by_type.items()):
            count = sum(1 for r in results["results"] if r["unique_id"].startswith(kind + "."))
            phases[f"{step}: {kind}s ({count})"] = spent
    return phases


def one_run(workdir: Path, scale: float) -> dict:
    env = {**os.environ, "FNSP_WAREHOUSE": str(workdir / "warehouse" / "fnsp.duckdb"),
           "DAGSTER_HOME": str(workdir / "dagster_home"), "FNSP_SAMPLE_SCALE": str(scale),
           "FNSP_REPORT_DIR": str(workdir / "reports")}
    for name in ("FNSP_BASE_URL", "FNSP_API_KEY"):
        env.pop(name, None)
    wall, samples = run_sampled([BIN / "fnsp", "refresh", "--mode", "export"], env)
    intervals = step_intervals(workdir / "dagster_home")
    steps = {key: end - start for key, (start, end) in intervals.items()}
    step_peaks = {key: peak_between(samples, start, end) for key, (start, end) in intervals.items()}
    dbt_steps = {key: s for key, s in steps.items() if key.startswith("dbt_")}
    phases = {"ingest (raw steps)": sum(s for key, s in steps.items() if key.startswith("fnsp_")),
              **dbt_breakdown(workdir / "warehouse" / ".build" / "dbt_target", dbt_steps)}
    phases.update({key: s for key, s in steps.items()
                   if not key.startswith(("fnsp_", "dbt_"))})
    phases["outside steps (start-up, import, run set-up)"] = wall - sum(steps.values())
    return {"wall_s": wall, "peak_tree_rss_mb": max((mb for _, mb in samples), default=0.0),
            "phases": phases,
            "step_peak_rss_mb": {"ingest (raw steps)": max(
                (mb for key, mb in step_peaks.items() if key.startswith("fnsp_")), default=0.0),
                **{key: mb for key, mb in step_peaks.items() if not key.startswith("fnsp_")}}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=1,
                        help="refreshes of the same warehouse (the second reuses dbt's parse)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fnsp-phases-") as tmp:
        for number in range(1, args.runs + 1):
            figures = one_run(Path(tmp), args.scale)
            print(f"run {number} ({'cold' if number == 1 else 'warm'}), scale {args.scale}: "
                  f"wall {figures['wall_s']:.1f} s, peak RSS of the process tree "
                  f"{figures['peak_tree_rss_mb']:.0f} MB")
            for phase, seconds in figures["phases"].items():
                print(f"  {phase:<48} {seconds:7.1f} s  {seconds / figures['wall_s']:6.1%}")
            print("  peak RSS of the process tree during each step:")
            for step, mb in figures["step_peak_rss_mb"].items():
                print(f"  {step:<48} {mb:7.0f} MB")
            print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
