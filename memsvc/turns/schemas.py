"""Turn API models."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator

from memsvc.schemas import (
    NOT_BLANK,
    ExternalId,
    Metadata,
    NonBlankText,
    RequestSchema,
    Schema,
    StoredMetadata,
    Timestamp,
)
from memsvc.tenants.scope import PublicId

Role = Literal["user", "assistant", "system", "other"]


class TurnIn(RequestSchema):
    """One utterance to remember."""

    speaker: Annotated[
        str,
        Field(
            min_length=1,
            max_length=128,
            description="Who said it",
            json_schema_extra={"pattern": NOT_BLANK},
        ),
    ]
    text: NonBlankText = Field(
        description="What was said, verbatim (image captions included as text)"
    )
    role: Role | None = None
    timestamp: Timestamp | None = Field(default=None, description="Event time; defaults to now")
    turn_id: ExternalId | None = Field(
        default=None, description="Client id; re-posting it returns the stored turn"
    )
    metadata: Metadata

    @field_validator("speaker")
    @classmethod
    def _speaker_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("speaker must not be empty or whitespace")
        return value.strip()


class TurnBatch(RequestSchema):
    """Turns appended to a session in order; stored entirely or not at all."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "turns": [
                        {
                            "speaker": "Caroline",
                            "text": "I went to a LGBTQ support group yesterday.",
                            "timestamp": "2023-05-08T13:56:00Z",
                            "turn_id": "s1-1",
                        },
                        {
                            "speaker": "Melanie",
                            "text": "That's wonderful! How did it feel?",
                            "timestamp": "2023-05-08T13:57:00Z",
                            "turn_id": "s1-2",
                        },
                    ]
                }
            ]
        }
    )

    turns: list[TurnIn] = Field(min_length=1, description="At most MEMSVC_MAX_BATCH_TURNS")


class TurnRead(Schema):
    """A stored turn."""

    id: str
    session_id: PublicId
    user_id: PublicId
    turn_id: str | None = Field(validation_alias="client_turn_id")
    seq: int
    speaker: str
    role: str | None
    text: str
    timestamp: datetime
    metadata: StoredMetadata = Field(validation_alias="metadata_")
    created_at: datetime


class TurnBatchResult(Schema):
    """The stored turns in request order, and how many were new."""

    turns: list[TurnRead]
    created: int
    existing: int


class TurnRef(Schema):
    """Which turn, in your ids and memsvc's: its session, your turn id (None when the turn was
    posted without one), memsvc's id, and when it was said."""

    id: str = Field(description="memsvc's id of the turn")
    session_id: PublicId
    turn_id: str | None = Field(description="Your id for the turn (turns[].turn_id)")
    timestamp: datetime
