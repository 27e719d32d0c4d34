"""User API models."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from memsvc.schemas import ExternalId, Metadata, Schema
from memsvc.tenants.scope import PublicId


class UserCreate(Schema):
    """Register a user (sessions also register their user on first use)."""

    id: ExternalId
    metadata: Metadata


class UserRead(Schema):
    """A user and how much memory it holds."""

    id: PublicId
    metadata: Metadata = Field(validation_alias="metadata_")
    created_at: datetime
    session_count: int = 0
    turn_count: int = 0
