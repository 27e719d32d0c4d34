"""PNG plots of a run (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from eval.metrics import TURN_KS
from eval.scoring import ALL


def recall_curves(result: dict[str, Any], path: Path) -> None:
    """Turn-level recall@k against k, one line per system."""
    overall = result["summary"][ALL]
    fig, ax = plt.subplots(figsize=(6, 4))
    for system in result["system_names"]:
        ys = [overall[system].get(f"recall@{k}") or 0.0 for k in TURN_KS]
        ax.plot(TURN_KS, ys, marker="o", label=system)
    ax.set(xscale="log", xlabel="k (turns)", ylabel="recall@k", ylim=(0, 1), title="Recall@k")
    ax.set_xticks(TURN_KS, [str(k) for k in TURN_KS])
    _finish(fig, ax, path)


def budget_curves(result: dict[str, Any], path: Path) -> None:
    """Evidence-in-context against token budget, one line per system."""
    overall, budgets = result["summary"][ALL], result["budgets"]
    fig, ax = plt.subplots(figsize=(6, 4))
    for system in result["system_names"]:
        ys = [overall[system].get(f"eic@{b}") or 0.0 for b in budgets]
        ax.plot(budgets, ys, marker="o", label=system)
    ax.set(
        xscale="log", xlabel="context budget (tokens)", ylabel="evidence in context", ylim=(0, 1)
    )
    ax.set_xticks(budgets, [str(b) for b in budgets])
    ax.set_title("Evidence in context vs budget")
    _finish(fig, ax, path)


def category_bars(result: dict[str, Any], path: Path, metric: str = "recall@10") -> None:
    """Grouped bars: the metric per category, one bar per system."""
    cats = {
        k.removeprefix("category: "): v
        for k, v in result["summary"].items()
        if k.startswith("category: ")
    }
    systems = result["system_names"]
    width = 0.8 / max(len(systems), 1)
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(cats) + 2), 4))
    for i, system in enumerate(systems):
        xs = [j + i * width for j in range(len(cats))]
        ys = [g[system].get(metric) or 0.0 for g in cats.values()]
        ax.bar(xs, ys, width=width, label=system)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(cats))], list(cats), rotation=20)
    ax.set(ylabel=metric, ylim=(0, 1), title=f"{metric} per category")
    _finish(fig, ax, path)


def _finish(fig: Any, ax: Any, path: Path) -> None:
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_all(result: dict[str, Any], out_dir: Path) -> list[Path]:
    """Every plot of the run; returns the files written."""
    paths = [
        out_dir / "recall_at_k.png",
        out_dir / "evidence_vs_budget.png",
        out_dir / "per_category.png",
    ]
    recall_curves(result, paths[0])
    budget_curves(result, paths[1])
    category_bars(result, paths[2])
    return paths
