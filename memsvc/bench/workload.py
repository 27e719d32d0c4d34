"""Synthetic users for the benchmarks: LoCoMo sessions renamed and re-dated per user."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from eval.datasets import Conversation, Session
from memsvc.encoder import SentenceTransformerEncoder, usable_cores

# Distinct first names, combined with the user number, so no two users share a speaker.
_NAMES = (
    "Ada Bela Cyra Dane Edda Finn Gale Hugo Iris Jude Kaia Leon Mira Nico Orla Pax Quin Rhea "
    "Silas Tova Uma Vik Wren Xavi Yara Zeno"
).split()
REDATE_DAYS = 3  # user u's sessions happen u x 3 days after the dataset's


@dataclass(frozen=True)
class UserSession:
    """One session to post: its owner, id, start and turn bodies (REST shape)."""

    user_id: str
    session_id: str
    started_at: str
    turns: list[dict[str, Any]]


@dataclass(frozen=True)
class UserWorkload:
    """A synthetic user: sessions to post and questions to ask, with names replaced."""

    user_id: str
    sessions: list[UserSession]
    questions: list[str]

    @property
    def turns(self) -> int:
        return sum(len(s.turns) for s in self.sessions)


def users(
    conversations: Sequence[Conversation], *, count: int, turns_per_user: int
) -> Iterator[UserWorkload]:
    """`count` users of about `turns_per_user` turns each; user u replays conversation
    u mod len, from a session that rotates with u, under new speaker names and dates."""
    for u in range(count):
        yield _user(conversations[u % len(conversations)], u, turns_per_user)


def _user(conversation: Conversation, u: int, turns_per_user: int) -> UserWorkload:
    speakers = list(dict.fromkeys(t.speaker for t in conversation.turns))
    names = {s: f"{_NAMES[(u + i) % len(_NAMES)]}{u}" for i, s in enumerate(speakers)}
    rename = _renamer(names)
    shift = timedelta(days=REDATE_DAYS * u)
    user_id = f"u{u:05d}"
    order = _rotated(conversation.sessions, u // len(_NAMES))
    sessions: list[UserSession] = []
    left = turns_per_user
    for n, session in enumerate(order):
        if left <= 0:
            break
        turns = [
            {
                "turn_id": t.id,
                "speaker": names[t.speaker],
                "text": rename(t.text),
                "timestamp": (t.timestamp + shift).isoformat(),
            }
            for t in session.turns[:left]
        ]
        left -= len(turns)
        started = (session.started_at + shift).isoformat()
        sessions.append(UserSession(user_id, f"{user_id}-s{n}", started, turns))
    questions = [rename(q.text) for q in conversation.questions if q.category != "adversarial"]
    return UserWorkload(user_id=user_id, sessions=sessions, questions=questions)


def _rotated(sessions: Sequence[Session], start: int) -> list[Session]:
    start %= len(sessions)
    return [*sessions[start:], *sessions[:start]]


def _renamer(names: dict[str, str]) -> Callable[[str], str]:
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
    return lambda text: pattern.sub(lambda m: names[m.group(1)], text)


def raw_encoder_rate(encoder: SentenceTransformerEncoder, texts: list[str]) -> float:
    """sentence-transformers alone on the whole corpus in one call (batch 32), with torch's
    own default of a thread per core: texts/s. The reference a service is held to."""
    import torch

    threads = torch.get_num_threads()
    encoder.set_threads(usable_cores())
    try:
        encoder.raw_encode(texts[:64])  # first-call costs are not throughput
        started = time.perf_counter()
        encoder.raw_encode(texts)
        return len(texts) / (time.perf_counter() - started)
    finally:
        encoder.set_threads(threads)


def percentile(values: Sequence[float], pct: int) -> float:
    """The pct-th percentile (inclusive method), rounded to 0.01; 0 for no values."""
    if len(values) < 2:
        return round(values[0], 2) if values else 0.0
    return round(statistics.quantiles(values, n=100, method="inclusive")[pct - 1], 2)
