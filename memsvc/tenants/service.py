"""API keys: created for a tenant (shown once), listed, revoked, and checked on each request.
Keys are long random secrets, so a plain SHA-256 is the right hash: there is nothing to brute
force, and lookups stay one indexed query."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from memsvc.errors import AuthenticationError, InvalidRequestError, NotFoundError
from memsvc.storage.models import ApiKey, Tenant, utcnow
from memsvc.tenants.scope import TENANT_ID, Principal

KEY_PREFIX = "msk_"
SHOWN_PREFIX = 12  # characters of a key kept in clear, to tell keys apart
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewKey:
    """A key just created: the only time its secret is available."""

    id: str
    tenant_id: str
    name: str
    secret: str


def digest(secret: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(db: Session, *, tenant_id: str, name: str = "") -> NewKey:
    """A new key for the tenant (created on first use)."""
    if not TENANT_ID.match(tenant_id):
        raise InvalidRequestError(
            f"tenant ids are 1-32 characters of a-z 0-9 and '-', starting with a letter or "
            f"digit: got {tenant_id!r}"
        )
    if db.get(Tenant, tenant_id) is None:
        db.add(Tenant(id=tenant_id))
        db.flush()  # before its key: the two are unrelated to the unit of work's ordering
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(tenant_id=tenant_id, name=name, prefix=secret[:SHOWN_PREFIX], hash=digest(secret))
    db.add(key)
    db.flush()
    return NewKey(id=key.id, tenant_id=tenant_id, name=name, secret=secret)


def list_keys(db: Session, *, tenant_id: str | None = None) -> list[ApiKey]:
    """Keys, oldest first (revoked ones included, marked by revoked_at)."""
    query = select(ApiKey).order_by(ApiKey.created_at, ApiKey.id)
    if tenant_id is not None:
        query = query.where(ApiKey.tenant_id == tenant_id)
    return list(db.scalars(query))


def revoke(db: Session, *, key_id: str) -> ApiKey:
    """Revoke a key by id or by its shown prefix; it stops working at once."""
    matches = list(
        db.scalars(select(ApiKey).where((ApiKey.id == key_id) | (ApiKey.prefix == key_id)))
    )
    if len(matches) != 1:
        raise NotFoundError(f"no single API key with id or prefix {key_id!r}", key_id=key_id)
    key = matches[0]
    key.revoked_at = key.revoked_at or utcnow()
    db.flush()
    return key


def authenticate(db: Session, secret: str, *, now: datetime | None = None) -> Principal:
    """The tenant behind a presented key, or a 401 that says what is wrong."""
    key = db.scalar(select(ApiKey).where(ApiKey.hash == digest(secret)))
    if key is None:
        raise AuthenticationError("unknown API key; create one with `memsvc keys create`")
    if key.revoked_at is not None:
        raise AuthenticationError(f"API key {key.prefix}… was revoked; use another key")
    now = now or utcnow()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        key.last_used_at = now  # at most one write a minute per key, not one per request
    return Principal(tenant_id=key.tenant_id)
