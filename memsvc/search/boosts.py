"""Anchor-aware re-ranking of fused candidates: people, answer kinds, when-questions, time
windows, and the strength of each candidate's session."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from memsvc.search.query import QueryAnalysis
from memsvc.search.schemas import Features
from memsvc.search.tuning import Tuning

# The bonuses (added to fused scores in [0, 1]) are in Tuning, chosen by cross-validation.
RECENCY_POOL = 10  # the strongest candidates, which recency reorders
SESSION_TOP = 3  # a session's strength: the mean of its best few candidates
SECONDS_PER_DAY = 86_400


def bonuses(
    payload: Mapping[str, Any], analysis: QueryAnalysis, features: Features, tuning: Tuning
) -> dict[str, float]:
    """Each bonus the enabled features grant one candidate, by name (what `explain` shows)."""
    granted: dict[str, float] = {}
    if features.entities and analysis.people:
        if str(payload.get("speaker", "")).lower() in analysis.people:
            granted["speaker"] = tuning.speaker_match
        if analysis.people.intersection(payload.get("people", [])):
            granted["people"] = tuning.people_match
    if features.when and analysis.asks_when and payload.get("dated"):
        granted["when"] = tuning.when_dated
    if features.kinds and analysis.answer_kinds.intersection(payload.get("kinds", [])):
        granted["answer_kind"] = tuning.answer_kind
    if features.time and analysis.window and in_window(payload, analysis.window):
        granted["in_window"] = tuning.in_window
    return granted


def in_window(payload: Mapping[str, Any], window: tuple[int, int]) -> bool:
    """Whether the turn happened, or mentions a date range, inside the window (epoch days)."""
    low, high = window
    event_day = int(float(payload.get("event_time", 0)) // SECONDS_PER_DAY)
    if low <= event_day <= high:
        return True
    days = list(payload.get("days", []))
    return any(
        start <= high and end >= low for start, end in zip(days[::2], days[1::2], strict=True)
    )


def session_prior(
    scores: Mapping[str, float], payloads: Mapping[str, Mapping[str, Any]], weight: float
) -> dict[str, float]:
    """Scores plus a share of their session's strength: a question is usually about one
    conversation, and turns from the session that matches best are likelier evidence."""
    by_session: dict[Any, list[float]] = defaultdict(list)
    for point_id, score in scores.items():
        by_session[payloads.get(point_id, {}).get("session_id")].append(score)
    strength = {
        session: sum(sorted(values, reverse=True)[:SESSION_TOP]) / SESSION_TOP
        for session, values in by_session.items()
    }
    strongest = max(strength.values(), default=0.0) or 1.0
    return {
        point_id: score
        + weight * strength[payloads.get(point_id, {}).get("session_id")] / strongest
        for point_id, score in scores.items()
    }


def spread_sessions(
    scores: Mapping[str, float], payloads: Mapping[str, Mapping[str, Any]], share: float
) -> dict[str, float]:
    """For aggregation questions ('how many times ...'): each further candidate of a session
    keeps (1 - share) of the score of the one before, so the top of the ranking reaches the
    other sessions where the rest of the answer lies."""
    seen: dict[Any, int] = defaultdict(int)
    out = {}
    for point_id in sorted(scores, key=scores.__getitem__, reverse=True):
        session = payloads.get(point_id, {}).get("session_id")
        out[point_id] = scores[point_id] * (1.0 - share) ** seen[session]
        seen[session] += 1
    return out


def recency_prior(
    scores: Mapping[str, float], payloads: Mapping[str, Mapping[str, Any]], weight: float
) -> dict[str, float]:
    """For questions about the present ('where do I live now?'): among the strongest
    candidates, the later a memory the larger its bonus, so the latest statement of a value
    outranks the older ones it replaced."""
    top = sorted(scores, key=scores.__getitem__, reverse=True)[:RECENCY_POOL]
    by_time = sorted(top, key=lambda i: float(payloads.get(i, {}).get("event_time", 0.0)))
    bonus = {i: weight * rank / max(len(by_time) - 1, 1) for rank, i in enumerate(by_time)}
    return {i: score + bonus.get(i, 0.0) for i, score in scores.items()}
