"""Ranked items as the search hands them to its callers (the search API and the reader).

Its own module so that the ranking steps (search.updates) and the reader can share these
types without importing the search service, which imports them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
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
    turns this one updates (it is their current value); `explain` what each ranking step added
    to the score (see explained)."""

    turn: Turn
    score: float
    outdated: Memory | None = None
    replaced_by: Replacement | None = None
    replaces: tuple[str, ...] = ()
    explain: Mapping[str, float] | None = field(default=None, compare=False)

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


# Point id -> ranking step -> what it added to the score. "fused" is the subtotal of the legs
# (dense + sparse + names); every other entry adds up to the score.
Parts = dict[str, dict[str, float]]
FUSED = "fused"
LEGS = ("dense", "sparse", "names")


def record(
    parts: Parts, step: str, before: Mapping[str, float], after: Mapping[str, float]
) -> None:
    """Note what one step changed in each candidate's score (a new candidate: all of it)."""
    for point_id, score in after.items():
        delta = score - before.get(point_id, 0.0)
        if delta:
            entry = parts.setdefault(point_id, {})
            entry[step] = entry.get(step, 0.0) + delta


def explained(
    step: str, before: Sequence[ScoredTurn], after: Sequence[ScoredTurn]
) -> list[ScoredTurn]:
    """`after` with each score change since `before` noted under the step's name: the ranking
    steps past fusion (outdated decay, update-chain placement, neighbours) rescore turns."""
    old = {s.turn.id: s.score for s in before}
    out = []
    for item in after:
        delta = item.score - old.get(item.turn.id, 0.0)
        if delta:
            parts = dict(item.explain or {})
            parts[step] = parts.get(step, 0.0) + delta
            item = replace(item, explain=parts)
        out.append(item)
    return out


def with_subtotal(parts: Mapping[str, float]) -> dict[str, float]:
    """The breakdown as the API shows it: rounded, with the fused subtotal of the legs."""
    shown = {name: round(value, 6) for name, value in parts.items()}
    shown[FUSED] = round(sum(parts.get(leg, 0.0) for leg in LEGS), 6)
    return shown


@dataclass(frozen=True)
class ScoredMemory:
    """A fact or episode from SQL with its fused score."""

    memory: Memory
    score: float
