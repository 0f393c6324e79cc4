"""`fnsp`: refresh the warehouse, serve or write the built-in sample."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from fnsp_pipeline.settings import DATA_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fnsp", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    refresh = commands.add_parser(
        "refresh", help="run the nightly_refresh job in-process and print a summary")
    refresh.add_argument("--mode", choices=["export", "crawl", "incremental"], default="export",
                         help="export (default; falls back to crawl per resource when the API "
                              "has no export), crawl, or incremental")
    refresh.add_argument("--summary-json", type=Path, default=None,
                         help="also write the summary as JSON to this file")
    refresh.add_argument("--fresh", action="store_true",
                         help="discard an unfinished refresh's build instead of resuming it")
    refresh.add_argument("--accept-drop", action="append", default=[], metavar="RESOURCE",
                         help="publish this run although RESOURCE (e.g. clinical_studies) fell "
                              "to zero or by more than FNSP_MAX_ROW_DROP: for a drop you have "
                              "checked; applies to this run only and is recorded (repeatable)")
    refresh.add_argument("--verbose", action="store_true",
                         help="also show Dagster's and dbt's full logs live (they always go to "
                              "the log file whose path is printed)")

    commands.add_parser("history", help="list the published warehouse and the kept versions")
    rollback = commands.add_parser(
        "rollback", help="publish a kept earlier version again (the current one is kept too)")
    rollback.add_argument("--to", default=None,
                          help="file name from `fnsp history` (default: the newest kept one)")

    serve = commands.add_parser("serve-sample", help="serve the built-in sample over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--latency-ms", type=float, default=0.0, help="added to every response")
    serve.add_argument("--rate-limit", type=float, default=None, help="requests/s before 429")
    serve.add_argument("--error-rate", type=float, default=0.0, help="share of random 503s")
    serve.add_argument("--allow-mutation", action="store_true",
                       help="enable POST /_sample/touch?fraction=0.01 (changes ~1%% of items; "
                            "for incremental-refresh benchmarks)")
    serve.add_argument("--no-exports", action="store_true",
                       help="answer every /eksport/{ressurs} with 404, as an API without bulk "
                            "exports (the client then crawls, or makes conditional GETs)")
    serve.add_argument("--api-key", default=None, help="require this key (a test key, not a "
                       "real one); default: FNSP_SAMPLE_API_KEY, else no key needed")
    _sample_arguments(serve)

    generate = commands.add_parser("generate-sample", help="write the sample as NDJSON + truth")
    generate.add_argument("--out", type=Path, default=DATA_DIR / "sample")
    _sample_arguments(generate)

    args = parser.parse_args(argv)
    return {"refresh": _refresh, "serve-sample": _serve, "generate-sample": _generate,
            "history": _history, "rollback": _rollback}[args.command](args)


def _sample_arguments(parser: argparse.ArgumentParser) -> None:
    from fnsp_pipeline.sample import DEFAULT_SEED
    from fnsp_pipeline.settings import SAMPLE_PHRASINGS

    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = national size")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--phrasing", choices=SAMPLE_PHRASINGS, default="dev",
                        help="the instruction phrasings: dev (developed on), heldout (tuned on once measured), "
                             "blind (never tuned on: the figure to quote)")


def _refresh(args) -> int:
    from fnsp_pipeline.progress import RefreshProgress, captured_output, log_path_for
    from fnsp_pipeline.refresh import run_refresh
    from fnsp_pipeline.settings import load_settings

    settings = load_settings()
    log_path = log_path_for(settings.warehouse)
    print(f"fnsp refresh ({args.mode}): full Dagster and dbt logs in {log_path}", flush=True)
    try:
        with captured_output(log_path, verbose=args.verbose) as terminal:
            outcome = run_refresh(mode=args.mode, settings=settings, resume=not args.fresh,
                                  accept_drop=args.accept_drop,
                                  progress=lambda total: RefreshProgress(terminal, total))
    except ValueError as error:
        print(f"fnsp refresh: {error}", file=sys.stderr)
        return 2
    print(outcome.summary())
    print(f"  full log:  {log_path}")
    if args.summary_json:
        args.summary_json.parent.mkdir(parents=True, exist_ok=True)
        args.summary_json.write_text(outcome.to_json())
    return 0 if outcome.published else 1


def _history(args) -> int:
    from fnsp_pipeline.warehouse.versions import describe_versions

    print(describe_versions())
    return 0


def _rollback(args) -> int:
    from fnsp_pipeline.warehouse.versions import rollback

    try:
        print(rollback(args.to))
    except (FileNotFoundError, RuntimeError) as error:
        print(f"rollback failed: {error}", file=sys.stderr)
        return 1
    return 0


def _serve(args) -> int:
    from fnsp_pipeline.sample import ServerOptions, serve_sample

    options = ServerOptions(
        api_key=args.api_key or os.environ.get("FNSP_SAMPLE_API_KEY") or None,
        latency_ms=args.latency_ms, rate_limit=args.rate_limit, error_rate=args.error_rate,
        seed=args.seed, allow_mutation=args.allow_mutation,
        **({"exports": ()} if args.no_exports else {}))
    print(f"serving the FNSP sample (scale {args.scale:g}) on http://{args.host}:{args.port}",
          flush=True)
    serve_sample(args.host, args.port, scale=args.scale, seed=args.seed, phrasing=args.phrasing,
                 options=options)
    return 0


def _generate(args) -> int:
    from fnsp_pipeline.sample import write_sample

    started = time.monotonic()
    paths = write_sample(args.out, seed=args.seed, scale=args.scale, phrasing=args.phrasing)
    for name, path in paths.items():
        print(f"{name:<20} {path}  ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"written in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
