"""Optional QA scoring: answer from memsvc's context with a chat LLM, then judge with an LLM."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

import httpx
from memsvc_client import Memsvc

from eval.datasets import Question
from eval.runner import QAHook, QuestionRecord, RunSettings, context, request_body
from eval.systems import SystemSpec

ANSWER_PROMPT = """You are a helpful assistant with a long-term memory of past conversations.
Below are memories retrieved for the question. Use them to answer it.
If the memories do not contain the answer, say that you do not know.
Answer in one short sentence.
{date_line}
Memories:
{context}

Question: {question}
Answer:"""

# LoCoMo's 'J' judge as used by Mem0's evaluation (category 5 is not judged).
LOCOMO_JUDGE = """Your task is to label an answer to a question as 'CORRECT' or 'WRONG'. You will be
given the following data:
    (1) a question (posed by one user to another user),
    (2) a 'gold' (ground truth) answer,
    (3) a generated answer
which you will score as CORRECT/WRONG.

The point of the question is to ask about something one user should know about the other user
based on their prior conversations. The gold answer will usually be a concise and short answer
that includes the referenced topic, for example:
Question: Do you remember what I got the last time I went to Hawaii?
Gold answer: A shell necklace
The generated answer might be much longer, but you should be generous with your grading - as long
as it touches on the same topic as the gold answer, it should be counted as CORRECT.

For time related questions, the gold answer will be a specific date, month, year, etc. The
generated answer might be much longer or use relative time references (like "last Tuesday" or
"next month"), but you should be generous with your grading - as long as it refers to the same
date or time period as the gold answer, it should be counted as CORRECT. Even if the format
differs (e.g., "May 7th" vs "7 May"), consider it CORRECT if it's the same date.

Now it's time for the real question:
Question: {question}
Gold answer: {answer}
Generated answer: {response}

First, provide a short (one sentence) explanation of your reasoning, then finish with CORRECT or
WRONG. Do NOT include both CORRECT and WRONG in your response, or it will break the evaluation
script.

