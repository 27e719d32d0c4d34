"""Small builders for API tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

DIALOGUE = [
    (
        "Caroline",
        "I went to a LGBTQ support group yesterday and it was so powerful.",
        "2023-05-08T13:56:00Z",
    ),
    ("Melanie", "That's great! I painted a sunrise by the lake last year.", "2023-05-08T13:57:00Z"),
    (
        "Caroline",
        "I'm thinking about a career in counseling and mental health.",
        "2023-05-08T13:58:00Z",
    ),
    (
        "Melanie",
        "My kids and I went camping in the mountains last weekend.",
        "2023-05-08T13:59:00Z",
    ),
]
LATER = [
    ("Caroline", "We adopted a puppy named Oscar from the shelter.", "2023-06-20T10:00:00Z"),
    ("Melanie", "I started pottery classes on Tuesdays.", "2023-06-20T10:01:00Z"),
]


def make_session(
    client: TestClient, *, user_id: str, session_id: str, started_at: str
) -> dict[str, Any]:
    """Create a session and return it."""
    response = client.post(
        "/v1/sessions", json={"user_id": user_id, "id": session_id, "started_at": started_at}
    )
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def post_chat(
    client: TestClient, user: str, session: str, at: str, lines: list[tuple[str, str]]
) -> None:
    """A session of (role, text) lines, a second apart, each role its own speaker."""
    make_session(client, user_id=user, session_id=session, started_at=at)
    turns = [
        {
            "speaker": role,
            "role": role,
            "text": text,
            "timestamp": at.replace("00Z", f"{i:02d}Z"),
            "turn_id": f"{session}-{i}",
        }
        for i, (role, text) in enumerate(lines)
    ]
    response = client.post(f"/v1/sessions/{session}/turns", json={"turns": turns})
    assert response.status_code == 201, response.text


def turns_body(rows: list[tuple[str, str, str]], *, prefix: str) -> dict[str, Any]:
    """A turn batch with client ids prefix-0, prefix-1, ..."""
    return {
        "turns": [
            {"speaker": s, "text": t, "timestamp": ts, "turn_id": f"{prefix}-{i}"}
            for i, (s, t, ts) in enumerate(rows)
        ]
    }


def seed(client: TestClient, *, user_id: str = "u1") -> None:
    """Two sessions of a two-party conversation."""
    make_session(
        client, user_id=user_id, session_id=f"{user_id}-s1", started_at="2023-05-08T13:56:00Z"
    )
    make_session(
        client, user_id=user_id, session_id=f"{user_id}-s2", started_at="2023-06-20T10:00:00Z"
    )
    for sid, rows in ((f"{user_id}-s1", DIALOGUE), (f"{user_id}-s2", LATER)):
        response = client.post(f"/v1/sessions/{sid}/turns", json=turns_body(rows, prefix=sid))
        assert response.status_code == 201, response.text
