"""The long-lived parts (database, encoder, index, tokenizer), built once at startup."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from memsvc.batching import EncoderPool
from memsvc.config import Settings
from memsvc.encoder import Encoder, MeteredEncoder, build_encoder, encoder_workers
from memsvc.index import VectorIndex, build_index
from memsvc.index.base import PROBE_TEXT, IndexStatus
from memsvc.index.compaction import Compactor, enable_secure_delete
from memsvc.observability.metrics import Metrics
from memsvc.sparse import SparseEncoder, SpladeModel, build_sparse_encoder
from memsvc.storage.database import make_engine, make_session_factory, migrate, reader
from memsvc.tiers.lifecycle import IdleSweeper
from memsvc.tiers.scheduler import BackgroundScheduler, QueueScheduler, Scheduler
from memsvc.tiers.working import WorkingStore, build_working_store
from memsvc.tokens import TokenCounter
from memsvc.turns.anchor_process import AnchorProcess

if TYPE_CHECKING:  # spaCy loads when a runtime is built, not when the app is imported
    from memsvc.linguistics.anchors import Anchorer

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Engines and models shared by every request; injected, never imported as globals."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]  # transactions that only read (never SQLite's lock)
    encoder: Encoder
    lexical: SparseEncoder  # the sparse leg, BM25 or SPLADE (MEMSVC_SPARSE)
    index: VectorIndex
    tokens: TokenCounter
    working: WorkingStore
    anchorer: Anchorer | None = None  # queries (and the fallback for ingest)
    anchor_process: AnchorProcess | None = None  # ingest batches, beside the encoder
    owns_anchor_process: bool = True  # False when handed in (shared by tests' runtimes)
    scheduler: Scheduler | None = None  # set by build_runtime (consolidation needs the runtime)
    sweeper: IdleSweeper | None = None
    compactor: Compactor | None = None
    # What build_runtime's check of the index against SQL found; /readyz reports it.
    index_status: IndexStatus = field(default_factory=lambda: IndexStatus(ok=True))
    metrics: Metrics = field(default_factory=Metrics)  # per runtime: its own registry

    def close(self) -> None:
        """Stop background work, the encoder worker, flush the index, release connections."""
        if self.sweeper is not None:
            self.sweeper.stop()
        if self.compactor is not None:
            self.compactor.stop()
        if self.scheduler is not None:
            self.scheduler.close()
        if isinstance(self.encoder, EncoderPool):
            self.encoder.close()
        self.lexical.close()
        if self.anchor_process is not None and self.owns_anchor_process:
            self.anchor_process.close()
        self.index.close()
        self.engine.dispose()


def build_runtime(
    settings: Settings,
    *,
    encoder: Encoder | None = None,
    splade: SpladeModel | None = None,
    anchorer: Anchorer | None = None,
    anchor_process: AnchorProcess | None = None,
    check_index: bool = True,
    scheduler: Scheduler | None = None,
    sweep: bool = True,
) -> Runtime:
    """Migrate (if asked), load the models, open the index the settings describe and (unless
    told not to, as `memsvc reindex` does) check it against SQL. Given models (encoder, SPLADE)
    are shared, not loaded again; a given scheduler replaces the configured one; sweep=False
    (the worker, one-shot commands) never schedules due sessions."""
    consolidation_mode(settings)  # refuse a configuration that would queue work nobody runs
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.migrate_on_startup:
        migrate(settings.sqlalchemy_url)
    engine = make_engine(settings.sqlalchemy_url)
    enable_secure_delete(engine)  # before the first connection: deletes leave zeros
    metrics = Metrics()
    # Started first: the child loads spaCy on the other core while this process loads models.
    owns_anchor_process = anchor_process is None
    if not (settings.anchors and settings.anchor_process):
        anchor_process = None
    elif anchor_process is None:
        anchor_process = AnchorProcess()
    sparse: SparseEncoder | None = None
    try:
        model = encoder or build_encoder(settings)
        sparse = build_sparse_encoder(settings, splade=splade)
        probe = model.encode([PROBE_TEXT])[0].tolist()  # tells this encoder's vectors apart
        index = build_index(settings, dimension=model.dimension, probe=probe)
    except BaseException:
        if sparse is not None:
            sparse.close()  # its worker threads end with the failed start too
        if anchor_process is not None and owns_anchor_process:
            anchor_process.close()  # no child left behind by a start that failed
        raise
    # Metered inside the pool: the histogram times real model passes, not queue waits.
    encoder = MeteredEncoder(model, observe=metrics.observe_encode)
    if settings.coalesce_encodes:
        workers = encoder_workers(settings, device=getattr(model, "device", "cpu"))
        encoder = EncoderPool(encoder, workers=workers)
    metrics.watch_index(index.count)
    log.info(
        "memsvc ready: database=%s index=%s encoder=%s sparse=%s",
        engine.url.render_as_string(hide_password=True),
        type(index).__name__,
        encoder.name,
        sparse.kind,
    )
    from memsvc.linguistics.anchors import Anchorer

    runtime = Runtime(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        read_sessions=make_session_factory(reader(engine)),
        encoder=encoder,
        lexical=sparse,
        index=index,
        tokens=TokenCounter(settings.tokenizer),
        working=build_working_store(
            settings.redis_url,
            ttl_seconds=settings.working_ttl_seconds,
            timeout_seconds=settings.redis_timeout_seconds,
            retry_seconds=settings.redis_retry_seconds,
        ),
        anchorer=(anchorer or Anchorer()) if settings.anchors else None,
        anchor_process=anchor_process,
        owns_anchor_process=owns_anchor_process,
        metrics=metrics,
    )
    # Only the embedded index is this process's alone: a Qdrant server is shared with other
    # replicas and workers, whose points are written just before their commit, so a diff taken
    # here could "repair" away their in-flight writes.
    if check_index and not settings.qdrant_url:
        from memsvc.reindex import check  # it needs the runtime type

        runtime.index_status = check(runtime)
    runtime.compactor = Compactor(index, engine, every=settings.compaction_seconds)
    runtime.compactor.start()
    runtime.scheduler = scheduler or _scheduler(runtime)
    if sweep:
        # Closed sessions whose run was lost are found at start and then every minute.
        every = min(60.0, settings.idle_timeout_seconds / 4 or 60.0)
        runtime.sweeper = IdleSweeper(
            runtime.sessions,
            runtime.scheduler,
            idle_seconds=settings.idle_timeout_seconds,
            every=every,
        )
        runtime.sweeper.start()
    return runtime


class BackgroundBuild:
    """build_runtime on its own thread, so a server answers liveness (and "starting" 503s)
    while the models load and the index opens; the built runtime is handed to on_ready, a
    failure to on_failure (after logging it)."""

    def __init__(
        self,
        settings: Settings,
        *,
        on_ready: Callable[[Runtime], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        self._settings = settings
        self._on_ready = on_ready
        self._on_failure = on_failure
        self._lock = threading.Lock()  # a build finishing during close() is closed, not handed out
        self._closed = False
        self._runtime: Runtime | None = None
        self._thread = threading.Thread(target=self._build, name="memsvc-build", daemon=True)

    def start(self) -> None:
        """Start building."""
        self._thread.start()

    def close(self, *, timeout: float) -> None:
        """Wait up to timeout seconds for a build under way, then close what was built."""
        self._thread.join(timeout)
        with self._lock:
            self._closed = True
            runtime, self._runtime = self._runtime, None
        if runtime is not None:
            runtime.close()
        elif self._thread.is_alive():  # it closes its runtime itself if it ever finishes
            log.warning("still building the runtime after %.0f s; not waiting longer", timeout)

    def _build(self) -> None:
        started = time.perf_counter()
        try:
            runtime = build_runtime(self._settings)
        except BaseException as exc:
            log.exception("building the runtime failed")
            self._on_failure(exc)
            return
        with self._lock:
            if not self._closed:
                self._runtime = runtime
                self._on_ready(runtime)
                log.info("runtime built in %.1f s: ready", time.perf_counter() - started)
                return
        runtime.close()


def consolidation_mode(settings: Settings) -> Literal["queue", "background"]:
    """Where consolidation runs: the rq queue needs Redis and a Qdrant server (`memsvc worker`
    cannot open the embedded index, which is this process's files), else a thread here."""
    mode, redis_url, qdrant_url = settings.consolidation, settings.redis_url, settings.qdrant_url
    if mode == "queue" and not redis_url:
        raise ValueError("MEMSVC_CONSOLIDATION=queue needs MEMSVC_REDIS_URL")
    if mode == "queue" and not qdrant_url:
        raise ValueError(
            "MEMSVC_CONSOLIDATION=queue needs MEMSVC_QDRANT_URL: `memsvc worker` cannot open the "
            "embedded index, so queued jobs would never run; use auto or background (this "
            "process consolidates on its own thread, Redis still holds working memory)"
        )
    if mode == "queue" or (mode == "auto" and redis_url and qdrant_url):
        return "queue"
    return "background"


def _scheduler(runtime: Runtime) -> Scheduler:
    """The rq queue or a background thread here, as consolidation_mode says."""
    from memsvc.tiers.consolidation import consolidate  # it needs the runtime type

    settings = runtime.settings
    if consolidation_mode(settings) == "queue" and settings.redis_url:
        return QueueScheduler(settings.redis_url, timeout_seconds=settings.redis_timeout_seconds)
    return BackgroundScheduler(lambda session_id: consolidate(runtime, session_id))
