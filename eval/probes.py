"""Deterministic LongMemEval-format probes: five memory abilities hidden among filler chats.

python -m eval probes generate --out eval/data/probes_s.json --seed 0 --fillers 10 --questions 200
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from eval.probe_facts import ASSISTANT_FACTS, EVENTS, GAPS, MULTI_FACTS, UPDATE_FACTS, USER_FACTS
from eval.probe_pools import FILLER_TOPICS, POOLS

ABILITIES = (
    "information-extraction",
    "multi-session",
    "temporal-reasoning",
    "knowledge-update",
    "abstention",
)
NUMBERS = {"number": (3, 45), "minutes": (38, 75), "miles": (2, 9), "amount": (25, 160)}
ACKS = [
    "That's great to hear, congratulations!",
    "Thanks for telling me, I'll remember that.",
    "Oh nice! How are you feeling about it?",
    "Good to know. Anything I can help with?",
    "That sounds exciting!",
    "Noted! Let me know if you want to talk it through.",
]
DATE_FORMAT = "%Y/%m/%d (%a) %H:%M"
EPOCH = datetime(2023, 1, 2)


@dataclass
class ChatSession:
    """A dated chat between the user and the assistant."""

    id: str
    date: datetime
    turns: list[dict[str, Any]]


@dataclass
class Probe:
    """A question, its answer, and the evidence sessions it plants."""

    question_type: str
    question: str
    answer: str
    sessions: list[ChatSession]
    abstention: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Timeline:
    """Where a haystack's sessions may fall: `span` days from `start`."""

    start: datetime
    span: int

    def at(self, rng: random.Random, day: int) -> datetime:
        """A daytime moment on the given day of the timeline."""
        return self.start + timedelta(
            days=day, hours=rng.randint(8, 21), minutes=rng.randint(0, 59)
        )


def draw(rng: random.Random, templates: list[str], fixed: dict[str, Any] | None = None) -> dict:
    """Values for every {slot} in the templates: fixed ones, else pools or number ranges."""
    values: dict[str, Any] = dict(fixed or {})
    for template in templates:
        for _, name, _, _ in string.Formatter().parse(template):
            if not name or name in values:
                continue
            base = name.rstrip("0123456789")
            if base in POOLS:
                # {hobby} and {hobby2} in one line should differ.
                taken = {v for k, v in values.items() if k.rstrip("0123456789") == base}
                values[name] = rng.choice([v for v in POOLS[base] if v not in taken])
            else:
                values[name] = rng.randint(*NUMBERS.get(base, (2, 30)))
    return values


def fill(rng: random.Random, template: str, fixed: dict[str, Any] | None = None) -> str:
    """The template with fresh values in its slots, first letter capitalised."""
    text = template.format(**draw(rng, [template], fixed))
    return text[:1].upper() + text[1:]


def chit_chat(rng: random.Random, exchanges: int) -> list[dict[str, Any]]:
    """User/assistant exchanges on one topic, drifting to a second when the first runs out."""
    topics = rng.sample(sorted(FILLER_TOPICS), 2)
    lines = []
    for topic in topics:
        users = list(FILLER_TOPICS[topic]["user"])
        rng.shuffle(users)
        lines += [(topic, line) for line in users]
    turns: list[dict[str, Any]] = []
    for topic, user_line in lines[:exchanges]:
        values = draw(rng, [user_line])
        reply = rng.choice(FILLER_TOPICS[topic]["assistant"])
        # The reply reuses the user's values so "{food}" means the same dish in both turns.
        turns += [
            _turn("user", fill(rng, user_line, values)),
            _turn("assistant", fill(rng, reply, values)),
        ]
    return turns


def _turn(role: str, content: str, has_answer: bool = False) -> dict[str, Any]:
    turn: dict[str, Any] = {"role": role, "content": content}
    if has_answer:
        turn["has_answer"] = True
    return turn


