"""Drive memsvc through its SDK: ingest a benchmark, then query it question by question."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from memsvc_client import Memsvc, NotFoundError, SearchResponse
from tqdm import tqdm

from eval import baselines
from eval.datasets import Conversation, Question, Session, safe_id
from eval.metrics import session_ranking
from eval.systems import SystemSpec

MAX_BATCH = 1000


class ConsolidationTimeout(RuntimeError):
    """Closed sessions were not consolidated in time."""


@dataclass
class ContextResult:
    """What one context request returned, reduced to what scoring needs."""

    turn_ids: list[str]
    tokens: int
    ms: float | None
    text: str = field(default="", repr=False)


@dataclass
class SystemResult:
    """One system's answer to one question."""

    ranking: list[str]
    sessions: list[str]
    search_ms: float | None
    contexts: dict[int, ContextResult] = field(default_factory=dict)
    evidence: str | None = None  # memsvc's evidence label: strong, weak or none
    evidence_detail: dict[str, Any] = field(default_factory=dict)  # strength, similarity
    hits: list[tuple[str, bool]] = field(default_factory=list)  # (text, superseded), best first


@dataclass
class QuestionRecord:
    """Everything measured for one question, across systems."""

    question: Question
    conversation_id: str
    full_tokens: int
    systems: dict[str, SystemResult] = field(default_factory=dict)
    qa: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class RunSettings:
    """How to query: depth, budgets, prefixes and per-question extras."""

    depth: int = 50
    budgets: tuple[int, ...] = (512, 1024, 2048, 4096)
    user_prefix: str = ""
    question_date_key: str | None = None
    show_progress: bool = True
    close_sessions: bool = False  # close every session after ingest and wait for consolidation


# (record, client, user_id, system) -> None; fills record.qa when QA scoring is on.
QAHook = Callable[[QuestionRecord, Memsvc, str, SystemSpec], None]


def user_id_for(conversation: Conversation, prefix: str) -> str:
    """The memsvc user holding this conversation."""
    return safe_id(f"{prefix}{conversation.id}", limit=100)


def session_id_for(user_id: str, session: Session) -> str:
    """A memsvc session id unique across users (session ids are global)."""
    return safe_id(f"{user_id}-{session.id}", limit=128)


def ingest(
    client: Memsvc, conversations: list[Conversation], settings: RunSettings
) -> dict[str, float]:
    """Post every session through the SDK into a fresh user; returns counts and turns/s."""
    total = sum(len(c.turns) for c in conversations)
    bar = tqdm(total=total, unit="turn", desc="ingest", disable=not settings.show_progress)
    started = time.perf_counter()
    for conversation in conversations:
        user_id = user_id_for(conversation, settings.user_prefix)
        delete_user(client, user_id)
        for session in conversation.sessions:
            _ingest_session(client, user_id, session)
            bar.update(len(session.turns))
    elapsed = time.perf_counter() - started
    bar.close()
    if settings.close_sessions:
        close_all(client, conversations, settings)
    return {"turns": total, "seconds": round(elapsed, 3), "turns_per_s": total / elapsed}


def close_all(
    client: Memsvc,
    conversations: list[Conversation],
    settings: RunSettings,
    timeout: float = 900.0,
) -> None:
    """Close every session, then wait until memsvc has consolidated them all."""
    ids = [
        session_id_for(user_id_for(c, settings.user_prefix), s)
        for c in conversations
        for s in c.sessions
    ]
    for session_id in ids:
        client.sessions.close(session_id=session_id)
    show = settings.show_progress
    bar = tqdm(total=len(ids), unit="session", desc="consolidate", disable=not show)
    deadline = time.monotonic() + timeout
    waiting = list(ids)
    while waiting:
        waiting = [i for i in waiting if not client.sessions.get(session_id=i).consolidated_at]
        bar.n = len(ids) - len(waiting)
        bar.refresh()
        if waiting and time.monotonic() > deadline:
            raise ConsolidationTimeout(
                f"{len(waiting)} sessions not consolidated after {timeout:.0f} s"
            )
        if waiting:
            time.sleep(0.5)
    bar.close()


def expect_ingested(
    client: Memsvc, conversations: list[Conversation], settings: RunSettings
) -> dict[str, float | None]:
    """Check an earlier run left every conversation's user in place (reuse skips ingest)."""
    for conversation in conversations:
        user_id = user_id_for(conversation, settings.user_prefix)
        client.users.get(user_id=user_id)  # a missing user raises NotFoundError
    total = sum(len(c.turns) for c in conversations)
    return {"turns": total, "seconds": None, "turns_per_s": None}


