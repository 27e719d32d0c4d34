"""The runner end to end against an in-process memsvc, on tiny slices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.cli import main
from eval.probes import write_probes


def test_locomo_tiny_with_qa(
    tiny_locomo: Path,
    tmp_path: Path,
    llm_server: tuple[str, list[dict[str, Any]]],
    capsys: Any,
) -> None:
    url, requests = llm_server
    code = main(
        [
            "locomo",
            "--data",
            str(tiny_locomo),
            "--out",
            str(tmp_path / "results"),
            "--run-name",
            "tiny",
            "--no-progress",
            "--limit-questions",
            "4",
            "--variant",
            "full",
            "--variant",
            "dense-only:mode=dense",
            "--llm-url",
            url,
            "--llm-model",
            "fake-1",
            "--llm-key",
            "k",
            "--qa-budget",
            "512",
        ]
    )
    assert code == 0
    out_dir = tmp_path / "results" / "tiny"
    names = {p.name for p in out_dir.iterdir()}
    assert {"report.json", "report.md", "questions.jsonl", "recall_at_k.png"} <= names
    result = json.loads((out_dir / "report.json").read_text())
    systems = ["memsvc:full", "memsvc:dense-only", "bm25", "dense", "recency"]
    assert result["system_names"] == systems
    overall = result["summary"]["all"]
    assert overall["memsvc:full"]["questions"] == 4
    # The tiny conversation has 6 turns: every system finds all evidence within 50.
    assert all(overall[s]["recall@50"] == 1.0 for s in systems)
    assert overall["memsvc:full"]["eic@4096"] == 1.0
    assert result["evidence"]["totals"]["dropped"] == 2
    assert result["dataset"]["sha256"] and result["meta"]["versions"]["python"]
    qa = result["qa"]["accuracy"]["all"]
    assert qa["memsvc:full"]["judged"] == 4 and qa["memsvc:full"]["accuracy"] is not None
    assert len(requests) == 2 * 4 * 2  # answer + judge, 4 questions, 2 memsvc systems
    markdown = (out_dir / "report.md").read_text()
    assert "## Systems side by side" in markdown and "QA accuracy" in markdown
    assert "| recall@10 |" in capsys.readouterr().out


def test_longmemeval_probes_tiny(tmp_path: Path) -> None:
    data = tmp_path / "probes.json"
    write_probes(data, seed=5, fillers=2, questions=5)
    code = main(
        [
            "longmemeval",
            "--data",
            str(data),
            "--out",
            str(tmp_path),
            "--run-name",
            "lme",
            "--no-progress",
            "--no-plots",
            "--baselines",
            "bm25,recency",
            "--budgets",
            "512,1024",
            "--option",
            'speakers=["user", "assistant"]',
        ]
    )
    assert code == 0
    result = json.loads((tmp_path / "lme" / "report.json").read_text())
    assert result["system_names"] == ["memsvc", "bm25", "recency"]
    summary = result["summary"]
    assert summary["all"]["memsvc"]["questions"] == 5
    assert summary["all"]["memsvc"]["no_evidence"] == 1  # the abstention probe
    assert "category: knowledge-update" in summary
    assert summary["all"]["memsvc"]["sess_all@10"] is not None


def test_reuse_users_queries_a_kept_ingest_without_ingesting(
    tiny_locomo: Path, tmp_path: Path
) -> None:
    def run(name: str, *extra: str) -> dict[str, Any]:
        args = ["locomo", "--data", str(tiny_locomo), "--out", str(tmp_path / "results")]
        args += ["--run-name", name, "--no-progress", "--no-plots", "--baselines", "none"]
        args += ["--data-dir", str(tmp_path / "memsvc"), "--budgets", "512", *extra]
        assert main(args) == 0
        return dict(json.loads((tmp_path / "results" / name / "report.json").read_text()))

    first = run("first", "--keep-users")
    again = run("again", "--reuse-users")
    assert again["ingest"]["turns_per_s"] is None and first["ingest"]["turns_per_s"] > 0
    assert again["summary"]["all"] == first["summary"]["all"]
