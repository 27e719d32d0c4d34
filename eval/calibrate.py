"""Fit the evidence score (memsvc/search/evidence.py WEIGHTS) and its cut-off, cross-validated.

Input: questions.jsonl files of earlier runs (each search response carries the evidence
signals, which do not depend on the weights). Answerable questions are positives, abstention
questions (LoCoMo's adversarial category, LongMemEval's `_abs`) negatives. A logistic model is
fitted leaving one conversation out (LongMemEval questions, one haystack each, in five groups),
so every question is scored by a model that never saw its conversation; the cut-off is the
highest score that flags at most `--max-false-flags` of the training answerable questions.
Each training file weighs the same in the fit, so probes of another kind of conversation are
not drowned by a large LoCoMo run. `--check` files are scored by the model fitted on all
training data and never fitted on.

Two kinds of memory get a model each (the `with_assistant` signal tells them apart):
conversations between people, asked about their speakers (LoCoMo's "what did Caroline
research?"), and a user's chats with an assistant, asked mostly in the first person ("what's my
physio called?"). The same signal means different things in the two: between people, whose
turns cover the question separates; with an assistant the user's own turns always cover it, and
what separates is whether they state an answer of the asked type. One cut-off applies to both
models' probabilities.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from eval.metrics import auc
from eval.report import fmt

# The signals the model uses. top_score, gap, kind_match and dated are reported but left out:
# fused scores are min-max normalised per query, so their scale follows the store's size (a
# two-turn store always has a top score near the maximum), and the last two duplicate
# answer_type. With them the held-out AUC on LoCoMo was 0.749 (0.714 without), but the model
# labelled answerable questions 'none' on small stores.
BETWEEN_PEOPLE = (
    "coverage",
    "owner_coverage",
    "best_coverage",
    "owner_best",
    "focus",
    "similarity",
    "agreement",
    "sparse_top",
    "answer_type",
    "typed_answer",
)
# With an assistant: whether the user's own turns hold an answer of the asked type (and how
# early), and whether the question asks for a type at all. Chosen by leave-one-group-out CV on
# the hand-written dev probes, leaving out signals whose direction flips between those probes
# and LoCoMo, which follow how the probes were written rather than whether an answer is there:
# the score gap (CV AUC 0.93 with it) and the user's best turn's similarity (0.89; abstention
# questions restate their topic turn).
WITH_ASSISTANT = ("typed_answer", "asks_type")
KINDS = {"between_people": BETWEEN_PEOPLE, "with_assistant": WITH_ASSISTANT}
L2 = 0.01
LME_FOLDS = 5


@dataclass(frozen=True)
class Sample:
    """One question's evidence signals, its fold and whether something answers it."""

    features: tuple[float, ...]
    answerable: bool
    fold: str
    category: str
    weight: float = 1.0  # each training file weighs the same in the fit, whatever its size
    kind: str = "between_people"  # which model scores it (see KINDS)


def load(path: Path, system: str = "memsvc") -> list[Sample]:
    """The samples of one run's questions.jsonl."""
    out = []
    for line in path.read_text().splitlines():
        row = json.loads(line)
        evidence = row["systems"][system]["evidence"]
        signals = evidence.get("signals") if isinstance(evidence, dict) else None
        if not signals:
            raise ValueError(f"{path}: no evidence signals (a run before evidence scores?)")
        kind = "with_assistant" if signals.get("with_assistant") else "between_people"
        out.append(
            Sample(
                features=tuple(float(signals[name]) for name in KINDS[kind]),
                answerable=not row["abstention"],
                fold=_fold(row["conversation"], row["id"]),
                category=str(row["category"]),
                kind=kind,
            )
        )
    return out


def _fold(conversation: str, question_id: str) -> str:
    """LoCoMo: the conversation. LongMemEval (a haystack per question): one of five groups."""
    if conversation.startswith("conv-"):
        return conversation
    return f"lme-{zlib.crc32(question_id.encode()) % LME_FOLDS}"


def balanced(sets: Sequence[list[Sample]]) -> list[Sample]:
    """The samples of every training file, weighted so that each file counts the same in the
    fit: a 1,000-question LoCoMo run would otherwise decide what a 60-question probe set of
    another kind of conversation teaches."""
    total = sum(len(s) for s in sets)
    return [
        replace(sample, weight=total / (len(sets) * len(group)))
        for group in sets
        for sample in group
    ]


def fit(samples: Sequence[Sample], iterations: int = 50) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; returns [bias, *weights]."""
    x = np.array([(1.0, *s.features) for s in samples])
    y = np.array([float(s.answerable) for s in samples])
    weights = np.array([s.weight for s in samples])
    w = np.zeros(x.shape[1])
    penalty = L2 * np.eye(x.shape[1])
    penalty[0, 0] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (weights * (p - y)) + penalty @ w
        hessian = (x.T * (weights * p * (1 - p))) @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def predict(w: np.ndarray, samples: Sequence[Sample]) -> list[float]:
    """The model's probability of 'answerable' per sample."""
    return [1.0 / (1.0 + math.exp(-(w[0] + np.dot(w[1:], s.features)))) for s in samples]


Models = dict[str, np.ndarray]


def fit_kinds(samples: Sequence[Sample]) -> Models:
    """One model per kind of question among the samples."""
    kinds = sorted({s.kind for s in samples})
    return {kind: fit([s for s in samples if s.kind == kind]) for kind in kinds}


def predict_kinds(models: Models, samples: Sequence[Sample]) -> list[float]:
    """Each sample scored by its kind's model."""
    return [predict(models[s.kind], [s])[0] for s in samples]


