"""The inspector's routes under /inspect. Every page reads and writes through the domain
services the REST API calls (users, sessions, tiers, search, context, health): this module
only parses forms and picks templates."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from sqlalchemy.orm import Session

from memsvc.deps import DbDep, ReadDbDep, RuntimeDep
from memsvc.errors import MemsvcError, NotFoundError
from memsvc.inspect import auth, health, playground, queries
from memsvc.inspect.auth import InspectorTenant
from memsvc.inspect.pages import (
    STATIC,
    PageRoute,
    form_fields,
    parse_time,
    redirect,
    render,
    validation_message,
)
from memsvc.inspect.plots import weekly_bars
from memsvc.runtime import Runtime
from memsvc.sessions import service as sessions
from memsvc.tenants.scope import Principal, public
from memsvc.tiers import service as tiers
from memsvc.tiers.facts import Status
from memsvc.tiers.schemas import NoteEdit, NoteWrite
from memsvc.turns import repository as turns
from memsvc.users import service as users

USERS_PER_PAGE = 50
SESSIONS_PER_PAGE = 20
TURNS_PER_SESSION = 40  # shown inline on the timeline; the session page shows the rest
SESSION_PAGE_TURNS = 500  # bound of one session page
FACTS_PER_PAGE = 100
HISTORY_BOUND = 1000
NOTES_PER_PAGE = 100

router = APIRouter(prefix="/inspect", route_class=PageRoute, include_in_schema=False)
Form = Annotated[dict[str, str], Depends(form_fields)]
Cursor = Annotated[str | None, Query(max_length=512)]


def mount_inspector(app: FastAPI) -> None:
    """Serve the inspector's pages and its stylesheet on the app."""
    app.include_router(router)
    app.mount("/inspect/static", StaticFiles(directory=STATIC), name="inspect-static")


def user_url(user_id: str, page: str = "") -> str:
    """The inspector URL of one of a user's pages (public id)."""
    return f"/inspect/users/{quote(public(user_id), safe='')}{page}"


@router.get("")
def home() -> RedirectResponse:
    return RedirectResponse("/inspect/users", status_code=307)


@router.get("/login")
def login_page(request: Request, runtime: RuntimeDep, key: str | None = None) -> Response:
    """The key form; with ?key= the key is checked, kept in a cookie, and left out of the URL."""
    if not key:
        return render(request, "login.html", required=runtime.settings.require_api_key)
    return _logged_in(request, runtime, key)


@router.post("/login", dependencies=[auth.SameOrigin])
def login(request: Request, runtime: RuntimeDep, form: Form) -> Response:
    return _logged_in(request, runtime, form.get("key", ""))


