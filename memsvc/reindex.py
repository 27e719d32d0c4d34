"""Rebuild the vector index from SQL, the source of truth."""

from __future__ import annotations

from tqdm import tqdm

from memsvc.runtime import Runtime
from memsvc.turns import repository as turns
from memsvc.turns.indexing import index_turns


def reindex(runtime: Runtime, *, progress: bool = False, batch: int = 512) -> int:
    """Drop the index and re-encode every stored turn; returns how many were indexed."""
    runtime.index.reset()
    done = 0
    with runtime.sessions() as db:
        bar = tqdm(total=turns.count(db), unit="turn", disable=not progress, desc="reindex")
        for rows in turns.iter_all(db, batch=batch):
            index_turns(rows, encoder=runtime.encoder, lexical=runtime.lexical, index=runtime.index)
            done += len(rows)
            bar.update(len(rows))
        bar.close()
    return done
