"""Leave-one-conversation-out cross-validation of memsvc's ranking constants.

Tuning on the conversations a figure is measured on overstates it. Here each constant is
chosen on all conversations but one and measured on the one left out; the pooled held-out
figure is reported beside the in-sample one (the same procedure run on every conversation,
which is how the shipped defaults are chosen).

The procedure, run once per fold on that fold's training conversations:
1. one factor at a time: for each constant, the grid value with the best objective;
2. the joint candidate: every constant at its chosen value (evaluated too);
3. the best of shipped defaults, the single-factor winners and the joint candidate.
Every candidate is evaluated through the search API (`tuning` in the request body), on an
ingest made once. The objective is Hit@1 plus Recall@10.

The context's packing constants (fall-off, strong share, neighbour share) do not change the
ranking; they are chosen the same way in a second stage whose objective is evidence-in-context
(mean over both budgets), each candidate evaluated through the context API on top of the
shipped ranking constants.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from memsvc_client import Memsvc
from tqdm import tqdm

from eval import runner
from eval.datasets import Conversation, Question, load_dataset, safe_id
from eval.metrics import evidence_in_context, hit_at_k, mean, recall_at_k
from eval.report import fmt
from eval.transport import open_client

ADVERSARIAL = "adversarial"
DEPTH = 50
BUDGETS = (1024, 2048)

# One factor at a time around the shipped defaults (memsvc/search/tuning.py).
GRID: dict[str, list[float]] = {
    "dense_weight": [0.1, 0.2, 0.4, 0.5, 0.6],
    "adaptive_dense": [0.2, 0.4],
    "session_prior": [0.0, 0.15, 0.5],
    "speaker_match": [0.1, 0.3],
    "people_match": [0.0, 0.15],
    "answer_kind": [0.15, 0.5],
    "in_window": [0.25, 1.0],
    "when_dated": [0.1, 0.4],
    "neighbour_decay": [0.3, 0.7],
    "entity_expansion": [0.1, 0.3],
    "list_spread": [0.15, 0.4],
}

# The context's packing constants, chosen in the second stage.
READER_GRID: dict[str, list[float]] = {
    "fall_off": [0.1, 0.3],
    "strong_share": [0.6, 0.9],
    "neighbour_share": [0.3, 0.7],
}

Config = tuple[tuple[str, float], ...]  # sorted (constant, value) overrides; () = shipped


@dataclass
class Scores:
    """Per-question search metrics of one candidate, keyed by question id."""

    hit1: dict[str, float] = field(default_factory=dict)
    recall10: dict[str, float] = field(default_factory=dict)
    eic: dict[str, dict[int, float]] = field(default_factory=dict)  # context candidates only


@dataclass
class Study:
    """The questions, where they belong, and every candidate's per-question scores."""

    questions: dict[str, Question]
    conversation_of: dict[str, str]
    scores: dict[Config, Scores] = field(default_factory=dict)
    readers: dict[Config, Scores] = field(default_factory=dict)  # packing candidates

    def objective(self, config: Config, conversations: set[str]) -> float:
        """Mean Hit@1 plus mean Recall@10 over the questions of these conversations."""
        ids = [q for q, c in self.conversation_of.items() if c in conversations]
        s = self.scores[config]
        return (mean(s.hit1[i] for i in ids) or 0.0) + (mean(s.recall10[i] for i in ids) or 0.0)

    def reader_objective(self, config: Config, conversations: set[str]) -> float:
        """Mean evidence-in-context over both budgets on these conversations' questions."""
        ids = [q for q, c in self.conversation_of.items() if c in conversations]
        eic = self.readers[config].eic
        return mean(value for i in ids for value in eic[i].values()) or 0.0


def user_of(conversation_id: str, prefix: str) -> str:
    """The memsvc user holding a conversation (as runner.user_id_for names it)."""
    return safe_id(f"{prefix}{conversation_id}", limit=100)


def key(overrides: dict[str, float]) -> Config:
    """A hashable candidate."""
    return tuple(sorted(overrides.items()))


def single_factor_candidates(grid: dict[str, list[float]]) -> list[Config]:
    """Shipped defaults, then each constant moved to each grid value."""
    return [(), *(key({name: v}) for name, values in grid.items() for v in values)]


def scored_questions(conversations: Sequence[Conversation]) -> list[tuple[str, Question]]:
    """(conversation id, question) for every answerable question with evidence turns."""
    return [
        (c.id, q)
        for c in conversations
        for q in c.questions
        if q.category != ADVERSARIAL and q.evidence_turns
    ]