def _logged_in(request: Request, runtime: Runtime, key: str) -> Response:
    auth.authenticate(request, runtime, key)  # a 401 page for an unknown or revoked key
    response = redirect("/inspect/users")
    response.set_cookie(
        auth.COOKIE,
        key.strip(),
        max_age=auth.COOKIE_SECONDS,
        path=auth.PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout", dependencies=[auth.SameOrigin])
def logout() -> Response:
    response = redirect("/inspect/login")
    response.delete_cookie(auth.COOKIE, path=auth.PATH)
    return response


@router.get("/users", response_class=HTMLResponse)
def users_page(
    request: Request, db: ReadDbDep, tenant: InspectorTenant, q: str = "", cursor: Cursor = None
) -> HTMLResponse:
    """The tenant's users with their counts; `q` looks one up by id."""
    if q.strip():
        found = [users.read(db, user_id=tenant.scope(q.strip()))]
        page_cursor = None
    else:
        page = users.list_for_tenant(
            db, tenant_id=tenant.tenant_id, limit=USERS_PER_PAGE, cursor=cursor
        )
        found, page_cursor = page.items, page.next_cursor
    facts = queries.fact_counts(db, [u.id for u in found])
    rows = [(u, facts.get(u.id, 0), user_url(u.id)) for u in found]
    return render(request, "users.html", rows=rows, q=q, next_cursor=page_cursor)


@router.get("/users/{user_id}", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    user_id: str,
    db: ReadDbDep,
    runtime: RuntimeDep,
    tenant: InspectorTenant,
    cursor: Cursor = None,
    highlight: str = "",
) -> HTMLResponse:
    """Sessions by date, each expandable to its first turns with anchors and index state."""
    scoped = tenant.scope(user_id)
    indexed = runtime.index.ids(user_id=scoped)  # before SQL: no connection waits on the index
    user = users.read(db, user_id=scoped)
    page = sessions.list_for_user(db, user_id=scoped, limit=SESSIONS_PER_PAGE, cursor=cursor)
    shown = {
        s.id: turns.for_session(db, session_id=s.id, limit=TURNS_PER_SESSION) for s in page.items
    }
    return render(
        request,
        "timeline.html",
        user=user,
        base=user_url(scoped),
        sessions=page.items,
        turns=shown,
        indexed=indexed,
        highlight=highlight,
        next_cursor=page.next_cursor,
        plot=weekly_bars(queries.weekly(db, scoped)),
    )


@router.get("/users/{user_id}/sessions/{session_id}", response_class=HTMLResponse)
def session_page(
    request: Request,
    user_id: str,
    session_id: str,
    db: ReadDbDep,
    runtime: RuntimeDep,
    tenant: InspectorTenant,
    highlight: str = "",
) -> HTMLResponse:
    """One session's turns (up to a bound), with anchors and index state."""
    scoped, chat = _session_of(db, tenant, user_id, session_id)
    indexed = runtime.index.ids(user_id=scoped)
    rows = turns.for_session(db, session_id=chat.id, limit=SESSION_PAGE_TURNS)
    return render(
        request,
        "session.html",
        user_id=public(scoped),
        base=user_url(scoped),
        session=sessions.read(db, session_id=chat.id),
        turns=rows,
        indexed=indexed,
        highlight=highlight,
        bound=SESSION_PAGE_TURNS,
    )


def _session_of(db: Session, tenant: Principal, user_id: str, session_id: str) -> tuple[str, Any]:
    """The scoped user id and the session, a 404 unless the session is that user's."""
    scoped = tenant.scope(user_id)
    chat = sessions.get(db, session_id=tenant.scope(session_id))
    if chat.user_id != scoped:
        raise NotFoundError(
            f"session {session_id!r} of user {user_id!r} not found", session_id=session_id
        )
    return scoped, chat


@router.get("/users/{user_id}/facts", response_class=HTMLResponse)
def facts_page(
    request: Request,
    user_id: str,
    db: ReadDbDep,
    tenant: InspectorTenant,
    subject: Annotated[str, Query(max_length=256)] = "",
    as_of: str = "",
    status: Status = "current",
    cursor: Cursor = None,
) -> HTMLResponse:
    """Facts with their validity and history (what each superseded, from which turn)."""
    scoped = tenant.scope(user_id)
    moment = parse_time(as_of, "as_of")
    common = {"user_id": scoped, "subject": subject or None}
    page = tiers.facts(
        db, status=status, as_of=moment, limit=FACTS_PER_PAGE, cursor=cursor, **common
    )
    older = tiers.facts(
        db, status="history", as_of=None, limit=HISTORY_BOUND, cursor=None, **common
    )
    superseded: dict[str, list[Any]] = defaultdict(list)
    for fact in older.items:
        if fact.superseded_by:
            superseded[fact.superseded_by].append(fact)
    cited = {i for f in (*page.items, *older.items) for i in f.source_turn_ids}
    texts = turns.by_ids(db, user_id=scoped, ids=sorted(cited))
    return render(
        request,
        "facts.html",
        user_id=public(scoped),
        base=user_url(scoped),
        facts=page.items,
        superseded=superseded,
        texts=texts,
        subject=subject,
        as_of=as_of,
        status=status,
        next_cursor=page.next_cursor,
    )


@router.get("/users/{user_id}/scratchpad", response_class=HTMLResponse)
def scratchpad_page(
    request: Request, user_id: str, db: ReadDbDep, tenant: InspectorTenant
) -> HTMLResponse:
    return _scratchpad(request, db, tenant.scope(user_id))


def _scratchpad(
    request: Request, db: Session, scoped: str, status: int = 200, **problem: Any
) -> HTMLResponse:
    notes = tiers.notes(db, user_id=scoped, limit=NOTES_PER_PAGE, cursor=None)
    return render(
        request,
        "scratchpad.html",
        status,
        user_id=public(scoped),
        base=user_url(scoped),
        notes=notes.items,
        **problem,
    )


@router.post("/users/{user_id}/scratchpad", dependencies=[auth.SameOrigin])
def add_note(
    request: Request,
    user_id: str,
    form: Form,
    db: DbDep,
    runtime: RuntimeDep,
    tenant: InspectorTenant,
) -> Response:
    """Add a note through the same service, validation and caps as POST /v1/.../scratchpad."""
    scoped = tenant.scope(user_id)
    raw = {"text": form.get("text", ""), "id": form.get("id") or None}

    def write() -> None:
        tiers.add_note(db, runtime=runtime, user_id=scoped, body=NoteWrite.model_validate(raw))

    return _note_change(request, db, scoped, write, draft=raw["text"])


@router.post("/users/{user_id}/scratchpad/{note_id}/edit", dependencies=[auth.SameOrigin])
def edit_note(
    request: Request,
    user_id: str,
    note_id: str,
    form: Form,
    db: DbDep,
    runtime: RuntimeDep,
    tenant: InspectorTenant,
) -> Response:
    scoped = tenant.scope(user_id)
    text = form.get("text", "")

    def write() -> None:
        body = NoteEdit.model_validate({"text": text})
        tiers.edit_note(db, runtime=runtime, user_id=scoped, note_id=note_id, body=body)

    return _note_change(request, db, scoped, write, draft=text, editing=note_id)


@router.post("/users/{user_id}/scratchpad/{note_id}/delete", dependencies=[auth.SameOrigin])
def delete_note(
    request: Request, user_id: str, note_id: str, db: DbDep, tenant: InspectorTenant
) -> Response:
    scoped = tenant.scope(user_id)

    def write() -> None:
        tiers.delete_note(db, user_id=scoped, note_id=note_id)

    return _note_change(request, db, scoped, write)


def _note_change(request: Request, db: Session, scoped: str, write: Any, **draft: Any) -> Response:
    """Run a scratchpad change; a rejected one is rolled back and the page shows the REST
    API's message with its status."""
    try:
        write()
    except ValidationError as exc:
        status, message = validation_message(exc)
    except MemsvcError as exc:
        status, message = exc.status_code, exc.message
    else:
        return redirect(user_url(scoped, "/scratchpad"))
    db.rollback()  # as the API's request would: nothing of the rejected change stays
    return _scratchpad(request, db, scoped, status, error=message, **draft)


@router.get("/users/{user_id}/search", response_class=HTMLResponse)
def playground_page(
    request: Request, user_id: str, db: ReadDbDep, runtime: RuntimeDep, tenant: InspectorTenant
) -> HTMLResponse:
    """Search and context for one query, with each hit's score breakdown."""
    scoped = tenant.scope(user_id)
    users.get(db, user_id=scoped)
    form = playground.Form.of(request.query_params, user_id=public(scoped))
    view, status = playground.run(db, runtime=runtime, tenant=tenant, form=form)
    options = {"modes": playground.MODES, "tiers": playground.TIERS, "formats": playground.FORMATS}
    return render(
        request,
        "playground.html",
        status,
        user_id=public(scoped),
        base=user_url(scoped),
        form=form,
        view=view,
        features=playground.FEATURES,
        **options,
    )


@router.get("/users/{user_id}/delete", response_class=HTMLResponse)
def confirm_user_delete(
    request: Request, user_id: str, db: ReadDbDep, tenant: InspectorTenant
) -> HTMLResponse:
    user = users.read(db, user_id=tenant.scope(user_id))
    return _confirm(request, what=f"user {public(user.id)}", expected=public(user.id), user=user)


@router.post("/users/{user_id}/delete", dependencies=[auth.SameOrigin])
def delete_user(
    request: Request,
    user_id: str,
    form: Form,
    db: DbDep,
    runtime: RuntimeDep,
    tenant: InspectorTenant,
) -> Response:
    """Delete a user once its id is typed, through the service DELETE /v1/users/{id} calls."""
    user = users.read(db, user_id=tenant.scope(user_id))
    if form.get("confirm", "").strip() != public(user.id):
        return _confirm(
            request, what=f"user {public(user.id)}", expected=public(user.id), user=user, status=422
        )
    users.delete(db, runtime=runtime, user_id=user.id)  # index deletes follow the commit
    return redirect("/inspect/users")


@router.get("/users/{user_id}/sessions/{session_id}/delete", response_class=HTMLResponse)
def confirm_session_delete(
    request: Request, user_id: str, session_id: str, db: ReadDbDep, tenant: InspectorTenant
) -> HTMLResponse:
    _, chat = _session_of(db, tenant, user_id, session_id)
    session = sessions.read(db, session_id=chat.id)
    return _confirm(
        request,
        what=f"session {public(chat.id)}",
        expected=public(chat.id),
        session=session,
        user_id=user_id,
    )


@router.post("/users/{user_id}/sessions/{session_id}/delete", dependencies=[auth.SameOrigin])
def delete_session(
    request: Request,
    user_id: str,
    session_id: str,
    form: Form,
    db: DbDep,
    runtime: RuntimeDep,
    tenant: InspectorTenant,
) -> Response:
    """Delete a session once its id is typed, through the service DELETE /v1/sessions calls."""
    scoped, chat = _session_of(db, tenant, user_id, session_id)
    if form.get("confirm", "").strip() != public(chat.id):
        session = sessions.read(db, session_id=chat.id)
        return _confirm(
            request,
            what=f"session {public(chat.id)}",
            expected=public(chat.id),
            session=session,
            user_id=user_id,
            status=422,
        )
    sessions.delete(db, runtime=runtime, session_id=chat.id)
    return redirect(user_url(scoped))


def _confirm(
    request: Request, *, what: str, expected: str, status: int = 200, **context: Any
) -> HTMLResponse:
    """The confirmation step of a delete: type the id to go on."""
    mismatch = "type the id exactly to confirm the delete" if status == 422 else ""
    return render(
        request, "confirm.html", status, what=what, expected=expected, error=mismatch, **context
    )


@router.get("/health", response_class=HTMLResponse)
def health_page(
    request: Request, db: ReadDbDep, runtime: RuntimeDep, tenant: InspectorTenant
) -> HTMLResponse:
    """Readiness as /readyz computes it, index vs SQL counts, the consolidation backlog."""
    return render(request, "health.html", report=health.report(db, runtime))
