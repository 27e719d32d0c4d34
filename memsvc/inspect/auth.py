"""Who is looking: the same API keys and open local mode as /v1. A browser cannot send an
Authorization header, so /inspect/login turns a key into an HTTP-only cookie scoped to
/inspect; a request with the header (curl, tests) is checked exactly like /v1."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import Depends, Request

from memsvc.deps import RuntimeDep, get_principal
from memsvc.errors import InvalidRequestError
from memsvc.tenants import service as tenants
from memsvc.tenants.scope import Principal

COOKIE = "memsvc_inspect_key"
PATH = "/inspect"
COOKIE_SECONDS = 8 * 3600


def inspector_principal(request: Request, runtime: RuntimeDep) -> Principal:
    """The tenant of the Authorization header, else of the login cookie, else /v1's rule
    (the default tenant when the server runs open, a 401 when it requires a key)."""
    secret = request.cookies.get(COOKIE)
    if request.headers.get("authorization") or not secret:
        return get_principal(request, runtime)
    return authenticate(request, runtime, secret)


def authenticate(request: Request, runtime: RuntimeDep, secret: str) -> Principal:
    """The tenant of a key (a 401 for an unknown or revoked one), noted on the request."""
    with runtime.sessions() as db:
        principal = tenants.authenticate(db, secret.strip())
        db.commit()
    request.state.principal = principal
    return principal


def same_origin(request: Request) -> None:
    """Refuse a form posted from another site: in the open local mode any page the browser
    visits could otherwise post deletes to loopback (cookies are SameSite=Strict besides)."""
    origin = request.headers.get("origin")
    # "null" is an opaque origin (a sandboxed frame, a redirect across sites): never ours.
    if origin and (origin == "null" or urlparse(origin).netloc != request.url.netloc):
        raise InvalidRequestError(f"a form from {origin} cannot change this server's memory")
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise InvalidRequestError("a form from another site cannot change this server's memory")


InspectorTenant = Annotated[Principal, Depends(inspector_principal)]
SameOrigin = Depends(same_origin)
