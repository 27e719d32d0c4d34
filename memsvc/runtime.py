"""The long-lived parts (database, encoder, index, tokenizer), built once at startup."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from memsvc.batching import CoalescingEncoder
from memsvc.config import Settings
from memsvc.encoder import Encoder, MeteredEncoder, build_encoder
from memsvc.index import VectorIndex, build_index
from memsvc.lexical import LexicalEncoder
from memsvc.linguistics.anchors import Anchorer
from memsvc.observability.metrics import Metrics
from memsvc.storage.database import make_engine, make_session_factory, migrate
from memsvc.tiers.lifecycle import IdleSweeper
from memsvc.tiers.scheduler import BackgroundScheduler, QueueScheduler, Scheduler
from memsvc.tiers.working import WorkingStore, build_working_store
from memsvc.tokens import TokenCounter

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Engines and models shared by every request; injected, never imported as globals."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    encoder: Encoder
    lexical: LexicalEncoder
    index: VectorIndex
    tokens: TokenCounter
    working: WorkingStore
    anchorer: Anchorer | None = None
    scheduler: Scheduler | None = None  # set by build_runtime (consolidation needs the runtime)
    sweeper: IdleSweeper | None = None
    metrics: Metrics = field(default_factory=Metrics)  # per runtime: its own registry

    def close(self) -> None:
        """Stop background work, the encoder worker, flush the index, release connections."""
        if self.sweeper is not None:
            self.sweeper.stop()
        if self.scheduler is not None:
            self.scheduler.close()
        if isinstance(self.encoder, CoalescingEncoder):
            self.encoder.close()
        self.index.close()
        self.engine.dispose()


def build_runtime(
    settings: Settings, *, encoder: Encoder | None = None, anchorer: Anchorer | None = None
) -> Runtime:
    """Migrate (if asked), load the models and open the index the settings describe."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.migrate_on_startup:
        migrate(settings.sqlalchemy_url)
    engine = make_engine(settings.sqlalchemy_url)
    metrics = Metrics()
    # Metered inside the coalescer: the histogram times real model passes, not queue waits.
    encoder = MeteredEncoder(encoder or build_encoder(settings), observe=metrics.observe_encode)
    if settings.coalesce_encodes:
        encoder = CoalescingEncoder(encoder)
    index = build_index(settings, dimension=encoder.dimension)
    metrics.watch_index(index.count)
    log.info(
        "memsvc ready: database=%s index=%s encoder=%s",
        engine.url.render_as_string(hide_password=True),
        type(index).__name__,
        encoder.name,
    )
    runtime = Runtime(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        encoder=encoder,
        lexical=LexicalEncoder(),
        index=index,
        tokens=TokenCounter(settings.tokenizer),
        working=build_working_store(settings.redis_url, ttl_seconds=settings.working_ttl_seconds),
        anchorer=(anchorer or Anchorer()) if settings.anchors else None,
        metrics=metrics,
    )
    runtime.scheduler = _scheduler(runtime)
    if settings.idle_timeout_seconds:
        every = min(60.0, settings.idle_timeout_seconds / 4)
        runtime.sweeper = IdleSweeper(
            runtime.sessions,
            runtime.scheduler,
            idle_seconds=settings.idle_timeout_seconds,
            every=every,
        )
        runtime.sweeper.start()
    return runtime


def _scheduler(runtime: Runtime) -> Scheduler:
    """A Redis queue when configured (or asked for), else a background thread here."""
    from memsvc.tiers.consolidation import consolidate  # it needs the runtime type

    mode = runtime.settings.consolidation
    redis_url = runtime.settings.redis_url
    if mode == "queue" or (mode == "auto" and redis_url):
        if not redis_url:
            raise ValueError("MEMSVC_CONSOLIDATION=queue needs MEMSVC_REDIS_URL")
        return QueueScheduler(redis_url)
    return BackgroundScheduler(lambda session_id: consolidate(runtime, session_id))
