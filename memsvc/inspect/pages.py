"""Rendering: the Jinja2 templates, form bodies, and errors shown as pages (a rejected note or
an unknown user is the REST API's message with its 4xx status, never a 500)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import TypeAdapter, ValidationError

from memsvc.deps import invalid_input
from memsvc.errors import InvalidRequestError, MemsvcError
from memsvc.schemas import Timestamp
from memsvc.tenants.scope import Principal, public

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
ENV.filters["public"] = public
ENV.filters["when"] = lambda value: value.strftime("%Y-%m-%d %H:%M") if value else "—"
ENV.filters["day"] = lambda value: value.strftime("%Y-%m-%d") if value else "—"
ENV.globals["query"] = lambda **params: urlencode({k: v for k, v in params.items() if v})
templates = Jinja2Templates(env=ENV)
TIMESTAMP: TypeAdapter[datetime] = TypeAdapter(Timestamp)


def render(request: Request, name: str, code: int = 200, /, **context: Any) -> HTMLResponse:
    """A template rendered with the request (for links) and the page's values."""
    return templates.TemplateResponse(request, name, context, status_code=code)


def redirect(url: str) -> RedirectResponse:
    """After a form: see the result at `url` (303, so a reload does not post again)."""
    return RedirectResponse(url, status_code=303)


async def form_fields(request: Request) -> dict[str, str]:
    """An urlencoded form body (the inspector's forms post no files: no multipart parser)."""
    fields = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    return {name: values[-1] for name, values in fields.items()}


def validation_message(error: ValidationError, where: str = "body") -> tuple[int, str]:
    """The status and message the REST API gives for these invalid fields."""
    invalid = invalid_input([{**e, "loc": (where, *e["loc"])} for e in error.errors()])
    return invalid.status, invalid.message


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An error as a page, its message with the caller's ids (without the tenant prefix)."""
    tenant: Principal = getattr(request.state, "principal", Principal())
    return render(request, "error.html", status, status_code=status, message=tenant.hide(message))


class PageRoute(APIRoute):
    """A route whose expected errors render as an error page instead of the API's JSON body."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except MemsvcError as exc:
                return error_page(request, exc.status_code, exc.message)
            except RequestValidationError as exc:
                invalid = invalid_input(exc.errors())
                return error_page(request, invalid.status, invalid.message)

        return handle


def parse_time(value: str | None, field: str) -> datetime | None:
    """A date or datetime from a form field (the browser's date and datetime-local inputs),
    read like the API reads timestamps; a 422 page for anything else."""
    if not value:
        return None
    try:
        return TIMESTAMP.validate_python(value)
    except ValidationError as exc:
        raise InvalidRequestError(validation_message(exc, field)[1]) from exc


def flag(fields: Mapping[str, str], name: str) -> bool:
    """Whether a checkbox was ticked."""
    return name in fields
