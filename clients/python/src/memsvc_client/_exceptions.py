"""The exception tree: one class per failure kind, status errors keyed by HTTP status."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MemsvcError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
]


class MemsvcError(Exception):
    """Base of every error this SDK raises; `request_id` names the call in the server's log."""

    def __init__(self, message: str, *, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request_id = request_id


class APIConnectionError(MemsvcError):
    """The server could not be reached, or the connection broke before a response arrived."""

    def __init__(
        self, message: str, *, request: httpx.Request, request_id: str | None = None
    ) -> None:
        super().__init__(message, request_id=request_id)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""


class APIResponseValidationError(MemsvcError):
    """A successful response whose body does not match the expected model."""

    def __init__(
        self, message: str, *, response: httpx.Response, request_id: str | None = None
    ) -> None:
        super().__init__(message, request_id=request_id)
        self.response = response
        self.status_code = response.status_code


class APIStatusError(MemsvcError):
    """The server answered with a 4xx or 5xx status; fields come from its error body."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        code: str,
        details: Any = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, request_id=request_id)
        self.response = response
        self.status_code = response.status_code
        self.code = code
        self.details = details

    def __str__(self) -> str:
        suffix = f" (request_id={self.request_id})" if self.request_id else ""
        return f"{self.status_code} {self.code}: {self.message}{suffix}"


class BadRequestError(APIStatusError):
    """400: the request is malformed."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the API key may not do this."""


class NotFoundError(APIStatusError):
    """404: the addressed user, session, turn or note does not exist."""


class ConflictError(APIStatusError):
    """409: the request contradicts what is already stored (e.g. an id reused differently)."""


class PayloadTooLargeError(APIStatusError):
    """413: a batch exceeds the server's maximum size."""


class UnprocessableEntityError(APIStatusError):
    """422: the body or parameters failed validation; `details` lists the fields."""


class RateLimitError(APIStatusError):
    """429: too many requests; retried automatically before this is raised."""


class InternalServerError(APIStatusError):
    """5xx: the server failed; retried automatically before this is raised."""


class ServiceUnavailableError(InternalServerError):
    """503: a backing store (database, index) is not reachable."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}


def status_error(response: httpx.Response, *, sent_request_id: str | None) -> APIStatusError:
    """Build the typed error for a 4xx/5xx response from its `{"error": {...}}` body."""
    error = _error_body(response)
    code = str(error.get("code") or f"http_{response.status_code}")
    message = str(error.get("message") or _text(response) or response.reason_phrase or "failed")
    request_id = error.get("request_id") or response.headers.get("x-request-id") or sent_request_id
    cls = _BY_STATUS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(
        message,
        response=response,
        code=code,
        details=error.get("details"),
        request_id=str(request_id) if request_id else None,
    )


def _error_body(response: httpx.Response) -> dict[str, Any]:
    """The `error` object, or what can be had when the body is not the service's."""
    try:
        body = response.json()
    except ValueError:
        return {}
    if not isinstance(body, dict):
        return {}
    error = body.get("error")
    if isinstance(error, dict):
        return error
    # A framework's own error (e.g. FastAPI's 404 for an unknown route) says {"detail": ...}.
    return {"message": body["detail"]} if isinstance(body.get("detail"), str) else {}


def _text(response: httpx.Response) -> str:
    """The start of a non-JSON error body, which often names the failing proxy or gateway."""
    try:
        return " ".join(response.text.split())[:200]
    except UnicodeDecodeError:
        return ""