def evaluate(
    client: Memsvc,
    study: Study,
    config: Config,
    *,
    prefix: str,
    show_progress: bool,
) -> None:
    """Search every question with this candidate's tuning; fills study.scores[config]."""
    if config in study.scores:
        return
    scores = Scores()
    label = ",".join(f"{k}={v}" for k, v in config) or "shipped"
    for qid, question, user in _each_question(study, label, prefix, show_progress):
        body = {"user_id": user, "query": question.text, "k": DEPTH, "tuning": dict(config)}
        ranking = [h.turn_id for h in client.search(**body).hits if h.turn_id]
        scores.hit1[qid] = hit_at_k(ranking, question.evidence_turns, 1)
        scores.recall10[qid] = recall_at_k(ranking, question.evidence_turns, 10)
    study.scores[config] = scores


def evaluate_reader(
    client: Memsvc, study: Study, config: Config, *, prefix: str, show_progress: bool
) -> None:
    """Ask every question's context with this packing candidate; fills study.readers."""
    if config in study.readers:
        return
    scores = Scores()
    label = ",".join(f"{k}={v}" for k, v in config) or "shipped packing"
    for qid, question, user in _each_question(study, label, prefix, show_progress):
        scores.eic[qid] = eic_of(client, user, question, config)
    study.readers[config] = scores


def _each_question(
    study: Study, label: str, prefix: str, show_progress: bool
) -> Iterator[tuple[str, Question, str]]:
    """(id, question, memsvc user) of every studied question, with a progress bar."""
    for qid, question in tqdm(
        study.questions.items(), desc=label, unit="q", disable=not show_progress, leave=False
    ):
        yield qid, question, user_of(study.conversation_of[qid], prefix)


def eic_of(client: Memsvc, user: str, question: Question, config: Config) -> dict[int, float]:
    """Evidence-in-context of the question's context at each budget with this tuning."""
    out = {}
    for budget in BUDGETS:
        body = {"user_id": user, "query": question.text, "tuning": dict(config)}
        context = client.context(**body, budget_tokens=budget)
        cited = [i.turn_id for i in context.items if i.turn_id]
        out[budget] = evidence_in_context(cited, question.evidence_turns)
    return out


def choose(
    client: Memsvc, study: Study, train: set[str], grid: dict[str, list[float]], **kw: Any
) -> Config:
    """The procedure of the module docstring on the training conversations."""
    return _choose(study.objective, lambda c: evaluate(client, study, c, **kw), train, grid)


def choose_reader(
    client: Memsvc, study: Study, train: set[str], grid: dict[str, list[float]], **kw: Any
) -> Config:
    """The same procedure for the packing constants, by evidence-in-context."""
    return _choose(
        study.reader_objective, lambda c: evaluate_reader(client, study, c, **kw), train, grid
    )


def _choose(
    objective: Callable[[Config, set[str]], float],
    run: Callable[[Config], None],
    train: set[str],
    grid: dict[str, list[float]],
) -> Config:
    """One factor at a time, the joint candidate, then the best of all (module docstring)."""
    best: dict[str, float] = {}
    for name, values in grid.items():
        options = [((), None), *((key({name: v}), v) for v in values)]
        winner = max(options, key=lambda o: objective(o[0], train))
        if winner[1] is not None:
            best[name] = winner[1]
    joint = key(best)
    run(joint)
    pool = [*single_factor_candidates(grid), joint]
    return max(pool, key=lambda c: objective(c, train))


def figures(
    client: Memsvc, study: Study, config: Config, packing: Config, ids: list[str], prefix: str
) -> dict[str, dict[str, float]]:
    """Per question: Hit@1, Recall@10 (ranking constants `config`) and evidence-in-context at
    each budget (with the packing constants too)."""
    out = {}
    s = study.scores[config]
    for qid in ids:
        question = study.questions[qid]
        user = user_of(study.conversation_of[qid], prefix)
        row = {"hit@1": s.hit1[qid], "recall@10": s.recall10[qid]}
        eic = eic_of(client, user, question, key(dict(config) | dict(packing)))
        row |= {f"eic@{budget}": value for budget, value in eic.items()}
        out[qid] = row
    return out


