"""The checks on real FNSP pages labelled by hand: per-kind precision and recall of the typed
instructions, and the labelled divergences found, missed and falsely raised.

    .venv/bin/python benchmarks/real_pages_benchmark.py [--folder tests/data/real-pages-dev]

The folder holds verbatim pages of the public FNSP sites with labels written by someone else
(see its README.md). Prints the figures the README quotes and writes them to
data/benchmarks/real_pages.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fnsp_pipeline.quality import real_pages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, default=ROOT / "tests" / "data" / "real-pages-dev")
    args = parser.parse_args()
    files = real_pages.load(args.folder)
    pages = sum(len(f["pages"]) for f in files)
    print(f"Real FNSP pages in {args.folder}: {len(files)} procedures, {pages} pages")
    print(real_pages.format_report(files))
    scores, unmodelled = real_pages.score_instructions(files)
    result = real_pages.score_checks(files)
    out = ROOT / "data" / "benchmarks" / "real_pages.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "procedures": len(files), "pages": pages, "unmodelled_facts": unmodelled,
        "instructions": {k: {"tp": s.true_positives, "fp": s.false_positives, "fn": s.false_negatives,
                             "precision": round(s.precision, 4), "recall": round(s.recall, 4)}
                         for k, s in scores.items()},
        "divergences": {"labelled": result.divergences, "found": len(result.found),
                        "missed": result.missed, "false_alarms": result.false_alarms,
                        "placeholders_flagged": len(result.placeholders_found)},
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
