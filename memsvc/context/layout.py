"""How a context reads: sections for each tier, episodic evidence grouped by session under its
date, in four formats (plain text, Markdown, JSON items, chat messages)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any, Literal

from memsvc.linguistics.temporal import day_label
from memsvc.tenants.scope import public

Format = Literal["text", "markdown", "json", "messages"]
SYSTEM_INTRO = "Memories of earlier conversations with the user."
CHANGES_TITLE = "What changed (newest first; the first one holds now)"


@dataclass(frozen=True)
class Line:
    """One cited line of context: what it says and where it comes from."""

    text: str
    source_ids: tuple[str, ...]
    kind: str  # note, working, summary, fact, turn
    session_id: str | None = None
    when: datetime | None = None
    score: float = 0.0
    chain: str | None = None  # a turn's update chain (the id of its newest statement)


@dataclass
class Sections:
    """The context's parts, each already within its share of the budget."""

    today: datetime
    notes: list[Line] = field(default_factory=list)
    working: list[Line] = field(default_factory=list)
    facts: list[Line] = field(default_factory=list)
    turns: list[Line] = field(default_factory=list)

    def empty(self) -> bool:
        """Whether there is nothing to show."""
        return not (self.notes or self.working or self.facts or self.turns)


def render(sections: Sections, fmt: Format) -> str:
    """The context in the requested format (messages: the system message's content)."""
    if sections.empty():
        return ""
    if fmt == "json":
        return json.dumps(as_json(sections), ensure_ascii=False, separators=(",", ":"))
    return _prose(sections, markdown=fmt in ("markdown", "messages"))


def messages(sections: Sections) -> list[dict[str, str]]:
    """A system message carrying the memory, ready to prepend to a chat completion request."""
    content = render(sections, "messages")
    return [{"role": "system", "content": content}] if content else []


def _prose(sections: Sections, *, markdown: bool) -> str:
    head = "## " if markdown else ""
    bullet = "- " if markdown else ""
    parts = [f"{SYSTEM_INTRO} Today is {day_label(sections.today)}."]
    titled = (
        ("Notes to keep in mind", sections.notes),
        ("This conversation so far", sections.working),
        ("Known facts (valid from)", sections.facts),
    )
    for title, lines in titled:
        if lines:
            parts.append(f"{head}{title}:\n" + "\n".join(bullet + ln.text for ln in lines))
    singles, chains = split_chains(sections.turns)
    if chains:
        lines = [f"{bullet}{_dated(ln)}" for chain in chains for ln in chain]
        parts.append(f"{head}{CHANGES_TITLE}:\n" + "\n".join(lines))
    if singles:
        blocks = [
            _session_block(group, bullet=bullet, markdown=markdown)
            for group in _by_session(singles)
        ]
        parts.append(f"{head}From past conversations:\n" + "\n".join(blocks))
    return "\n\n".join(parts)


def split_chains(turns: Sequence[Line]) -> tuple[list[Line], list[list[Line]]]:
    """Evidence lines outside update chains, and each chain shown by two or more lines,
    newest first (a chain's statements read together, the current one on top); chains in
    the order of their best line."""
    groups: dict[str, list[Line]] = {}
    for ln in turns:
        if ln.chain is not None:
            groups.setdefault(ln.chain, []).append(ln)
    chains = [g for g in groups.values() if len(g) > 1]
    in_chains = {id(ln) for g in chains for ln in g}
    singles = [ln for ln in turns if id(ln) not in in_chains]
    for g in chains:
        g.sort(key=lambda ln: (ln.when or datetime.min, ln.source_ids), reverse=True)
    chains.sort(key=lambda g: max(ln.score for ln in g), reverse=True)
    return singles, chains


def _dated(line: Line) -> str:
    return f"{day_label(line.when)}, {line.text}" if line.when else line.text


def _by_session(turns: Sequence[Line]) -> list[list[Line]]:
    """Turns grouped by session, sessions and turns in time order."""
    ordered = sorted(turns, key=lambda ln: (ln.when or datetime.min, ln.source_ids))
    first_seen: dict[str | None, datetime] = {}
    for ln in ordered:
        first_seen.setdefault(ln.session_id, ln.when or datetime.min)
    ordered.sort(key=lambda ln: (first_seen[ln.session_id], ln.session_id or ""))
    return [list(g) for _, g in groupby(ordered, key=lambda ln: ln.session_id)]


def _session_block(lines: list[Line], *, bullet: str, markdown: bool) -> str:
    when = lines[0].when
    day = day_label(when) if when else "undated"
    heading = f"### {day}" if markdown else f"[{day}]"
    return f"{heading}\n" + "\n".join(bullet + ln.text for ln in lines)


def as_json(sections: Sections) -> dict[str, Any]:
    """Structured items: each with its kind, text and the ids it cites."""

    def items(lines: Sequence[Line]) -> list[dict[str, Any]]:
        return [
            {
                "kind": ln.kind,
                "text": ln.text,
                "ids": list(ln.source_ids),
                **({"session_id": public(ln.session_id)} if ln.session_id else {}),
                **({"date": day_label(ln.when)} if ln.when else {}),
            }
            for ln in lines
        ]

    singles, chains = split_chains(sections.turns)
    ordered_turns = [ln for group in _by_session(singles) for ln in group]
    ordered_turns += [ln for chain in chains for ln in chain]
    return {
        "today": day_label(sections.today),
        "notes": items(sections.notes),
        "working_memory": items(sections.working),
        "facts": items(sections.facts),
        "evidence": items(ordered_turns),
    }