def summary(rows: dict[str, dict[str, float]], study: Study) -> dict[str, dict[str, float | None]]:
    """Means overall and per LoCoMo category."""
    groups: dict[str, list[str]] = defaultdict(list)
    for qid in rows:
        groups["all (excl. adversarial)"].append(qid)
        groups[f"category: {study.questions[qid].category}"].append(qid)
    metrics = ["hit@1", "recall@10", *(f"eic@{b}" for b in BUDGETS)]
    return {
        name: {m: mean(rows[i][m] for i in ids) for m in metrics} | {"questions": len(ids)}
        for name, ids in sorted(groups.items())
    }


def run_cv(
    data: Path,
    out: Path,
    *,
    grid: dict[str, list[float]] = GRID,
    reader_grid: dict[str, list[float]] = READER_GRID,
    show_progress: bool = True,
    limit_conversations: int | None = None,
    data_dir: str | None = None,
    reuse_users: bool = False,
    user_prefix: str = "cv-",
) -> dict[str, Any]:
    """Ingest once (or reuse a kept `data_dir`), evaluate the grid, choose per fold and on all
    data; write cv.md/cv.json."""
    conversations = load_dataset("locomo", data)[:limit_conversations]
    pairs = scored_questions(conversations)
    study = Study({q.id: q for _, q in pairs}, {q.id: c for c, q in pairs})
    prefix = user_prefix
    settings = runner.RunSettings(budgets=(), show_progress=show_progress, user_prefix=prefix)
    kw = {"prefix": prefix, "show_progress": show_progress}
    with open_client(None, data_dir=data_dir) as client:
        if not reuse_users:
            runner.ingest(client, conversations, settings)
        for config in tqdm(single_factor_candidates(grid), desc="grid", disable=not show_progress):
            evaluate(client, study, config, **kw)
        packings = single_factor_candidates(reader_grid)
        for config in tqdm(packings, desc="packing grid", disable=not show_progress):
            evaluate_reader(client, study, config, **kw)
        names = sorted({c.id for c in conversations})
        folds, held_out = [], {}
        for held in names:
            train = set(names) - {held}
            chosen = choose(client, study, train, grid, **kw)
            packing = choose_reader(client, study, train, reader_grid, **kw)
            ids = [q for q, c in study.conversation_of.items() if c == held]
            held_out.update(figures(client, study, chosen, packing, ids, prefix))
            folds.append({"held_out": held, "chosen": dict(chosen) | dict(packing)})
        shipped_config = choose(client, study, set(names), grid, **kw)
        shipped_packing = choose_reader(client, study, set(names), reader_grid, **kw)
        all_ids = list(study.questions)
        in_sample = figures(client, study, shipped_config, shipped_packing, all_ids, prefix)
        defaults = figures(client, study, (), (), all_ids, prefix)
    result = {
        "command": "python -m eval " + shlex.join(sys.argv[1:]),
        "data": str(data),
        "grid": grid,
        "reader_grid": reader_grid,
        "folds": folds,
        "chosen_on_all": dict(shipped_config) | dict(shipped_packing),
        "held_out": summary(held_out, study),
        "in_sample": summary(in_sample, study),
        "current_defaults": summary(defaults, study),
        "candidates": {
            ",".join(f"{k}={v}" for k, v in c) or "shipped": study.objective(c, set(names))
            for c in study.scores
        },
        "packing_candidates": {
            ",".join(f"{k}={v}" for k, v in c) or "shipped": study.reader_objective(c, set(names))
            for c in study.readers
        },
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "cv.json").write_text(json.dumps(result, indent=2))
    (out / "cv.md").write_text(markdown(result))
    print(markdown(result))
    return result


def markdown(result: dict[str, Any]) -> str:
    """In-sample and held-out figures side by side, then what each fold chose."""
    lines = [
        "# Leave-one-conversation-out cross-validation",
        "",
        f"`{result['command']}`",
        "",
        f"Chosen on all conversations (the shipped defaults): `{result['chosen_on_all']}`",
        "",
        "| group | metric | defaults before | in-sample (chosen on all) | held-out (CV) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for group, row in result["held_out"].items():
        for metric, value in row.items():
            if metric == "questions":
                continue
            before = result["current_defaults"][group][metric]
            inside = result["in_sample"][group][metric]
            lines.append(f"| {group} | {metric} | {fmt(before)} | {fmt(inside)} | {fmt(value)} |")
    lines += ["", "| held-out conversation | chosen constants |", "| --- | --- |"]
    lines += [f"| {f['held_out']} | `{f['chosen']}` |" for f in result["folds"]]
    return "\n".join(lines) + "\n"
