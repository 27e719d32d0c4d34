"""Cross-validation of the ranking constants and calibration of the evidence score."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import pytest

from eval.calibrate import (
    Sample,
    balanced,
    cross_validate,
    cutoff_for,
    fit,
    fit_kinds,
    predict,
    predict_kinds,
    rates,
)
from eval.cv import run_cv
from eval.metrics import auc


def _sample(x: float, answerable: bool, fold: str) -> Sample:
    return Sample(
        features=(x, 0.5, x, 0.5, 0.5, x, 0.5, 1.0, 1.0, x),
        answerable=answerable,
        fold=fold,
        category="",
    )


def test_cross_validation_chooses_per_fold_and_reports_both_figures(
    tiny_locomo: Path, tmp_path: Path
) -> None:
    (first,) = json.loads(tiny_locomo.read_text())
    second = copy.deepcopy(first) | {"sample_id": "tiny-2"}
    data = tmp_path / "two.json"
    data.write_text(json.dumps([first, second]))
    result = run_cv(data, tmp_path / "cv", grid={"dense_weight": [0.9]}, show_progress=False)
    assert [f["held_out"] for f in result["folds"]] == ["tiny-1", "tiny-2"]
    block = "all (excl. adversarial)"
    for figures in ("held_out", "in_sample", "current_defaults"):
        assert 0.0 <= result[figures][block]["recall@10"] <= 1.0
        assert result[figures][block]["questions"] == 8  # 4 answerable with evidence, twice
    assert "held-out (CV)" in (tmp_path / "cv" / "cv.md").read_text()


def test_cross_validation_can_query_a_kept_ingest(tiny_locomo: Path, tmp_path: Path) -> None:
    kept = str(tmp_path / "data")
    first = run_cv(tiny_locomo, tmp_path / "a", grid={}, show_progress=False, data_dir=kept)
    again = run_cv(
        tiny_locomo, tmp_path / "b", grid={}, show_progress=False, data_dir=kept, reuse_users=True
    )
    assert again["in_sample"] == first["in_sample"]
    assert again["in_sample"]["all (excl. adversarial)"]["recall@10"] > 0.0


def test_the_fitted_score_separates_and_the_cutoff_bounds_false_flags() -> None:
    samples = [
        _sample(0.2 + 0.6 * (i % 2) + 0.01 * i, i % 2 == 1, f"conv-{i % 3}") for i in range(60)
    ]
    w = fit(samples)
    scores = predict(w, samples)
    labels = [s.answerable for s in samples]
    assert auc(scores, labels) == 1.0
    cut = cutoff_for(scores, labels, 0.0)
    assert rates(scores, labels, cut)["none_on_answerable"] == 0.0
    assert rates(scores, labels, cut)["none_on_abstention"] == 1.0


def test_held_out_scores_come_from_models_that_never_saw_the_fold() -> None:
    # Two folds with opposite relations: a model fitted on one must get the other wrong.
    flipped = [
        _sample(0.1 + 0.8 * (i % 2), (i % 2 == 1) == (i < 40), f"conv-{i // 40}") for i in range(80)
    ]
    held = cross_validate(flipped, 0.03)
    assert held["auc"] is not None and held["auc"] < 0.2


def test_each_training_file_weighs_the_same() -> None:
    small = [_sample(0.9, True, "lme-0") for _ in range(10)]
    large = [_sample(0.1, False, "conv-1") for _ in range(90)]
    mixed = balanced([small, large])
    assert sum(s.weight for s in mixed[:10]) == pytest.approx(sum(s.weight for s in mixed[10:]))
    assert sum(s.weight for s in mixed) == pytest.approx(100)


def test_each_kind_of_memory_gets_a_model_of_its_own() -> None:
    # The same signal points opposite ways in the two kinds: one model cannot separate both.
    people = [_sample(0.1 + 0.8 * (i % 2), i % 2 == 1, f"conv-{i % 4}") for i in range(40)]
    assistant = [
        replace(_sample(0.1 + 0.8 * (i % 2), i % 2 == 0, f"lme-{i % 4}"), kind="with_assistant")
        for i in range(40)
    ]
    models = fit_kinds(people + assistant)
    assert set(models) == {"between_people", "with_assistant"}
    scores = predict_kinds(models, people + assistant)
    assert auc(scores, [s.answerable for s in people + assistant]) == 1.0
    held = cross_validate(people + assistant, 0.03)
    assert held["with_assistant"]["auc"] == 1.0 and held["between_people"]["auc"] == 1.0
    one = predict(fit(people + assistant), people + assistant)
    assert auc(one, [s.answerable for s in people + assistant]) < 0.75
