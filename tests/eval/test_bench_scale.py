"""`memsvc bench scale` end to end on a tiny store: a real `memsvc serve`, its REST API, a
restart at each checkpoint, and the JSON, table and plot it promises."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from eval.datasets import load_locomo
from memsvc.bench.scale import run_scale
from memsvc.bench.server import Server
from memsvc.bench.workload import users


def test_users_are_renamed_and_redated_replays(tiny_locomo: Path) -> None:
    conversations = load_locomo(tiny_locomo)
    first, second = users(conversations, count=2, turns_per_user=4)
    assert [first.turns, second.turns] == [4, 4]
    texts = [t["text"] for s in first.sessions for t in s.turns]
    speakers = {t["speaker"] for s in first.sessions for t in s.turns}
    assert not speakers & {"Ana", "Ben"} and all(s.endswith("0") for s in speakers)
    assert not any("Ben" in text.split() for text in texts)
    later = [t["timestamp"] for s in second.sessions for t in s.turns]
    earlier = [t["timestamp"] for s in first.sessions for t in s.turns]
    assert later != earlier  # re-dated per user
    assert all("Ana" not in q for q in first.questions)


def test_scale_run_measures_a_real_server_at_each_checkpoint(
    tiny_locomo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "scale"
    run = run_scale(
        data=str(tiny_locomo),
        out=out,
        turns=12,
        user_count=3,
        checkpoints=[4, 12],
        clients=2,
        queries=4,
        burners=0,
    )
    assert [c.turns for c in run.checkpoints] == [4, 12]
    assert run.raw_encoder_texts_per_s > 0
    for checkpoint in run.checkpoints:
        assert checkpoint.ingest_turns_per_s > 0 and checkpoint.rss_mb > 0
        assert [load.clients for load in checkpoint.search] == [1, 2]
        assert all(load.requests == 4 for load in checkpoint.search + checkpoint.context)
        assert 0 < checkpoint.restart.healthz <= checkpoint.restart.readyz
    saved = json.loads((out / "scale.json").read_text())
    assert saved["checkpoints"][1]["turns"] == 12
    assert (out / "scale.png").stat().st_size > 10_000
    assert "| 12 |" in (out / "scale.md").read_text()
    # The store the run built is really there: a restarted server finds every turn.
    server = Server(data_dir=out / "data", log=tmp_path / "again.log")
    server.start()
    try:
        with httpx.Client(base_url=server.url) as http:
            found = http.get("/v1/sessions", params={"user_id": "u00002"}).json()["items"]
    finally:
        server.stop()
    assert found, "the last user's sessions were stored"
