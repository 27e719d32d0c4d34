"""The `memsvc` command: serve, mcp, worker, keys, migrate, reindex, export, import, bench."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from memsvc.config import Settings
from memsvc.errors import MemsvcError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    settings = Settings()
    if getattr(args, "service", False):
        from memsvc.observability import configure_logging

        configure_logging(settings.log_level, json=settings.log_format == "json")
    else:  # one-shot commands talk to a terminal
        logging.basicConfig(
            level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
        )
    try:
        result: int = args.handler(settings, args)
    except MemsvcError as error:  # a mistake in the command line, not a crash
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="memsvc", description="Long-term conversational memory.")
    commands = parser.add_subparsers(required=True, metavar="command")

    serve = commands.add_parser("serve", help="run the REST API (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=_serve, service=True)

    worker = commands.add_parser(
        "worker", help="consume consolidation jobs from the Redis queue (MEMSVC_REDIS_URL)"
    )
    worker.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    worker.set_defaults(handler=_worker, service=True)

    keys = commands.add_parser("keys", help="manage API keys (each scoped to one tenant)")
    key_commands = keys.add_subparsers(required=True, metavar="action")
    create = key_commands.add_parser("create", help="create a key and print it (shown once)")
    create.add_argument("--tenant", required=True, help="tenant id: a-z 0-9 -, up to 32")
    create.add_argument("--name", default="", help="what the key is for")
    create.set_defaults(handler=_keys_create)
    listing = key_commands.add_parser("list", help="list keys (never their secrets)")
    listing.add_argument("--tenant", default=None)
    listing.set_defaults(handler=_keys_list)
    revoke = key_commands.add_parser("revoke", help="revoke a key by id or shown prefix")
    revoke.add_argument("key", help="the key's id or its shown prefix (msk_…)")
    revoke.set_defaults(handler=_keys_revoke)

    mcp = commands.add_parser("mcp", help="serve the MCP tools over stdio (for a local agent)")
    mcp.add_argument(
        "--tenant", default=None, help="whose memory to serve (default: the open mode's tenant)"
    )
    mcp.set_defaults(handler=_mcp, service=True)

    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(handler=_migrate)

    reindex = commands.add_parser("reindex", help="rebuild the vector index from SQL")
    reindex.set_defaults(handler=_reindex)

    export = commands.add_parser(
        "export", help="write a tenant's memory (or one user's) as JSON lines to stdout"
    )
    export.add_argument("--tenant", default="default", help="whose users (default: open mode's)")
    export.add_argument("--user", default=None, help="only this user (the client's id)")
    export.set_defaults(handler=_export)
    load = commands.add_parser(
        "import", help="load an export (checked whole first; each user written whole or not)"
    )
    load.add_argument("file", nargs="?", default="-", help="the .jsonl file, or - for stdin")
    load.add_argument("--tenant", default=None, help="into this tenant (default: the dump's)")
    load.set_defaults(handler=_import)

    bench = commands.add_parser("bench", help="benchmarks")
    bench_commands = bench.add_subparsers(required=True, metavar="benchmark")
    ingest = bench_commands.add_parser(
        "ingest", help="ingest throughput vs raw encoder, search latency, peak memory"
    )
    ingest.add_argument("--data", default="../shared/data/locomo/locomo_dev.json")
    ingest.add_argument("--out", default=None, help="also write the figures as JSON here")
    ingest.add_argument("--concurrency", type=int, default=4, help="clients in the concurrent run")
    ingest.set_defaults(handler=_bench_ingest)
    scale = bench_commands.add_parser(
        "scale",
        help="build a store through a real server's REST API and measure it at checkpoints",
    )
    scale.add_argument("--data", default="../shared/data/locomo/locomo_dev.json")
    scale.add_argument("--out", default="eval/results/scale", help="JSON, table, plot, data dir")
    scale.add_argument("--turns", type=int, default=100_000)
    scale.add_argument("--users", type=int, default=1_000)
    scale.add_argument(
        "--checkpoints", default="1000,10000,100000", help="comma-separated store sizes"
    )
    scale.add_argument("--clients", type=int, default=8, help="concurrent clients")
    scale.add_argument("--queries", type=int, default=300, help="requests per measurement")
    scale.add_argument("--burners", type=int, default=0, help="CPU-burning processes beside it")
    scale.set_defaults(handler=_bench_scale)
    inspect = bench_commands.add_parser(
        "inspect", help="inspector page loads (p50/p95) on ~10k turns through a real server"
    )
    inspect.add_argument("--data", default="../shared/data/locomo/locomo_dev.json")
    inspect.add_argument(
        "--data-dir", default="eval/results/inspect/data", help="kept: a second run skips ingest"
    )
    inspect.add_argument("--copies", type=int, default=4, help="users per conversation")
    inspect.add_argument("--repeat", type=int, default=30, help="loads per page")
    inspect.set_defaults(handler=_bench_inspect)
    return parser


def _is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from memsvc.app import create_app

    if not settings.require_api_key and not _is_loopback(args.host):
        logging.getLogger(__name__).warning(
            "serving on %s, beyond loopback: API keys are required", args.host
        )
        settings = settings.model_copy(update={"require_api_key": True})
    # log_config=None keeps the handlers configure_logging installed; memsvc.access replaces
    # uvicorn's access log (it knows the route template and the request id).
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level=settings.log_level.lower(),
        log_config=None,
        access_log=False,
    )
    return 0


def _mcp(settings: Settings, args: argparse.Namespace) -> int:
    from memsvc.mcp.stdio import serve_stdio

    return serve_stdio(settings, tenant=args.tenant)


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from memsvc.tiers.worker import run_worker

    return run_worker(settings, burst=args.burst)


def _keys_create(settings: Settings, args: argparse.Namespace) -> int:
    from memsvc.tenants import service as tenants

    with _database(settings).begin() as db:
        key = tenants.create_key(db, tenant_id=args.tenant, name=args.name)
    print(f"created key {key.id} for tenant {key.tenant_id}; it is shown only this once:")
    print(key.secret)
    return 0


def _keys_list(settings: Settings, args: argparse.Namespace) -> int:
    from memsvc.tenants import service as tenants

    with _database(settings)() as db:
        keys = tenants.list_keys(db, tenant_id=args.tenant)
        print(f"{'id':32}  {'tenant':16}  {'prefix':14}  {'created':20}  {'status':8}  name")
        for key in keys:
            state = "revoked" if key.revoked_at else "active"
            created = key.created_at.strftime("%Y-%m-%d %H:%M:%S")
            print(
                f"{key.id:32}  {key.tenant_id:16}  {key.prefix + '…':14}  {created:20}  "
                f"{state:8}  {key.name}"
            )
    return 0


def _keys_revoke(settings: Settings, args: argparse.Namespace) -> int:
    from memsvc.tenants import service as tenants

    with _database(settings).begin() as db:
        key = tenants.revoke(db, key_id=args.key)
        print(f"revoked key {key.id} ({key.prefix}…) of tenant {key.tenant_id}")
    return 0


def _database(settings: Settings) -> sessionmaker[Session]:
    """A session factory on the migrated database (key commands need no models)."""
    from memsvc.storage.database import make_engine, make_session_factory, migrate

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.sqlalchemy_url)
    return make_session_factory(make_engine(settings.sqlalchemy_url))


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from memsvc.storage.database import migrate

    migrate(settings.sqlalchemy_url)
    print("database is at the newest schema")
    return 0


def _reindex(settings: Settings, _args: argparse.Namespace) -> int:
    from memsvc.reindex import reindex
    from memsvc.runtime import build_runtime

    # A one-shot command: no sweeper scheduling consolidations while it runs, and no check of
    # the index against SQL (it is about to be rebuilt, whatever state it is in).
    runtime = build_runtime(settings, check_index=False, sweep=False)
    try:
        done = reindex(runtime, progress=True)
    finally:
        runtime.close()
    print(f"reindexed {done.turns} turns and {done.memories} memories")
    return 0


def _export(settings: Settings, args: argparse.Namespace) -> int:
    from memsvc.portability import export
    from memsvc.tenants.scope import Principal

    users = [Principal(args.tenant).scope(args.user)] if args.user else None
    written = export.write(
        _database(settings), sys.stdout.buffer, tenant=args.tenant, users=users, progress=True
    )
    sys.stdout.flush()
    print(f"exported {written} lines of tenant {args.tenant!r}", file=sys.stderr)
    return 0


def _import(settings: Settings, args: argparse.Namespace) -> int:
    from memsvc.portability import importer, reading
    from memsvc.runtime import build_runtime

    if args.file != "-" and not os.path.isfile(args.file):
        print(
            f"error: {args.file}: no such file (give a memsvc export, or - for stdin)",
            file=sys.stderr,
        )
        return 2
    with reading.local_file(args.file) as path:
        checked = reading.check(path, progress=True)  # before the models load: fails fast
        # A one-shot command, like reindex: no sweeper scheduling consolidations while it runs.
        runtime = build_runtime(settings, sweep=False)
        try:
            report = importer.load(runtime, checked, tenant=args.tenant, progress=True)
        finally:
            runtime.close()
    print(report.summary())
    return 1 if report.refused else 0


def _bench_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from memsvc.bench.ingest import run_ingest_bench

    return run_ingest_bench(settings, data=args.data, out=args.out, concurrency=args.concurrency)


def _bench_inspect(_settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from memsvc.bench.inspect import run_inspect_bench

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    return run_inspect_bench(
        Path(args.data), Path(args.data_dir), copies=args.copies, repeat=args.repeat
    )


def _bench_scale(_settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from memsvc.bench.scale import run_scale, table

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    # Checkpoints past --turns are dropped; the store's final size is always one.
    asked = {int(n) for n in args.checkpoints.split(",") if n.strip()}
    checkpoints = sorted({n for n in asked if n < args.turns} | {args.turns})
    run = run_scale(
        data=args.data,
        out=Path(args.out),
        turns=args.turns,
        user_count=args.users,
        checkpoints=checkpoints,
        clients=args.clients,
        queries=args.queries,
        burners=args.burners,
    )
    print(table(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
