"""Anchor-aware re-ranking of fused candidates: people, answer kinds, when-questions, time
windows, and the strength of each candidate's session."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from memsvc.search.query import QueryAnalysis
from memsvc.search.schemas import Features

# Added to fused scores in [0, 1]; chosen on the LoCoMo dev split (see README, Benchmarks).
SPEAKER_MATCH = 0.20
PEOPLE_MATCH = 0.05
WHEN_DATED = 0.20
IN_WINDOW = 0.50
ANSWER_KIND = 0.30
SESSION_PRIOR = 0.30
RECENCY = 0.60
RECENCY_POOL = 10  # the strongest candidates, which recency reorders
SESSION_TOP = 3  # a session's strength: the mean of its best few candidates
SECONDS_PER_DAY = 86_400


def boost(
    fused: Mapping[str, float],
    payloads: Mapping[str, Mapping[str, Any]],
    *,
    analysis: QueryAnalysis,
    features: Features,
) -> dict[str, float]:
    """Fused scores plus the bonuses the enabled features grant each candidate."""
    return {
        point_id: score + _bonus(payloads.get(point_id, {}), analysis, features)
        for point_id, score in fused.items()
    }


def _bonus(payload: Mapping[str, Any], analysis: QueryAnalysis, features: Features) -> float:
    bonus = 0.0
    if features.entities and analysis.people:
        if str(payload.get("speaker", "")).lower() in analysis.people:
            bonus += SPEAKER_MATCH
        if analysis.people.intersection(payload.get("people", [])):
            bonus += PEOPLE_MATCH
    if features.when and analysis.asks_when and payload.get("dated"):
        bonus += WHEN_DATED
    if features.kinds and analysis.answer_kinds.intersection(payload.get("kinds", [])):
        bonus += ANSWER_KIND
    if features.time and analysis.window and in_window(payload, analysis.window):
        bonus += IN_WINDOW
    return bonus


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
    scores: Mapping[str, float], payloads: Mapping[str, Mapping[str, Any]]
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
        + SESSION_PRIOR * strength[payloads.get(point_id, {}).get("session_id")] / strongest
        for point_id, score in scores.items()
    }


def recency_prior(
    scores: Mapping[str, float], payloads: Mapping[str, Mapping[str, Any]]
) -> dict[str, float]:
    """For questions about the present ('where do I live now?'): among the strongest
    candidates, the later a memory the larger its bonus, so the latest statement of a value
    outranks the older ones it replaced."""
    top = sorted(scores, key=scores.__getitem__, reverse=True)[:RECENCY_POOL]
    by_time = sorted(top, key=lambda i: float(payloads.get(i, {}).get("event_time", 0.0)))
    bonus = {i: RECENCY * rank / max(len(by_time) - 1, 1) for rank, i in enumerate(by_time)}
    return {i: score + bonus.get(i, 0.0) for i, score in scores.items()}
