"""The committed hand-written probe files are what their hand-written sources build, and the
assembly's checks hold on them (every haystack dated before its question, evidence only in
answer sessions, each update's values in its evidence turns)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from eval import hand_probes

DATA = Path(__file__).resolve().parents[2] / "eval" / "data"


def _source(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DATA / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["probes_hand", "probes_handdev"])
def test_the_committed_file_is_what_its_source_builds(name: str) -> None:
    source = _source(f"{name}_src")
    entries = hand_probes.build(source.GROUPS, source.FILLERS)
    assert hand_probes.render(entries) == (DATA / f"{name}.json").read_text(encoding="utf-8")
    absent = {q["id"]: q.get("absent", []) for q in getattr(source, "ABSTENTIONS", [])}
    warnings = hand_probes.check(entries, source.FILLERS, absent)
    if name == "probes_handdev":
        assert warnings == []  # the dev set is written so that no detail leaks
