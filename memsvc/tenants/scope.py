"""Tenant-scoped ids. Storage keys a user or session by its tenant's prefix and the client's
id (`acme~alice`), so everything keyed by user (SQL rows, index payloads, Redis keys, queued
jobs) is isolated per tenant with no extra filter to forget. The default tenant (the open local
mode) has no prefix. The API only ever shows the client's own ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, TypeVar

from pydantic import PlainSerializer

from memsvc.errors import InvalidRequestError

DEFAULT_TENANT = "default"
SEPARATOR = "~"  # never valid in a client id (see memsvc.schemas.ExternalId)
TENANT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")

if TYPE_CHECKING:
    from memsvc.search.schemas import MemoryFilter

QueryT = TypeVar("QueryT", bound="MemoryFilter")


def public(internal: str) -> str:
    """The client's id inside a scoped one."""
    return internal.split(SEPARATOR, 1)[-1]


def tenant_of(internal: str) -> str:
    """The tenant a scoped id belongs to."""
    tenant, separator, _ = internal.partition(SEPARATOR)
    return tenant if separator else DEFAULT_TENANT


# Response fields holding a user or session id are written without their tenant prefix.
PublicId = Annotated[str, PlainSerializer(public, return_type=str)]


@dataclass(frozen=True)
class Principal:
    """Who is calling: a tenant, reached with an API key or through the open local mode."""

    tenant_id: str = DEFAULT_TENANT

    def scope(self, client_id: str) -> str:
        """The storage id of one of this tenant's users or sessions."""
        if SEPARATOR in client_id:
            raise InvalidRequestError(
                f"ids cannot contain {SEPARATOR!r}: got {client_id!r}", id=client_id
            )
        if self.tenant_id == DEFAULT_TENANT:
            return client_id
        return f"{self.tenant_id}{SEPARATOR}{client_id}"

    def scope_all(self, client_ids: list[str] | None) -> list[str] | None:
        """scope() over an optional list."""
        return None if client_ids is None else [self.scope(i) for i in client_ids]

    def scope_query(self, body: QueryT) -> QueryT:
        """A search or context request with its user and session ids in storage form."""
        update: dict[str, object] = {
            "user_id": self.scope(body.user_id),
            "session_ids": self.scope_all(body.session_ids),
        }
        if session_id := getattr(body, "session_id", None):  # the context's active session
            update["session_id"] = self.scope(session_id)
        return body.model_copy(update=update)

    def owns(self, internal: str) -> bool:
        """Whether a stored user or session id is this tenant's."""
        return tenant_of(internal) == self.tenant_id

    def hide(self, message: str) -> str:
        """A message with this tenant's prefix taken out of the ids it quotes."""
        if self.tenant_id == DEFAULT_TENANT:
            return message
        return message.replace(f"{self.tenant_id}{SEPARATOR}", "")