Just return the label CORRECT or WRONG in a json format with the key as "label"."""

_LME_BASE = (
    "I will give you a question, a correct answer, and a response from a model. Please answer yes "
    "if the response contains the correct answer. Otherwise, answer no. If the response is "
    "equivalent to the correct answer or contains all the intermediate steps to get the correct "
    "answer, you should also answer yes. If the response only contains a subset of the "
    "information required by the answer, answer no."
)
_LME_TAIL = (
    "\n\nQuestion: {question}\n\nCorrect Answer: {answer}\n\nModel Response: {response}\n\n"
    "Is the model response correct? Answer yes or no only."
)
# LongMemEval's per-type judge prompts (evaluate_qa.py), keyed by question type.
LME_JUDGES = {
    "default": _LME_BASE + _LME_TAIL,
    "temporal-reasoning": _LME_BASE
    + " In addition, do not penalize off-by-one errors for the number of days. If the question "
    "asks for the number of days/weeks/months, etc., and the model makes off-by-one errors (e.g., "
    "predicting 19 days when the answer is 18), the model's response is still correct." + _LME_TAIL,
    "knowledge-update": "I will give you a question, a correct answer, and a response from a "
    "model. Please answer yes if the response contains the correct answer. Otherwise, answer no. "
    "If the response contains some previous information along with an updated answer, the "
    "response should be considered as correct as long as the updated answer is the required "
    "answer." + _LME_TAIL,
    "single-session-preference": "I will give you a question, a rubric for desired personalized "
    "response, and a response from a model. Please answer yes if the response satisfies the "
    "desired response. Otherwise, answer no. The model does not need to reflect all the points in "
    "the rubric. The response is correct as long as it recalls and utilizes the user's personal "
    "information correctly.\n\nQuestion: {question}\n\nRubric: {answer}\n\nModel Response: "
    "{response}\n\nIs the model response correct? Answer yes or no only.",
    "abstention": "I will give you an unanswerable question, an explanation, and a response from "
    "a model. Please answer yes if the model correctly identifies the question as unanswerable. "
    "The model could say that the information is incomplete, or some other information is given "
    "but the asked information is not.\n\nQuestion: {question}\n\nExplanation: {answer}\n\n"
    "Model Response: {response}\n\nDoes the model correctly identify the question as "
    "unanswerable? Answer yes or no only.",
}


@dataclass(frozen=True)
class LLMConfig:
    """An OpenAI-compatible chat endpoint and how QA uses it."""

    url: str
    model: str
    key: str | None = None
    budget: int = 2048
    timeout: float = 120.0


def llm_config(
    url: str | None, model: str | None, key: str | None, budget: int
) -> LLMConfig | None:
    """Flags first, then MEMSVC_EVAL_LLM_URL / _MODEL / _KEY; None when no URL is configured."""
    url = url or os.environ.get("MEMSVC_EVAL_LLM_URL")
    if not url:
        return None
    model = model or os.environ.get("MEMSVC_EVAL_LLM_MODEL") or "gpt-4o-mini"
    key = key or os.environ.get("MEMSVC_EVAL_LLM_KEY")
    return LLMConfig(url=url.rstrip("/"), model=model, key=key, budget=budget)


class ChatClient:
    """POST {url}/chat/completions, temperature 0."""

    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        headers = {"Authorization": f"Bearer {config.key}"} if config.key else {}
        self.http = httpx.Client(timeout=config.timeout, headers=headers)

    def complete(self, prompt: str, max_tokens: int = 256) -> str:
        """The assistant message for a single user prompt."""
        body = {
            "model": self.config.model,
            "messages": [{"role": "user", "content": prompt}],
            "temperature": 0,
            "max_tokens": max_tokens,
        }
        response = self.http.post(f"{self.config.url}/chat/completions", json=body)
        response.raise_for_status()
        return str(response.json()["choices"][0]["message"]["content"] or "")

    def close(self) -> None:
        """Release the connection pool."""
        self.http.close()


def answer_prompt(question: Question, context_text: str) -> str:
    """The answering prompt: memories, the question and (when known) the date it is asked."""
    when = f"Today's date: {question.asked_at:%Y-%m-%d (%a)}\n" if question.asked_at else ""
    return ANSWER_PROMPT.format(
        date_line=when, context=context_text or "(none)", question=question.text
    )


def judge_prompt(dataset: str, question: Question, response: str) -> str:
    """LoCoMo's J prompt, or LongMemEval's prompt for the question's type."""
    if dataset == "locomo":
        template = LOCOMO_JUDGE
    elif question.abstention:
        template = LME_JUDGES["abstention"]
    else:
        template = LME_JUDGES.get(question.question_type or "", LME_JUDGES["default"])
    return template.format(question=question.text, answer=question.answer, response=response)


def parse_judgement(dataset: str, text: str) -> bool:
    """CORRECT/WRONG (JSON label or bare word) for LoCoMo; yes/no for LongMemEval."""
    if dataset == "locomo":
        match = re.search(r"\{.*\}", text, re.S)
        if match:
            try:
                return str(json.loads(match.group(0)).get("label", "")).upper() == "CORRECT"
            except (json.JSONDecodeError, AttributeError):
                pass
        return "CORRECT" in text.upper() and "WRONG" not in text.upper()
    # LongMemEval's own check is a substring test for "yes".
    return "yes" in text.lower()


def eligible(dataset: str, question: Question) -> bool:
    """Mem0's LoCoMo protocol leaves out category 5 (adversarial); LongMemEval judges all."""
    return not (dataset == "locomo" and question.category == "adversarial")


def make_hook(client: ChatClient, dataset: str, settings: RunSettings) -> QAHook:
    """A runner hook that answers and judges each eligible question per memsvc system."""

    def hook(record: QuestionRecord, memsvc: Memsvc, user_id: str, system: SystemSpec) -> None:
        """Answer from the system's context at the QA budget, then judge the answer."""
        question = record.question
        if not eligible(dataset, question):
            return
        budget = client.config.budget
        ctx = record.systems[system.name].contexts.get(budget)
        if ctx is None:
            body = request_body(question, system, user_id, settings)
            ctx = context(memsvc, {**body, "budget_tokens": budget})
        response = client.complete(answer_prompt(question, ctx.text))
        verdict = client.complete(judge_prompt(dataset, question, response), max_tokens=128)
        record.qa[system.name] = _qa_row(response, verdict, dataset, ctx.tokens, budget)

    return hook


def _qa_row(response: str, verdict: str, dataset: str, tokens: int, budget: int) -> dict[str, Any]:
    return {
        "response": response,
        "verdict": verdict,
        "correct": parse_judgement(dataset, verdict),
        "context_tokens": tokens,
        "budget": budget,
    }
