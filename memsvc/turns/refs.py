"""Turns as clients cite them: memsvc's ids resolved to each turn's session and client id."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from memsvc.storage.models import Turn
from memsvc.turns import repository
from memsvc.turns.schemas import TurnRef


def ref(turn: Turn) -> TurnRef:
    """One turn's reference."""
    return TurnRef(
        id=turn.id,
        session_id=turn.session_id,
        turn_id=turn.client_turn_id,
        timestamp=turn.timestamp,
    )


class Refs:
    """Turn references for many ids, read with one query; a deleted turn has none."""

    def __init__(self, db: Session, *, user_id: str, ids: Iterable[str]) -> None:
        self._turns = repository.by_ids(db, user_id=user_id, ids=sorted(set(ids)))

    def of(self, ids: Iterable[str]) -> list[TurnRef]:
        """The references of `ids`, in their order, skipping deleted turns."""
        return [ref(self._turns[i]) for i in ids if i in self._turns]
