"""The MCP server (the SDK's low-level Server): lists the tools with their argument schemas,
runs a call on a worker thread (the services are synchronous, as under FastAPI), and answers
refused input and domain errors as tool errors carrying the REST API's message."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import anyio
from mcp.server import Server, ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp.shared.uri_template import UriTemplate
from mcp_types import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    CallToolRequestParams,
    CallToolResult,
    ListResourcesResult,
    ListResourceTemplatesResult,
    ListToolsResult,
    PaginatedRequestParams,
    ReadResourceRequestParams,
    ReadResourceResult,
    Resource,
    ResourceTemplate,
    TextContent,
    TextResourceContents,
    Tool,
)
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from memsvc import __version__
from memsvc.deps import invalid_input
from memsvc.errors import MemsvcError
from memsvc.limits import Limits, applying
from memsvc.mcp.tools import TOOLS, Caller, Result, ToolSpec, tenant_users, user_memory
from memsvc.tenants.scope import Principal

log = logging.getLogger(__name__)

Context = ServerRequestContext[Any, Any]
Resolve = Callable[[Context], Awaitable[Caller]]
"""How a transport finds the runtime and tenant of a call (HTTP: the request's API key)."""

MEMORY = UriTemplate.parse("memsvc://users/{user_id}/memory")
JSON = "application/json"
INSTRUCTIONS = (
    "memsvc is a long-term memory of conversations, kept per user. Store what was said with "
    "add_memory (one session per conversation), standalone facts about the user with add_note. "
    "Before answering, call get_context (a budgeted, dated, cited block to put in your prompt) "
    "or search_memories (ranked hits with ids and dates). When a conversation ends, "
    "close_session distils it into facts (list_facts). Every tool names its user_id; ids you "
    "choose (session_id, turn_id, note ids) use A-Z a-z 0-9 _ . : @ -."
)


def build_server(resolve: Resolve) -> Server[Any]:
    """The tools and the memory resource over the given way of resolving callers."""

    async def list_tools(ctx: Context, params: PaginatedRequestParams | None) -> ListToolsResult:
        return ListToolsResult(tools=LISTED)

    async def call_tool(ctx: Context, params: CallToolRequestParams) -> CallToolResult:
        spec = BY_NAME.get(params.name)
        if spec is None:
            message = f"unknown tool {params.name!r}; the tools are {', '.join(BY_NAME)}"
            return _refusal("not_found", message)
        return await _call(spec, params.arguments or {}, resolve, ctx)

    async def list_templates(
        ctx: Context, params: PaginatedRequestParams | None
    ) -> ListResourceTemplatesResult:
        return ListResourceTemplatesResult(resource_templates=[TEMPLATE])

    async def list_resources(
        ctx: Context, params: PaginatedRequestParams | None
    ) -> ListResourcesResult:
        cursor = params.cursor if params else None
        caller = await _resolved(resolve, ctx)
        ids, next_cursor = await _read(caller, partial(tenant_users, caller, cursor))
        return ListResourcesResult(resources=[_resource(i) for i in ids], next_cursor=next_cursor)

    async def read_resource(ctx: Context, params: ReadResourceRequestParams) -> ReadResourceResult:
        found = MEMORY.match(params.uri)
        if found is None:
            message = f"unknown resource {params.uri!r}; memory is at {MEMORY}"
            raise MCPError(code=INVALID_PARAMS, message=message)
        caller = await _resolved(resolve, ctx)
        memory = await _read(caller, partial(user_memory, caller, str(found["user_id"])))
        text = json.dumps(memory, ensure_ascii=False)
        return ReadResourceResult(
            contents=[TextResourceContents(uri=params.uri, mime_type=JSON, text=text)]
        )

    return Server(
        "memsvc",
        version=__version__,
        title="memsvc memory",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_list_resource_templates=list_templates,
        on_read_resource=read_resource,
    )


def _tool(spec: ToolSpec[Any]) -> Tool:
    return Tool(
        name=spec.name,
        title=spec.title,
        description=spec.description,
        input_schema=spec.arguments.model_json_schema(),
        annotations=spec.annotations,
    )


LISTED = [_tool(spec) for spec in TOOLS]
BY_NAME = {spec.name: spec for spec in TOOLS}
TEMPLATE = ResourceTemplate(
    name="memory",
    title="A user's memory",
    uri_template=str(MEMORY),
    description="What to always know about the user: scratchpad notes and current facts (JSON)",
    mime_type=JSON,
)


def _resource(user_id: str) -> Resource:
    return Resource(
        name=f"memory of {user_id}",
        uri=MEMORY.expand({"user_id": user_id}),
        description=f"Scratchpad notes and current facts of user {user_id!r}",
        mime_type=JSON,
    )


async def _call(
    spec: ToolSpec[Any], arguments: dict[str, Any], resolve: Resolve, ctx: Context
) -> CallToolResult:
    """Run one tool call; every failure becomes an is_error result, logged like a request."""
    started = time.perf_counter()
    tenant: Principal | None = None
    try:
        caller = await resolve(ctx)
        tenant = caller.tenant
        result = await _in_thread(caller, partial(_run, spec, caller, arguments))
    except (MemsvcError, ValidationError) as exc:
        outcome = _refusal(**described(exc, tenant))
    except (OperationalError, PoolTimeoutError) as exc:  # as REST's 503: retrying may work
        log.exception("mcp tool %s: database unavailable", spec.name)
        message = f"database unavailable ({exc.__class__.__name__}); retry later"
        outcome = _refusal("unavailable", message)
    except Exception:
        log.exception("mcp tool %s failed", spec.name)
        outcome = _refusal("internal_error", "unexpected server error; see the server log")
    else:
        outcome = _success(result)
    status = "error" if outcome.is_error else "ok"
    elapsed = (time.perf_counter() - started) * 1000
    log.info("mcp tool %s %s %.2fms", spec.name, status, elapsed, extra={"tool": spec.name})
    return outcome


def _run(spec: ToolSpec[Any], caller: Caller, arguments: dict[str, Any]) -> Result:
    """Validate the arguments with the configured metadata limits, as a REST body is, and run."""
    args = spec.arguments.model_validate(arguments)
    return spec.run(caller, args)


async def _in_thread(caller: Caller, work: Callable[[], Any]) -> Any:
    """work on a worker thread, under the runtime's request limits."""
    limits = Limits.from_settings(caller.runtime.settings)

    def limited() -> Any:
        with applying(limits):
            return work()

    return await anyio.to_thread.run_sync(limited)


async def _resolved(resolve: Resolve, ctx: Context) -> Caller:
    """The caller of a resource request."""
    try:
        return await resolve(ctx)
    except MemsvcError as exc:
        raise _protocol_error(exc, None) from exc


async def _read(caller: Caller, work: Callable[[], Any]) -> Any:
    """A resource read; failures as protocol errors (resources have no is_error result)."""
    try:
        return await _in_thread(caller, work)
    except (MemsvcError, ValidationError) as exc:
        raise _protocol_error(exc, caller.tenant) from exc


def _protocol_error(exc: MemsvcError | ValidationError, tenant: Principal | None) -> MCPError:
    status = exc.status_code if isinstance(exc, MemsvcError) else 422
    error = described(exc, tenant)
    code = INVALID_PARAMS if status < 500 else INTERNAL_ERROR
    return MCPError(code=code, message=error["message"], data=error)


def described(exc: MemsvcError | ValidationError, tenant: Principal | None) -> dict[str, Any]:
    """The code, message and details REST answers an error with."""
    if isinstance(exc, ValidationError):
        invalid = invalid_input(exc.errors())
        return {"code": invalid.code, "message": invalid.message, "details": invalid.errors}
    # Messages quote stored ids; a tenant sees its own ids without their prefix.
    hide = (tenant or Principal()).hide
    details = json.loads(hide(json.dumps(exc.details, default=str)))
    return {"code": exc.code, "message": hide(exc.message), "details": details or None}


def _refusal(code: str, message: str, details: Any = None) -> CallToolResult:
    error = {"code": code, "message": message, "details": details}
    return CallToolResult(
        content=[TextContent(type="text", text=message)],
        structured_content={"error": error},
        is_error=True,
    )


def _success(result: Result) -> CallToolResult:
    text = json.dumps(result, ensure_ascii=False)
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=result)
