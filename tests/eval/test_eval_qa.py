"""QA scoring against a deterministic OpenAI-compatible server on loopback."""

from __future__ import annotations

from typing import Any

from eval.datasets import Question
from eval.qa import ChatClient, LLMConfig, judge_prompt, llm_config, make_hook, parse_judgement
from eval.runner import ContextResult, QuestionRecord, RunSettings, SystemResult
from eval.systems import SystemSpec


def _question(**kw: Any) -> Question:
    base = {
        "id": "q",
        "text": "Where does Ana work?",
        "answer": "the hospital",
        "category": "single-hop",
        "evidence_turns": ["D1:1"],
        "evidence_sessions": ["S1"],
    }
    return Question(**{**base, **kw})


def test_judge_parsing() -> None:
    assert parse_judgement("locomo", 'Reasoning. {"label": "CORRECT"}')
    assert not parse_judgement("locomo", '{"label": "WRONG"}')
    assert parse_judgement("locomo", "CORRECT")
    assert parse_judgement("longmemeval", "Yes.")
    assert not parse_judgement("longmemeval", "no")


def test_judge_prompts_by_type() -> None:
    temporal = _question(question_type="temporal-reasoning", category="temporal-reasoning")
    assert "off-by-one" in judge_prompt("longmemeval", temporal, "x")
    update = _question(question_type="knowledge-update", category="knowledge-update")
    assert "updated answer" in judge_prompt("longmemeval", update, "x")
    abstain = _question(abstention=True, category="abstention")
    assert "unanswerable" in judge_prompt("longmemeval", abstain, "x")
    assert "CORRECT or WRONG" in judge_prompt("locomo", _question(), "x")


def test_llm_config_from_env(monkeypatch: Any) -> None:
    monkeypatch.delenv("MEMSVC_EVAL_LLM_URL", raising=False)
    assert llm_config(None, None, None, 1024) is None
    monkeypatch.setenv("MEMSVC_EVAL_LLM_URL", "http://x/v1/")
    monkeypatch.setenv("MEMSVC_EVAL_LLM_KEY", "k")
    config = llm_config(None, "m", None, 1024)
    assert config == LLMConfig(url="http://x/v1", model="m", key="k", budget=1024)


def test_hook_answers_and_judges(llm_server: tuple[str, list[dict[str, Any]]]) -> None:
    url, requests = llm_server
    client = ChatClient(LLMConfig(url=url, model="fake-1", key="secret", budget=512))
    hook = make_hook(client, "locomo", RunSettings())
    system = SystemSpec("memsvc", "memsvc", {"mode": "hybrid"})
    records = []
    for question, text in [
        (_question(), "[1 May 2023 10:00] Ana: I work at the hospital"),
        (_question(id="q2"), "[1 May 2023 10:00] Ana: I like tea"),
        (_question(id="q3", category="adversarial"), "whatever"),
    ]:
        record = QuestionRecord(question, "c", 10)
        ctx = ContextResult(["D1:1"], 12, 1.0, text)
        record.systems["memsvc"] = SystemResult(["D1:1"], ["S1"], 1.0, {512: ctx})
        hook(record, None, "u", system)  # type: ignore[arg-type]  # contexts are given
        records.append(record)
    client.close()
    assert records[0].qa["memsvc"]["correct"] is True
    assert records[1].qa["memsvc"]["correct"] is False
    assert "memsvc" not in records[2].qa  # category 5 is not judged (Mem0 protocol)
    assert len(requests) == 4 and {r["path"] for r in requests} == {"/v1/chat/completions"}
    assert all(r["auth"] == "Bearer secret" and r["body"]["model"] == "fake-1" for r in requests)
