"""The runner's calls through the memsvc_client SDK against an in-process memsvc."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from memsvc_client import NotFoundError, UnprocessableEntityError

from eval import runner
from eval.datasets import load_dataset
from eval.qa import ChatClient, LLMConfig, make_hook
from eval.runner import QuestionRecord, RunSettings
from eval.systems import SystemSpec
from eval.transport import open_client


def test_runner_calls_through_the_sdk_in_process(
    tiny_locomo: Path,
    tmp_path: Path,
    llm_server: tuple[str, list[dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A key meant for a remote server must not reach the open in-process one.
    monkeypatch.setenv("MEMSVC_API_KEY", "msk_for_some_remote_server")
    conversations = load_dataset("locomo", tiny_locomo)
    settings = RunSettings(budgets=(64,), user_prefix="sdk-", show_progress=False)
    settings.close_sessions = True
    user_id = runner.user_id_for(conversations[0], settings.user_prefix)
    system = SystemSpec("memsvc", "memsvc", {"mode": "hybrid", "features": {"recency": False}})
    question = conversations[0].questions[0]
    with open_client(None, data_dir=str(tmp_path / "memsvc")) as client:
        assert client.ready().status == "ready"
        with pytest.raises(NotFoundError):
            runner.expect_ingested(client, conversations, settings)
        ingest = runner.ingest(client, conversations, settings)  # also closes and consolidates
        assert ingest["turns"] == 6
        assert runner.expect_ingested(client, conversations, settings)["turns"] == 6
        assert client.users.get(user_id=user_id).turn_count == 6
        body = runner.request_body(question, system, user_id, settings)
        # k and budget_tokens are SDK arguments; features and mode pass through to the body.
        response, ms = runner.search_response(client, {**body, "k": 2})
        assert 0 < len(response.hits) <= 2 and ms > 0 and response.evidence.label
        ctx = runner.context(client, {**body, "budget_tokens": 64})
        assert ctx.text and ctx.tokens <= 64 and ctx.ms is not None
        with pytest.raises(UnprocessableEntityError):  # unknown options reach the server
            client.search(**body, not_an_option=True)
        # The QA hook fetches a missing budget's context through the client.
        url, requests = llm_server
        chat = ChatClient(LLMConfig(url=url, model="fake-1", key="k", budget=128))
        record = runner.query_all(client, conversations, [system], settings)[0]
        make_hook(chat, "locomo", settings)(record, client, user_id, system)
        chat.close()
        assert record.qa["memsvc"]["budget"] == 128 and len(requests) == 2
        assert isinstance(record, QuestionRecord) and record.systems["memsvc"].ranking
        runner.cleanup(client, conversations, settings.user_prefix)
        runner.cleanup(client, conversations, settings.user_prefix)  # a missing user is fine
        with pytest.raises(NotFoundError):
            client.users.get(user_id=user_id)
