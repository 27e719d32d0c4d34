"""Ranked items as the search hands them to its callers (the search API and the reader).

Its own module so that the ranking steps (search.updates) and the reader can share these
types without importing the search service, which imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from memsvc.storage.models import Memory, Turn


@dataclass(frozen=True)
class Replacement:
    """A later turn of the same speaker updated this one: the newest of that chain, and when
    this turn's value stopped holding (the first later statement's time)."""

    newest: Turn
    since: datetime


@dataclass(frozen=True)
class ScoredTurn:
    """A turn from SQL with its fused score. `outdated` is the later-superseded fact it states;
    `replaced_by` the newest later turn that updates it; `replaces` the ids of ranked earlier
    turns this one updates (it is their current value)."""

    turn: Turn
    score: float
    outdated: Memory | None = None
    replaced_by: Replacement | None = None
    replaces: tuple[str, ...] = ()

    @property
    def superseded(self) -> bool:
        """Whether this turn states a value that no longer holds."""
        return self.outdated is not None or self.replaced_by is not None

    @property
    def valid_to(self) -> datetime | None:
        """When its value stopped holding: the earlier of the turn link's and the fact's."""
        ends = [
            self.replaced_by.since if self.replaced_by else None,
            self.outdated.valid_to if self.outdated else None,
        ]
        known = [end for end in ends if end is not None]
        return min(known) if known else None

    @property
    def chain(self) -> str | None:
        """The id of the newest turn of its update chain (None when it is in none)."""
        if self.replaced_by is not None:
            return self.replaced_by.newest.id
        return self.turn.id if self.replaces else None


@dataclass(frozen=True)
class ScoredMemory:
    """A fact or episode from SQL with its fused score."""

    memory: Memory
    score: float
