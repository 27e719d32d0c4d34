"""The long-lived parts (database, encoder, index, tokenizer), built once at startup."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from memsvc.batching import CoalescingEncoder
from memsvc.config import Settings
from memsvc.encoder import Encoder, build_encoder
from memsvc.index import VectorIndex, build_index
from memsvc.lexical import LexicalEncoder
from memsvc.linguistics.anchors import Anchorer
from memsvc.storage.database import make_engine, make_session_factory, migrate
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
    anchorer: Anchorer | None = None

    def close(self) -> None:
        """Stop the encoder worker, flush the index and release connections."""
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
    encoder = encoder or build_encoder(settings)
    if settings.coalesce_encodes:
        encoder = CoalescingEncoder(encoder)
    index = build_index(settings, dimension=encoder.dimension)
    log.info(
        "memsvc ready: database=%s index=%s encoder=%s",
        engine.url.render_as_string(hide_password=True),
        type(index).__name__,
        encoder.name,
    )
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        encoder=encoder,
        lexical=LexicalEncoder(),
        index=index,
        tokens=TokenCounter(settings.tokenizer),
        anchorer=(anchorer or Anchorer()) if settings.anchors else None,
    )
