"""Session API models."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from memsvc.schemas import ExternalId, Metadata, RequestSchema, Schema, StoredMetadata, Timestamp
from memsvc.tenants.scope import PublicId


class SessionCreate(RequestSchema):
    """Start a session for a user (the user is registered on first use)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"user_id": "caroline", "id": "s1", "started_at": "2023-05-08T13:56:00Z"}]
        }
    )

    user_id: ExternalId
    id: ExternalId | None = Field(
        default=None, description="Client-chosen session id; generated when omitted"
    )
    started_at: Timestamp | None = Field(default=None, description="Defaults to now")
    metadata: Metadata


class SessionRead(Schema):
    """A session and its size."""

    id: PublicId
    user_id: PublicId
    started_at: datetime
    metadata: StoredMetadata = Field(validation_alias="metadata_")
    created_at: datetime
    closed_at: datetime | None = None
    consolidated_at: datetime | None = Field(
        default=None, description="When its episode, facts and notes were last distilled"
    )
    turn_count: int = 0
