"""Export and import on the real components: LoCoMo conversations ingested, consolidated,
exported, imported into fresh stores (SQLite, PostgreSQL) and asked the same questions; a
second import changes nothing; a bad line or a clashing row writes nothing of its user; one
user's export over REST is that user's alone."""

from __future__ import annotations

import io
import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from eval.datasets import Conversation, load_locomo
from memsvc.app import create_app
from memsvc.cli import main
from memsvc.config import Settings
from memsvc.encoder import SentenceTransformerEncoder, build_encoder
from memsvc.linguistics.anchors import Anchorer
from memsvc.portability import export, importer, reading
from memsvc.portability.importer import ImportReport
from memsvc.runtime import Runtime, build_runtime
from memsvc.sparse import SpladeModel, load_splade
from memsvc.storage.models import Memory, Turn, TurnUpdate, User
from memsvc.storage.models import Session as ChatSession
from memsvc.tenants import service as tenants
from memsvc.turns.anchor_process import AnchorProcess
from tests.helpers import seed
from tests.test_tiers import MOVES

LOCOMO = Path("/work/shared/data/locomo/locomo_dev.json")
# Bounded: 4 sessions of one conversation and 2 of another (the full five conversations are
# `python -m memsvc.portability.bench`'s).
SESSIONS = {"conv-26": 4, "conv-30": 2}
REFERENCE = "2023-09-01T12:00:00Z"
QUESTIONS = {
    "conv-26": [
        "When did Caroline go to the LGBTQ support group?",
        "What did Melanie paint?",
        "What career is Caroline thinking about?",
        "Where do I live now?",
        "What did Melanie do with her kids?",
    ],
    "conv-30": ["What happened to Jon's job?", "What business does Jon want to start?"],
}
TIERS = ["episodic", "semantic", "episode"]
# Scores may differ by float noise (the index is re-encoded in other batches); the API rounds
# them to 6 decimals, so a 1e-7 difference can show as one unit in the last place.
TOLERANCE = 1e-6 + 1e-12


class Models:
    """The session's shared models, handed to every runtime built here."""

    def __init__(
        self,
        encoder: SentenceTransformerEncoder,
        anchorer: Anchorer,
        anchor_process: AnchorProcess,
        splade: SpladeModel,
    ) -> None:
        self.encoder, self.anchorer, self.process, self.splade = (
            encoder,
            anchorer,
            anchor_process,
            splade,
        )

    def runtime(self, data_dir: Path, url: str | None = None, **options: Any) -> Runtime:
        settings = Settings(data_dir=data_dir, database_url=url, **options)
        return build_runtime(
            settings,
            encoder=self.encoder,
            anchorer=self.anchorer,
            anchor_process=self.process,
            splade=self.splade,
        )


@pytest.fixture(scope="module")
def models(anchorer: Anchorer, anchor_process: AnchorProcess) -> Models:
    """The import re-encodes every row, in other batches than ingest did. In float32 a text's
    vectors (dense and SPLADE) do not depend on its batch; in bfloat16 (the default on CPUs
    with AMX) the padding of a batch moves them in the last bits, and the scores with them (by
    up to ~1e-3), so "answers the same" is checked in float32, where it holds exactly."""
    threads = int(os.environ.get("MEMSVC_TORCH_THREADS", "1"))
    exact = Settings(torch_threads=threads, encoder_precision="float32")
    return Models(build_encoder(exact), anchorer, anchor_process, load_splade(exact))