def delete_user(client: Memsvc, user_id: str) -> None:
    """Delete a user and everything stored about them; a missing user is fine."""
    with contextlib.suppress(NotFoundError):
        client.users.delete(user_id=user_id)


def _ingest_session(client: Memsvc, user_id: str, session: Session) -> None:
    session_id = session_id_for(user_id, session)
    client.sessions.create(user_id=user_id, id=session_id, started_at=session.started_at)
    turns = [_turn_body(t) for t in session.turns]
    for start in range(0, len(turns), MAX_BATCH):
        client.turns.add(session_id=session_id, turns=turns[start : start + MAX_BATCH])


def _turn_body(turn: Any) -> dict[str, Any]:
    body = {
        "turn_id": turn.id,
        "speaker": turn.speaker,
        "text": turn.text,
        "timestamp": turn.timestamp.isoformat(),
    }
    if turn.role:
        body["role"] = turn.role
    return body


def query_all(
    client: Memsvc,
    conversations: list[Conversation],
    systems: list[SystemSpec],
    settings: RunSettings,
    qa_hook: QAHook | None = None,
) -> list[QuestionRecord]:
    """Ask every question of every system; one record per question."""
    total = sum(len(c.questions) for c in conversations)
    bar = tqdm(total=total, unit="question", desc="query", disable=not settings.show_progress)
    records = []
    for conversation in conversations:
        user_id = user_id_for(conversation, settings.user_prefix)
        full = baselines.count_tokens(baselines.full_conversation_text(conversation))
        session_of = {t.id: s.id for s in conversation.sessions for t in s.turns}
        for question in conversation.questions:
            record = QuestionRecord(question, conversation.id, full)
            for system in systems:
                result = _ask(client, conversation, question, system, user_id, settings)
                result.sessions = session_ranking(result.ranking, session_of)
                record.systems[system.name] = result
                if qa_hook and system.kind == "memsvc":
                    qa_hook(record, client, user_id, system)
            records.append(record)
            bar.update()
    bar.close()
    return records


def _ask(
    client: Memsvc,
    conversation: Conversation,
    question: Question,
    system: SystemSpec,
    user_id: str,
    settings: RunSettings,
) -> SystemResult:
    if not system.remote:
        return _recency(conversation, question, settings)
    body = request_body(question, system, user_id, settings)
    response, ms = search_response(client, {**body, "k": settings.depth})
    ranking = [h.turn_id for h in response.hits if h.turn_id]
    result = SystemResult(ranking=ranking, sessions=[], search_ms=ms)
    result.evidence_detail = response.evidence.model_dump(mode="json")
    result.evidence = response.evidence.label
    result.hits = [(h.text, h.superseded) for h in response.hits[:10]]
    for budget in settings.budgets:
        result.contexts[budget] = context(client, {**body, "budget_tokens": budget})
    return result


def request_body(
    question: Question, system: SystemSpec, user_id: str, settings: RunSettings
) -> dict[str, Any]:
    """The search/context arguments shared by both calls: user, query and pass-through options
    (the SDK sends keyword options it does not know as body fields)."""
    body: dict[str, Any] = {"user_id": user_id, "query": question.text, **system.options}
    if settings.question_date_key and question.asked_at is not None:
        body[settings.question_date_key] = question.asked_at.isoformat()
    return body


def search_response(client: Memsvc, body: dict[str, Any]) -> tuple[SearchResponse, float]:
    """memsvc's search response and the request's latency in ms."""
    started = time.perf_counter()
    response = client.search(**body)
    return response, (time.perf_counter() - started) * 1000


def context(client: Memsvc, body: dict[str, Any]) -> ContextResult:
    """The context's cited dataset turn ids, its cl100k token count and latency."""
    started = time.perf_counter()
    response = client.context(**body)
    ms = (time.perf_counter() - started) * 1000
    text = response.context
    ids = [i.turn_id for i in response.items if i.turn_id]
    return ContextResult(ids, baselines.count_tokens(text) if text else 0, ms, text)


def _recency(conversation: Conversation, question: Question, settings: RunSettings) -> SystemResult:
    ranking = baselines.recency_ranking(conversation, question.asked_at, settings.depth)
    result = SystemResult(ranking=ranking, sessions=[], search_ms=None)
    for budget in settings.budgets:
        ids, text = baselines.recency_context(conversation, budget, question.asked_at)
        tokens = baselines.count_tokens(text) if text else 0
        result.contexts[budget] = ContextResult(ids, tokens, None, text)
    return result


def cleanup(client: Memsvc, conversations: list[Conversation], prefix: str) -> None:
    """Delete the users this run created."""
    for conversation in conversations:
        delete_user(client, user_id_for(conversation, prefix))
