"""Read-only aggregates only the inspector shows (counts per user, per week, per state). The
rows themselves always come through the domain services; these are GROUP BY counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from memsvc.storage.models import Memory, Turn
from memsvc.storage.models import Session as ChatSession
from memsvc.tiers.facts import SEMANTIC


def fact_counts(db: Session, user_ids: Sequence[str]) -> dict[str, int]:
    """Current facts per user, in one grouped query for a page of users."""
    query = (
        select(Memory.user_id, func.count())
        .where(Memory.user_id.in_(user_ids), Memory.tier == SEMANTIC, Memory.valid_to.is_(None))
        .group_by(Memory.user_id)
    )
    return {user_id: int(n) for user_id, n in db.execute(query)}


def memory_counts(db: Session) -> dict[str, int]:
    """Memories stored per tier (facts, episodes, notes)."""
    query = select(Memory.tier, func.count()).group_by(Memory.tier)
    return {tier: int(n) for tier, n in db.execute(query)}


def backlog(db: Session) -> dict[str, int]:
    """Sessions closed but not consolidated yet, and sessions never closed."""
    closed = ChatSession.closed_at.is_not(None)
    waiting = select(func.count()).where(closed, ChatSession.consolidated_at.is_(None))
    still_open = select(func.count()).where(ChatSession.closed_at.is_(None))
    return {
        "closed_unconsolidated": int(db.scalar(waiting.select_from(ChatSession)) or 0),
        "open": int(db.scalar(still_open.select_from(ChatSession)) or 0),
    }


def weekly(db: Session, user_id: str) -> list[tuple[date, int, int]]:
    """(week start, turns said, facts that began to hold) for each week of the user's memory.
    Timestamps are read and bucketed here: SQLite and PostgreSQL disagree on date functions."""
    turn_times = db.scalars(select(Turn.timestamp).where(Turn.user_id == user_id))
    fact_times = db.scalars(
        select(Memory.valid_from).where(
            Memory.user_id == user_id, Memory.tier == SEMANTIC, Memory.valid_from.is_not(None)
        )
    )
    turns = Counter(_week(t) for t in turn_times)
    facts = Counter(_week(t) for t in fact_times if t is not None)
    weeks = sorted(set(turns) | set(facts))
    return [(week, turns[week], facts[week]) for week in weeks]


def _week(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())
