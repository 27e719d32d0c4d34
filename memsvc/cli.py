"""The `memsvc` command: serve, worker, migrate, reindex, bench."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from memsvc.config import Settings


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    result: int = args.handler(settings, args)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="memsvc", description="Long-term conversational memory.")
    commands = parser.add_subparsers(required=True, metavar="command")

    serve = commands.add_parser("serve", help="run the REST API (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=_serve)

    worker = commands.add_parser(
        "worker", help="consume consolidation jobs from the Redis queue (MEMSVC_REDIS_URL)"
    )
    worker.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    worker.set_defaults(handler=_worker)

    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(handler=_migrate)

    reindex = commands.add_parser("reindex", help="rebuild the vector index from SQL")
    reindex.set_defaults(handler=_reindex)

    bench = commands.add_parser("bench", help="benchmarks")
    bench_commands = bench.add_subparsers(required=True, metavar="benchmark")
    ingest = bench_commands.add_parser(
        "ingest", help="ingest throughput vs raw encoder, search latency, peak memory"
    )
    ingest.add_argument("--data", default="../shared/data/locomo/locomo_dev.json")
    ingest.add_argument("--out", default=None, help="also write the figures as JSON here")
    ingest.add_argument("--concurrency", type=int, default=4, help="clients in the concurrent run")
    ingest.set_defaults(handler=_bench_ingest)
    return parser


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from memsvc.app import create_app

    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from memsvc.tiers.worker import run_worker

    return run_worker(settings, burst=args.burst)


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from memsvc.storage.database import migrate

    migrate(settings.sqlalchemy_url)
    print("database is at the newest schema")
    return 0


def _reindex(settings: Settings, _args: argparse.Namespace) -> int:
    from memsvc.reindex import reindex
    from memsvc.runtime import build_runtime

    # A one-shot command: no idle sweeper scheduling consolidations while it runs.
    runtime = build_runtime(settings.model_copy(update={"idle_timeout_seconds": 0}))
    try:
        count = reindex(runtime, progress=True)
    finally:
        runtime.close()
    print(f"reindexed {count} turns")
    return 0


def _bench_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from memsvc.bench import run_ingest_bench

    return run_ingest_bench(settings, data=args.data, out=args.out, concurrency=args.concurrency)


if __name__ == "__main__":
    sys.exit(main())
