"""Typed errors with status codes; rendered once by the app's exception handler."""

from __future__ import annotations

from typing import Any


class MemsvcError(Exception):
    """Base error: a status code, a machine-readable code and a message that says what to fix."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFoundError(MemsvcError):
    """The addressed user, session or turn does not exist."""

    status_code = 404
    code = "not_found"


class ConflictError(MemsvcError):
    """The request contradicts what is already stored."""

    status_code = 409
    code = "conflict"


class InvalidRequestError(MemsvcError):
    """The request is well-formed JSON but asks for something impossible."""

    status_code = 422
    code = "invalid_request"


class PayloadTooLargeError(MemsvcError):
    """A batch exceeds the configured maximum size."""

    status_code = 413
    code = "payload_too_large"


class UnavailableError(MemsvcError):
    """A backing store (database, index) is not reachable."""

    status_code = 503
    code = "unavailable"


class AuthenticationError(MemsvcError):
    """No valid API key was presented."""

    status_code = 401
    code = "unauthenticated"