def planted(rng: random.Random, fact_turns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A session with the fact exchange placed among one or two chit-chat exchanges."""
    chat = chit_chat(rng, rng.randint(1, 3))
    cut = 2 * rng.randint(0, len(chat) // 2)
    return chat[:cut] + fact_turns + chat[cut:]


def user_fact(rng: random.Random, statement: str) -> list[dict[str, Any]]:
    """The user says the fact (the evidence turn); the assistant acknowledges it."""
    return [_turn("user", statement, True), _turn("assistant", rng.choice(ACKS))]


def fmt_day(moment: datetime) -> str:
    """'14 March 2023'."""
    return f"{moment.day} {moment:%B %Y}"


def _session(
    tl: Timeline, rng: random.Random, day: int, turns: list[dict[str, Any]]
) -> ChatSession:
    return ChatSession(id="", date=tl.at(rng, day), turns=turns)


def information_extraction(rng: random.Random, tl: Timeline, index: int) -> Probe:
    """single-session-user or -assistant: one planted fact, asked back later."""
    if index % 2 == 0:
        fact = rng.choice(USER_FACTS)
        v = draw(rng, list(fact.values()))
        turns = user_fact(rng, fact["statement"].format(**v))
        kind = "single-session-user"
    else:
        fact = rng.choice(ASSISTANT_FACTS)
        v = draw(rng, list(fact.values()))
        turns = [
            _turn("user", fact["request"].format(**v)),
            _turn("assistant", fact["reply"].format(**v), True),
        ]
        kind = "single-session-assistant"
    session = _session(tl, rng, rng.randint(0, tl.span), planted(rng, turns))
    return Probe(kind, fact["question"].format(**v), fact["answer"].format(**v), [session])


def abstention(rng: random.Random, tl: Timeline, index: int) -> Probe:
    """A related fact is planted, but the question asks for something never said."""
    source = USER_FACTS if index % 2 == 0 else ASSISTANT_FACTS
    fact = rng.choice(source)
    v = draw(rng, list(fact.values()))
    if source is USER_FACTS:
        turns = user_fact(rng, fact["statement"].format(**v))
    else:
        turns = [
            _turn("user", fact["request"].format(**v)),
            _turn("assistant", fact["reply"].format(**v)),
        ]
    # Nothing answers the question, so no turn is marked as evidence.
    for turn in turns:
        turn.pop("has_answer", None)
    session = _session(tl, rng, rng.randint(0, tl.span), planted(rng, turns))
    kind = "single-session-user" if source is USER_FACTS else "single-session-assistant"
    question, answer = fact["abs_question"].format(**v), fact["abs_answer"].format(**v)
    return Probe(kind, question, answer, [session], abstention=True)


def multi_session(rng: random.Random, tl: Timeline, index: int) -> Probe:
    """One item per session; the question counts, sums or lists them."""
    fact = MULTI_FACTS[index % len(MULTI_FACTS)]
    count = rng.randint(2, 4)
    items = rng.sample(POOLS[str(fact["pool"])], count)
    amounts = [rng.randint(*NUMBERS["amount"]) for _ in items]
    days = sorted(rng.sample(range(tl.span + 1), count))
    sessions = []
    for item, amount, day in zip(items, amounts, days, strict=True):
        statement = rng.choice(list(fact["statements"])).format(item=item, amount=amount)
        sessions.append(_session(tl, rng, day, planted(rng, user_fact(rng, statement))))
    answer = {
        "count": f"{count} ({', '.join(items)})",
        "sum": f"${sum(amounts)}",
        "list": ", ".join(items),
    }[str(fact["kind"])]
    return Probe("multi-session", str(fact["question"]), answer, sessions)


def temporal(rng: random.Random, tl: Timeline, index: int) -> Probe:
    """Dated events; the question needs the session dates (offsets, dates, gaps, order)."""
    first, second = rng.sample(EVENTS, 2)
    shape = ("before", "when", "between", "order")[index % 4]
    gap = rng.choice(sorted(GAPS)) if shape == "before" else rng.randint(4, 60)
    day = rng.randint(0, max(tl.span - gap, 0))
    sessions = [_event_session(rng, tl, first, day), _event_session(rng, tl, second, day + gap)]
    if shape == "before":
        question, answer = f"What did I do {GAPS[gap]} before I {second}?", f"You {first}."
    elif shape == "when":
        sessions = sessions[:1]
        question, answer = f"When did I {first}?", f"On {fmt_day(sessions[0].date)}."
    elif shape == "between":
        question = f"How many days passed between the day I {first} and the day I {second}?"
        answer = f"{gap} days"
    else:
        a, b = (first, second) if rng.random() < 0.5 else (second, first)
        question, answer = f"Which happened first: I {a}, or I {b}?", f"You {first} first."
    return Probe("temporal-reasoning", question, answer, sessions)


def _event_session(rng: random.Random, tl: Timeline, event: str, day: int) -> ChatSession:
    opener = rng.choice(["Today I {e}.", "This morning I {e}, what a day.", "Guess what, I {e}!"])
    return _session(tl, rng, day, planted(rng, user_fact(rng, opener.format(e=event))))


def knowledge_update(rng: random.Random, tl: Timeline, index: int) -> Probe:
    """A value stated, then replaced once or twice; the latest must win."""
    fact = UPDATE_FACTS[index % len(UPDATE_FACTS)]
    values = rng.sample(POOLS[fact["pool"]], 3 if rng.random() < 0.3 else 2)
    days = sorted(rng.sample(range(tl.span + 1), len(values)))
    sessions = []
    for i, (value, day) in enumerate(zip(values, days, strict=True)):
        statement = fact["first" if i == 0 else "update"].format(value=value)
        sessions.append(_session(tl, rng, day, planted(rng, user_fact(rng, statement))))
    extra = {"superseded_answers": values[:-1]}
    return Probe("knowledge-update", fact["question"], values[-1], sessions, extra=extra)


BUILDERS: dict[str, Callable[[random.Random, Timeline, int], Probe]] = {
    "information-extraction": information_extraction,
    "multi-session": multi_session,
    "temporal-reasoning": temporal,
    "knowledge-update": knowledge_update,
    "abstention": abstention,
}
SHORT = {
    "information-extraction": "ie",
    "multi-session": "ms",
    "temporal-reasoning": "tr",
    "knowledge-update": "ku",
    "abstention": "ab",
}


def probe_entry(rng: random.Random, number: int, fillers: int) -> dict[str, Any]:
    """One LongMemEval-format question with its own haystack."""
    ability = ABILITIES[number % len(ABILITIES)]
    key = f"probe_{number:04d}_{SHORT[ability]}"
    timeline = Timeline(EPOCH + timedelta(days=rng.randint(0, 240)), max(90, 2 * fillers + 20))
    probe = BUILDERS[ability](rng, timeline, number // len(ABILITIES))
    for j, session in enumerate(probe.sessions):
        session.id = f"answer_{key}_{j}"
    noise = [
        ChatSession(
            f"filler_{key}_{j}",
            timeline.at(rng, rng.randint(0, timeline.span)),
            chit_chat(rng, rng.randint(2, 5)),
        )
        for j in range(fillers)
    ]
    haystack = sorted(probe.sessions + noise, key=lambda s: (s.date, s.id))
    asked = haystack[-1].date + timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 3))
    return {
        "question_id": key + ("_abs" if probe.abstention else ""),
        "question_type": probe.question_type,
        "question": probe.question,
        "answer": probe.answer,
        "question_date": asked.strftime(DATE_FORMAT),
        "haystack_session_ids": [s.id for s in haystack],
        "haystack_dates": [s.date.strftime(DATE_FORMAT) for s in haystack],
        "haystack_sessions": [s.turns for s in haystack],
        "answer_session_ids": [s.id for s in probe.sessions],
        **probe.extra,
    }


def generate(seed: int = 0, fillers: int = 10, questions: int = 200) -> list[dict[str, Any]]:
    """The probe set: same seed and sizes, same output."""
    rng = random.Random(seed)
    return [probe_entry(rng, n, fillers) for n in range(questions)]


def write_probes(path: str | Path, seed: int = 0, fillers: int = 10, questions: int = 200) -> int:
    """Write the probe set as JSON (one question per line, for readable diffs)."""
    entries = generate(seed, fillers, questions)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    body = ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries)
    out.write_text(f"[\n{body}\n]\n")
    return len(entries)
