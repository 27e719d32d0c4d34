"""User API models."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from memsvc.schemas import ExternalId, Metadata, RequestSchema, Schema, StoredMetadata
from memsvc.tenants.scope import PublicId


class UserCreate(RequestSchema):
    """Register a user (sessions also register their user on first use)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"id": "caroline", "metadata": {"plan": "pro"}}]}
    )

    id: ExternalId
    metadata: Metadata


class UserRead(Schema):
    """A user and how much memory it holds."""

    id: PublicId
    metadata: StoredMetadata = Field(validation_alias="metadata_")
    created_at: datetime
    session_count: int = 0
    turn_count: int = 0