def cutoff_for(scores: Sequence[float], labels: Sequence[bool], max_false: float) -> float:
    """The highest cut-off that flags (scores below it) at most max_false of the answerable."""
    answerable = sorted(s for s, y in zip(scores, labels, strict=True) if y)
    allowed = int(max_false * len(answerable))
    return answerable[allowed] if allowed < len(answerable) else 1.0


def rates(scores: Sequence[float], labels: Sequence[bool], cutoff: float) -> dict[str, float]:
    """Share flagged 'none' among abstention questions and among answerable ones."""
    flagged = [s < cutoff for s in scores]
    neg = [f for f, y in zip(flagged, labels, strict=True) if not y]
    pos = [f for f, y in zip(flagged, labels, strict=True) if y]
    return {
        "none_on_abstention": sum(neg) / len(neg) if neg else float("nan"),
        "none_on_answerable": sum(pos) / len(pos) if pos else float("nan"),
    }


def flagged_at(scores: Sequence[float], labels: Sequence[bool], false_rate: float) -> float:
    """The ROC point: share of abstention questions flagged when at most false_rate of the
    answerable are (the threshold is read off these labels: a figure, not a decision)."""
    cut = cutoff_for(scores, labels, false_rate)
    return rates(scores, labels, cut)["none_on_abstention"]


def cross_validate(samples: Sequence[Sample], max_false: float) -> dict[str, Any]:
    """Held-out scores and flag rates, each fold's model fitted without its conversation."""
    held: list[float] = [0.0] * len(samples)
    flags: list[bool] = [False] * len(samples)
    for fold in sorted({s.fold for s in samples}):
        train = [s for s in samples if s.fold != fold]
        models = fit_kinds(train)
        cut = cutoff_for(predict_kinds(models, train), [s.answerable for s in train], max_false)
        for i, s in enumerate(samples):
            if s.fold == fold and s.kind in models:
                held[i] = predict_kinds(models, [s])[0]
                flags[i] = held[i] < cut
    out = _flag_figures(held, flags, samples)
    for kind in KINDS:
        picked = [i for i, s in enumerate(samples) if s.kind == kind]
        if picked and len(picked) < len(samples):
            out[kind] = _flag_figures(
                [held[i] for i in picked], [flags[i] for i in picked], [samples[i] for i in picked]
            )
    return out


def _flag_figures(
    scores: Sequence[float], flags: Sequence[bool], samples: Sequence[Sample]
) -> dict[str, Any]:
    labels = [s.answerable for s in samples]
    neg = [f for f, y in zip(flags, labels, strict=True) if not y]
    pos = [f for f, y in zip(flags, labels, strict=True) if y]
    return {
        "questions": len(samples),
        "auc": auc(scores, labels),
        "none_on_abstention": sum(neg) / max(len(neg), 1),
        "none_on_answerable": sum(pos) / max(len(pos), 1),
        "flagged_at_10pct_false": flagged_at(scores, labels, 0.10),
    }


def calibrate(
    train_paths: Sequence[Path], check_paths: Sequence[Path], max_false: float
) -> dict[str, Any]:
    """Weights and cut-off fitted on all training data, with the held-out and check figures."""
    samples = balanced([load(p) for p in train_paths])
    models = fit_kinds(samples)
    scores = predict_kinds(models, samples)
    labels = [s.answerable for s in samples]
    cut = cutoff_for(scores, labels, max_false)
    result: dict[str, Any] = {
        "weights": {
            kind: {"bias": round(float(w[0]), 4)}
            | {name: round(float(v), 4) for name, v in zip(KINDS[kind], w[1:], strict=True)}
            for kind, w in models.items()
        },
        "cutoff": round(cut, 4),
        "train": [str(p) for p in train_paths],
        "questions": len(samples),
        "abstention_questions": sum(not y for y in labels),
        "in_sample": {"auc": auc(scores, labels), **rates(scores, labels, cut)}
        | {"flagged_at_10pct_false": flagged_at(scores, labels, 0.10)},
        "held_out": cross_validate(samples, max_false),
        "checks": {},
    }
    for path in check_paths:
        check = [c for c in load(path) if c.kind in models]
        s, y = predict_kinds(models, check), [c.answerable for c in check]
        result["checks"][str(path)] = {
            "questions": len(check),
            "abstention_questions": sum(not v for v in y),
            "auc": auc(s, y),
            **rates(s, y, cut),
            "flagged_at_10pct_false": flagged_at(s, y, 0.10),
        }
    return result


def markdown(result: dict[str, Any]) -> str:
    """The figures as a table."""
    lines = [
        "# Evidence score calibration",
        "",
        *(f"- {kind} weights: `{w}`" for kind, w in result["weights"].items()),
        f"- cut-off {result['cutoff']}",
        "",
        "| set | AUC | 'none' on abstention | 'none' on answerable | flagged at 10% false |",
        "| --- | --- | --- | --- | --- |",
    ]
    held = result["held_out"]
    rows = [("in-sample", result["in_sample"]), ("held-out (CV)", held)]
    rows += [(f"held-out (CV), {kind}", held[kind]) for kind in KINDS if kind in held]
    rows += list(result["checks"].items())
    for name, row in rows:
        lines.append(
            f"| {name} | {_f(row['auc'])} | {_f(row['none_on_abstention'])} | "
            f"{_f(row['none_on_answerable'])} | {_f(row['flagged_at_10pct_false'])} |"
        )
    return "\n".join(lines) + "\n"


def _f(value: float | None) -> str:
    return fmt(None if value != value else value)  # NaN: a set without one of the classes
