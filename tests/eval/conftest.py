"""Fixtures for the benchmark-runner tests."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# One torch thread keeps the in-process memsvc fast and quiet on small machines.
os.environ.setdefault("MEMSVC_TORCH_THREADS", "1")

from eval_fake_llm import fake_llm


def _turn(dia_id: str, speaker: str, text: str) -> dict[str, Any]:
    return {"dia_id": dia_id, "speaker": speaker, "text": text}


TINY_LOCOMO: list[dict[str, Any]] = [
    {
        "sample_id": "tiny-1",
        "conversation": {
            "speaker_a": "Ana",
            "speaker_b": "Ben",
            "session_1_date_time": "1:56 pm on 8 May, 2023",
            "session_1": [
                _turn("D1:1", "Ana", "Hi Ben! I adopted a beagle called Pretzel yesterday."),
                _turn("D1:2", "Ben", "Congrats! I started learning the cello this week."),
                _turn("D1:3", "Ana", "I work as a nurse at the children's hospital."),
            ],
            "session_2_date_time": "10:00 am on 20 May, 2023",
            "session_2": [
                _turn("D2:1", "Ben", "My cello teacher is called Marta."),
                _turn("D2:2", "Ana", "Pretzel chewed my running shoes, ha."),
                _turn("D2:3", "Ben", "We are flying to Lisbon in June for a wedding."),
            ],
        },
        "qa": [
            {
                "question": "What is the name of Ana's dog?",
                "answer": "Pretzel",
                "evidence": ["D1:1"],
                "category": 4,
            },
            {
                "question": "Who is Ben's cello teacher?",
                "answer": "Marta",
                "evidence": ["D2:01"],
                "category": 4,
            },
            {
                "question": "Where is Ben flying in June?",
                "answer": "Lisbon",
                "evidence": ["D2:3; D1:2"],
                "category": 1,
            },
            {
                "question": "What does Ana do for work?",
                "answer": "nurse",
                "evidence": ["D:1:3", "D9:9", "garbage"],
                "category": 2,
            },
            {
                "question": "What did Ben's dog chew?",
                "adversarial_answer": "shoes",
                "evidence": ["D2:2"],
                "category": 5,
            },
        ],
    }
]


@pytest.fixture
def tiny_locomo(tmp_path: Path) -> Path:
    """A LoCoMo-format file: 1 conversation, 2 sessions, 5 questions with malformed evidence."""
    path = tmp_path / "tiny_locomo.json"
    path.write_text(json.dumps(TINY_LOCOMO))
    return path


@pytest.fixture
def llm_server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A deterministic OpenAI-compatible server on loopback."""
    with fake_llm() as server:
        yield server