@pytest.fixture(scope="module")
def source(models: Models, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """A store with LoCoMo sessions (closed and consolidated: facts, episodes, notes), a
    knowledge update (a superseded fact, a turn update link) and client notes."""
    runtime = models.runtime(tmp_path_factory.mktemp("source"))
    with TestClient(create_app(runtime=runtime)) as client:
        for conversation in load_locomo(LOCOMO):
            if conversation.id in SESSIONS:
                ingest(client, conversation, sessions=SESSIONS[conversation.id])
        for session_id, at, text in MOVES:
            post(client, "conv-26", session_id, [("Caroline", text, at, f"{session_id}-0")])
        note = {"id": "diet", "text": "Caroline is vegetarian; never suggest meat dishes."}
        assert client.post("/v1/users/conv-26/scratchpad", json=note).status_code == 201
        generated = {"text": "Melanie prefers morning calls."}
        assert client.post("/v1/users/conv-26/scratchpad", json=generated).status_code == 201
        for chat in session_ids(runtime):
            assert client.post(f"/v1/sessions/{chat}/close").status_code == 202
        assert runtime.scheduler is not None
        runtime.scheduler.wait()
    yield runtime
    runtime.close()


def ingest(client: TestClient, conversation: Conversation, *, sessions: int) -> None:
    for session in conversation.sessions[:sessions]:
        rows = [(t.speaker, t.text, t.timestamp.isoformat(), t.id) for t in session.turns]
        post(client, conversation.id, f"{conversation.id}-{session.id}", rows)


def post(
    client: TestClient, user_id: str, session_id: str, rows: list[tuple[str, str, str, str]]
) -> None:
    """A session and its turns (speaker, text, timestamp, turn id)."""
    body = {"user_id": user_id, "id": session_id, "started_at": rows[0][2]}
    assert client.post("/v1/sessions", json=body).status_code == 201
    turns = [
        {"speaker": speaker, "text": text, "timestamp": at, "turn_id": turn_id}
        for speaker, text, at, turn_id in rows
    ]
    response = client.post(f"/v1/sessions/{session_id}/turns", json={"turns": turns})
    assert response.status_code == 201, response.text


def session_ids(runtime: Runtime) -> list[str]:
    with runtime.sessions() as db:
        return list(db.scalars(select(ChatSession.id)))


@pytest.fixture(scope="module")
def dump(source: Runtime, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dump") / "dump.jsonl"
    with path.open("wb") as out:
        export.write(source.read_sessions, out, tenant="default")
    return path


@pytest.fixture(scope="module")
def source_answers(source: Runtime) -> dict[str, Any]:
    with TestClient(create_app(runtime=source)) as client:
        return answers(client)


def answers(client: TestClient) -> dict[str, Any]:
    """Everything a client would see: search hits and contexts for the questions, facts (with
    history), episodes, notes, sessions and their turns."""
    seen: dict[str, Any] = {}
    for user_id, questions in QUESTIONS.items():
        for question in questions:
            ask = {"user_id": user_id, "query": question, "reference_time": REFERENCE}
            seen[f"search {question}"] = ok(client.post("/v1/search", json=ask | {"tiers": TIERS}))
            context = client.post("/v1/context", json=ask | {"budget_tokens": 400})
            seen[f"context {question}"] = ok(context)
        listing = f"/v1/users/{user_id}"
        seen[f"facts {user_id}"] = ok(client.get(f"{listing}/facts", params={"status": "all"}))
        seen[f"episodes {user_id}"] = ok(client.get(f"{listing}/episodes"))
        seen[f"notes {user_id}"] = ok(client.get(f"{listing}/scratchpad"))
        seen[f"user {user_id}"] = ok(client.get(listing))
        sessions = ok(client.get("/v1/sessions", params={"user_id": user_id, "limit": 500}))
        seen[f"sessions {user_id}"] = sessions
        for chat in sessions["items"]:
            turns = client.get(f"/v1/sessions/{chat['id']}/turns", params={"limit": 500})
            seen[f"turns {chat['id']}"] = ok(turns)
    return seen


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def assert_same(expected: Any, actual: Any, where: str = "") -> None:
    """Equal; floats (scores) within TOLERANCE, and the evidence's figures within one unit of
    the last decimal the API rounds them to (signals 4, the rest 3): equal values can round
    either way."""
    if isinstance(expected, float) or isinstance(actual, float):
        tolerance = TOLERANCE
        if ".evidence." in where:
            tolerance = 1.001e-4 if ".signals." in where else 1.001e-3
        assert math.isclose(expected, actual, rel_tol=0, abs_tol=tolerance), where
    elif isinstance(expected, dict) and isinstance(actual, dict):
        assert expected.keys() == actual.keys(), where
        for key in expected:
            assert_same(expected[key], actual[key], f"{where}.{key}")
    elif isinstance(expected, list) and isinstance(actual, list):
        assert len(expected) == len(actual), where
        for i, (a, b) in enumerate(zip(expected, actual, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    else:
        assert expected == actual, where


def import_into(runtime: Runtime, dump: Path, *, tenant: str | None = None) -> ImportReport:
    return importer.load(runtime, reading.check(dump), tenant=tenant)


def row_counts(runtime: Runtime) -> dict[str, int]:
    with runtime.sessions() as db:
        return {
            model.__tablename__: int(db.scalar(select(func.count()).select_from(model)) or 0)
            for model in (User, ChatSession, Turn, Memory, TurnUpdate)
        }


def exported(runtime: Runtime) -> list[str]:
    """The runtime's dump, without its header (which has the time of export)."""
    out = io.BytesIO()
    export.write(runtime.read_sessions, out, tenant="default")
    return out.getvalue().decode().splitlines()[1:]


def dump_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_the_dump_carries_every_kind_of_row(dump: Path, source: Runtime) -> None:
    header, *lines = dump_lines(dump)
    assert header["format"] == "memsvc-export" and header["version"] == 1
    assert header["tenant"] == "default"
    kinds = {line["type"] for line in lines}
    assert kinds == {"user", "session", "turn", "fact", "episode", "note", "turn_update"}
    assert len(lines) == sum(row_counts(source).values())
    facts = [line for line in lines if line["type"] == "fact"]
    assert any(f["superseded_by"] for f in facts)  # Denver, then Austin
    notes = {n["id"]: n for n in lines if n["type"] == "note"}
    assert notes["diet"]["client_chosen"] and "client_id" not in notes["diet"]["metadata"]


def test_round_trip_into_a_fresh_store_answers_the_same(
    models: Models, dump: Path, source: Runtime, source_answers: dict[str, Any], tmp_path: Path
) -> None:
    target = models.runtime(tmp_path / "target")
    try:
        report = import_into(target, dump)
        assert not report.refused
        assert report.created == sum(row_counts(source).values())
        assert row_counts(target) == row_counts(source)
        assert target.index.count() == source.index.count()
        with TestClient(create_app(runtime=target)) as client:
            assert_same(source_answers, answers(client))
        assert exported(target) == dump.read_text().splitlines()[1:]  # byte for byte
    finally:
        target.close()


@pytest.mark.postgres
def test_sqlite_to_postgres_answers_the_same(
    models: Models,
    dump: Path,
    source: Runtime,
    source_answers: dict[str, Any],
    postgres_url: str,
    tmp_path: Path,
) -> None:
    target = models.runtime(tmp_path / "pg", postgres_url)
    try:
        assert import_into(target, dump).created == sum(row_counts(source).values())
        assert row_counts(target) == row_counts(source)
        with TestClient(create_app(runtime=target)) as client:
            assert_same(source_answers, answers(client))
        assert exported(target) == dump.read_text().splitlines()[1:]
    finally:
        target.close()


def test_importing_again_changes_nothing(models: Models, dump: Path, tmp_path: Path) -> None:
    target = models.runtime(tmp_path / "target")
    try:
        first = import_into(target, dump)
        counts, points = row_counts(target), target.index.count()
        again = import_into(target, dump)
        assert again.created == 0 and not again.refused
        assert {k: c.unchanged for k, c in again.counts.items()} == {
            k: c.created for k, c in first.counts.items()
        }
        assert row_counts(target) == counts and target.index.count() == points
    finally:
        target.close()


def test_a_bad_line_is_named_and_nothing_is_written(
    dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = dump.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if '"type":"turn"' in line)
    turn = json.loads(lines[number - 1]) | {"timestamp": "yesterday"}
    lines[number - 1] = json.dumps(turn)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n")
    with pytest.raises(reading.DumpInvalid) as refused:
        reading.check(broken)
    assert f"line {number}: turn.timestamp: " in refused.value.message
    assert refused.value.errors[0].number == number
    # The CLI says the same and writes nothing (the check runs before anything is opened).
    monkeypatch.setenv("MEMSVC_DATA_DIR", str(tmp_path / "untouched"))
    assert main(["import", str(broken)]) == 1
    assert not (tmp_path / "untouched").exists()


def test_a_reference_to_an_undefined_row_is_named(dump: Path, tmp_path: Path) -> None:
    lines = dump.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if '"type":"turn_update"' in line)
    link = json.loads(lines[number - 1]) | {"earlier_turn": "f" * 32}
    lines[number - 1] = json.dumps(link)
    broken = tmp_path / "dangling.jsonl"
    broken.write_text("\n".join(lines) + "\n")
    with pytest.raises(reading.DumpInvalid) as refused:
        reading.check(broken)
    assert f"line {number}: turn_update.earlier_turn: turn 'fff" in refused.value.message


def test_a_clashing_row_refuses_its_user_whole(models: Models, dump: Path, tmp_path: Path) -> None:
    target = models.runtime(tmp_path / "target")
    try:
        import_into(target, dump)
        before = row_counts(target)
        lines = dump_lines(dump)
        # Jon's dump now has a turn stored with other text, and a new session with a turn.
        position = next(
            i
            for i, line in enumerate(lines)
            if line.get("type") == "turn" and line["user_id"] == "conv-30"
        )
        lines[position]["text"] = "Something else entirely."
        chat = next(
            line for line in lines if line.get("type") == "session" and line["user_id"] == "conv-30"
        )
        fresh = chat | {"id": "conv-30-new"}
        turn = lines[position] | {"id": "e" * 32, "session_id": "conv-30-new", "turn_id": "x"}
        at = lines.index(chat) + 1
        lines[at:at] = [fresh]
        lines.insert(position + 2, turn)
        edited = tmp_path / "edited.jsonl"
        edited.write_text("".join(json.dumps(line) + "\n" for line in lines))
        report = import_into(target, edited)
        assert list(report.refused) == ["conv-30"]
        assert f"line {position + 2}: turn " in report.refused["conv-30"]
        assert "other text" in report.refused["conv-30"]
        assert report.created == 0  # Caroline's rows were all there: unchanged
        assert row_counts(target) == before  # nothing of Jon's new session or turn
    finally:
        target.close()


@pytest.fixture
def keyed(models: Models, tmp_path: Path) -> Iterator[tuple[Runtime, dict[str, str]]]:
    """A server that requires API keys, with keys for two tenants."""
    runtime = models.runtime(tmp_path / "keyed", require_api_key=True)
    with runtime.sessions.begin() as db:
        keys = {t: tenants.create_key(db, tenant_id=t).secret for t in ("acme", "globex")}
    yield runtime, keys
    runtime.close()


def test_a_users_export_is_its_own_and_only_its_tenants(
    keyed: tuple[Runtime, dict[str, str]], tmp_path: Path
) -> None:
    runtime, keys = keyed
    acme, globex = ({"Authorization": f"Bearer {keys[t]}"} for t in ("acme", "globex"))
    with TestClient(create_app(runtime=runtime), headers=acme) as client:
        seed(client, user_id="alice")
        seed(client, user_id="bob")
        response = client.get("/v1/users/alice/export")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/x-ndjson"
        header, *lines = [json.loads(line) for line in response.text.splitlines()]
        assert header["tenant"] == "acme"
        assert {line.get("user_id", line.get("id")) for line in lines} == {"alice"}
        assert "~" not in response.text  # public ids only
        assert sum(line.get("type") == "turn" for line in lines) == 6
        unknown = client.get("/v1/users/carol/export")
        assert unknown.status_code == 404
        assert client.get("/v1/users/alice/export", headers=globex).status_code == 404
        # The dump goes into the other tenant beside the original: ids re-scoped, no clash.
        path = tmp_path / "alice.jsonl"
        path.write_text(response.text)
        report = import_into(runtime, path, tenant="globex")
        assert report.counts["turn"].created == 6 and not report.refused
        assert import_into(runtime, path, tenant="globex").created == 0  # derived ids are stable
        query = {"user_id": "alice", "query": "When did Caroline go to the support group?"}
        theirs = ok(client.post("/v1/search", json=query, headers=globex))["hits"]
        ours = ok(client.post("/v1/search", json=query))["hits"]
        assert [(h["session_id"], h["turn_id"]) for h in theirs] == [
            (h["session_id"], h["turn_id"]) for h in ours
        ]
        assert {h["id"] for h in theirs}.isdisjoint(h["id"] for h in ours)
        assert client.get("/v1/users/bob", headers=globex).status_code == 404


def test_the_cli_exports_and_imports(
    source: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: Any
) -> None:
    monkeypatch.setenv("MEMSVC_DATA_DIR", str(source.settings.data_dir))
    assert main(["export", "--user", "conv-30"]) == 0
    out = capsysbinary.readouterr().out
    lines = [json.loads(line) for line in out.decode().splitlines()]
    assert lines[1] == {
        "type": "user",
        **{k: lines[1][k] for k in ("id", "metadata", "created_at")},
    }
    assert {line.get("user_id", line.get("id")) for line in lines[1:]} == {"conv-30"}
    path = tmp_path / "jon.jsonl"
    path.write_bytes(out)
    # Into a fresh store, under another tenant (the models load in the command).
    monkeypatch.setenv("MEMSVC_DATA_DIR", str(tmp_path / "fresh"))
    monkeypatch.setenv("MEMSVC_ANCHORS", "false")  # an import never anchors
    assert main(["import", str(path), "--tenant", "acme"]) == 0
    summary = capsysbinary.readouterr().out.decode()
    assert "imported into tenant 'acme'" in summary
    turns = sum(line.get("type") == "turn" for line in lines)
    assert f"turn         created {turns:>8}" in summary


def test_a_missing_file_is_named_before_anything_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("MEMSVC_DATA_DIR", str(tmp_path / "data"))
    assert main(["import", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl: no such file" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()  # no store was opened


HEADER = '{"format": "memsvc-export", "version": 1, "exported_at": "2023-01-01T00:00:00Z", '
HEADER += '"tenant": "default"}'
USER = '{"type": "user", "id": "u", "metadata": {}, "created_at": "2023-01-01T00:00:00Z"}'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "line 1: header: the file is empty"),
        (USER, "line 1: header: the first line must be"),
        (HEADER.replace('"version": 1', '"version": 2'), "line 1: header.version: this memsvc"),
        (f"{HEADER}\n{USER}\n{{oops", "line 3: json: Expecting property name"),
        (f"{HEADER}\n{USER}\n[1]", "line 3: json: expected a JSON object"),
        (f"{HEADER}\n{USER}\n{USER}", "line 3: user.id: user 'u' appears again (first at line 2)"),
        (f"{HEADER}\n{USER}\n" + '{"type": "memo"}', "line 3: type: Input tag 'memo'"),
        (f"{HEADER}\n" + USER.replace('"u"', '"a~b"'), "line 2: user.id: String should match"),
    ],
)
def test_malformed_files_are_refused_by_line(text: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(text)
    with pytest.raises(reading.DumpInvalid) as refused:
        reading.check(path)
    assert expected in refused.value.message, refused.value.message
    assert refused.value.message.startswith("1 problem(s) in the dump; nothing was imported")


def test_a_line_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(f"{HEADER}\n{USER}\n".encode() + b'{"type": "user", "id": "\xff"}\n')
    with pytest.raises(reading.DumpInvalid, match="line 3: json: not valid UTF-8"):
        reading.check(path)
