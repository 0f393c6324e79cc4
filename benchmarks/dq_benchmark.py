"""Data-quality checks on the sample: runtime and precision/recall against the truth record.

    .venv/bin/python benchmarks/dq_benchmark.py                  # scale 1.0, dev phrasings
    .venv/bin/python benchmarks/dq_benchmark.py --seed 4711 --phrasing blind     # the measurement
    .venv/bin/python benchmarks/dq_benchmark.py --warehouse PATH # reuse a built one (same options)

The blind run is the figure to quote: its seed and phrasing set
(fnsp_pipeline/sample/phrasings_blind.py) were never used to develop the extractor. The
held-out set (phrasings_heldout.py) has been, since its errors were read (2026-12-03).

Builds the sample warehouse with `fnsp refresh` in a temporary directory (about a minute at
scale 1), then times the DQ step alone on a copy of it: reading the marts, running every
check, writing the DQ marts, rendering the report. Prints the figures and writes them to
data/benchmarks/dq-<phrasing>-<seed>.json. Besides the checks it scores the typed
instructions (marts.dq_instructions) per kind against what the generator wrote on each page.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fnsp_pipeline.quality import report, scoring, store  # noqa: E402
from fnsp_pipeline.quality.checks import run_checks  # noqa: E402
from fnsp_pipeline.sample import DEFAULT_SEED, load_sample  # noqa: E402
from fnsp_pipeline.settings import SAMPLE_PHRASINGS  # noqa: E402


def build_warehouse(scale: float, seed: int, phrasing: str, root: Path) -> Path:
    from fnsp_pipeline.refresh import run_refresh

    os.environ.update(FNSP_WAREHOUSE=str(root / "warehouse" / "fnsp.duckdb"),
                      DAGSTER_HOME=str(root / "dagster_home"), FNSP_SAMPLE_SCALE=str(scale),
                      FNSP_REPORT_DIR=str(root / "reports"), FNSP_SAMPLE_SEED=str(seed),
                      FNSP_SAMPLE_PHRASING=phrasing)
    for name in ("FNSP_BASE_URL", "FNSP_API_KEY"):
        os.environ.pop(name, None)
    outcome = run_refresh("export")
    if not outcome.published:
        raise SystemExit(outcome.summary())
    return root / "warehouse" / "fnsp.duckdb"


def figures(scores: dict[str, scoring.Score]) -> dict[str, dict]:
    return {k: {"tp": s.true_positives, "fp": s.false_positives, "fn": s.false_negatives,
                "precision": round(s.precision, 4), "recall": round(s.recall, 4)} for k, s in scores.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--phrasing", choices=SAMPLE_PHRASINGS, default="dev")
    parser.add_argument("--warehouse", type=Path, help="a warehouse built from the sample with these options")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dq-bench-") as tmp:
        root = Path(tmp)
        source = args.warehouse or build_warehouse(args.scale, args.seed, args.phrasing, root)
        work = root / "work.duckdb"
        shutil.copyfile(source, work)
        timings = {}
        started = time.perf_counter()
        with duckdb.connect(str(work)) as con:
            inputs = store.load_inputs(con)
            timings["load_s"] = time.perf_counter() - started
            findings, analysis = run_checks(inputs)
            timings["checks_s"] = time.perf_counter() - started - timings["load_s"]
            rows = store.write_tables(con, findings, analysis)
            timings["write_s"] = time.perf_counter() - started - timings["load_s"] - timings["checks_s"]
            mark = time.perf_counter()
            html = report.render_report(con)
            timings["report_s"] = time.perf_counter() - mark
            frame = con.execute("select * from marts.dq_findings").df()
            read = con.execute("select * from marts.dq_instructions").df()
        timings["total_s"] = time.perf_counter() - started
    truth = load_sample(seed=args.seed, scale=args.scale, phrasing=args.phrasing).truth
    scores = scoring.score(frame.to_dict("records"), truth["defects"])
    kinds = scoring.score_instructions(read.to_dict("records"), truth["facts"])
    print(f"DQ on the sample (seed {args.seed}, {args.phrasing} phrasings) at scale {args.scale:g}: "
          f"{len(inputs.offerings)} offerings, {len(inputs.sections)} sections, {rows['dq_findings']} findings, report {len(html) / 1e6:.1f} MB")
    print("  " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    print(scoring.format_scores(scores))
    print("\ninstructions read, per kind:")
    print(scoring.format_scores(kinds).replace("check   ", "kind    ", 1))
    out = ROOT / "data" / "benchmarks" / f"dq-{args.phrasing}-{args.seed}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"scale": args.scale, "seed": args.seed, "phrasing": args.phrasing,
                               **{k: round(v, 2) for k, v in timings.items()}, "rows": rows,
                               "scores": figures(scores), "instructions": figures(kinds)}, indent=2))


if __name__ == "__main__":
    main()
