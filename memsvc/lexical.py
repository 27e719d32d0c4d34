"""Sparse lexical (BM25-style) vectors, computed here so every index engine sees the same ones.

Documents carry the BM25 term-frequency saturation; the index applies IDF (Qdrant's `idf`
modifier), so a dot product with a query's unit weights is the BM25 score.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Literal

TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# A small English stopword list: function words only, so names and content words stay.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    i'm i've i'll i'd you're you've it's that's don't didn't can't won't isn't wasn't yeah oh
    hey hi really just also""".split()
)

SUFFIXES = ("ingly", "edly", "ing", "ies", "ied", "ed", "es", "s", "ly")


def stem(token: str) -> str:
    """A light suffix stripper: folds plurals and verb forms without a stemming library."""
    for suffix in SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            base = token[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                return base[:-1]  # "running" -> "run", "planned" -> "plan"
            return base
    return token


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_sentences(text: str) -> list[str]:
    """Sentences split after . ! or ? (chat text: no abbreviation handling needed here)."""
    return SENTENCE_END.split(text)


def tokenize(text: str) -> list[str]:
    """Lowercased content tokens, stemmed; possessive 's dropped."""
    tokens = []
    for raw in TOKEN_RE.findall(text.lower().replace("\u2019", "'")):
        token = raw[:-2] if raw.endswith("'s") else raw
        if token in STOPWORDS or len(token) < 2:
            continue
        tokens.append(stem(token))
    return tokens


MEMORY_SPACE = 1 << 31  # token indices are 31-bit; Qdrant's sparse indices are 32-bit


def token_index(token: str) -> int:
    """A stable 31-bit index per token (crc32 is stable across processes and machines)."""
    return zlib.crc32(token.encode()) & 0x7FFFFFFF


@dataclass(frozen=True)
class Sparse:
    """A sparse vector: sorted unique indices and their weights."""

    indices: list[int]
    values: list[float]

    def __bool__(self) -> bool:
        return bool(self.indices)

    def in_memory_space(self) -> Sparse:
        """The same vector in the distilled memories' half of the index space. Qdrant's IDF is
        per index over the whole collection: with facts and episodes in their own half, the
        turns' term statistics count only turns, and the memories' only memories."""
        return Sparse(indices=[i | MEMORY_SPACE for i in self.indices], values=self.values)


class LexicalEncoder:
    """BM25 document and query vectors over hashed tokens (the `bm25` sparse leg)."""

    kind: Literal["bm25"] = "bm25"  # recorded in the index, which must apply IDF to these

    def __init__(self, *, k1: float = 1.2, b: float = 0.75, avg_len: float = 12.0) -> None:
        self.k1 = k1
        self.b = b
        self.avg_len = avg_len

    def document(self, text: str) -> Sparse:
        """BM25 term weights of a stored text (IDF is applied by the index)."""
        counts = Counter(token_index(t) for t in tokenize(text))
        length = sum(counts.values())
        norm = self.k1 * (1 - self.b + self.b * length / self.avg_len)
        weights = {i: tf * (self.k1 + 1) / (tf + norm) for i, tf in counts.items()}
        return _sparse(weights)

    def documents(self, texts: list[str]) -> list[Sparse]:
        """BM25 term weights of stored texts."""
        return [self.document(text) for text in texts]

    def submit_documents(self, texts: list[str]) -> Future[list[Sparse]]:
        """The same, computed here and now (no model: microseconds per text)."""
        future: Future[list[Sparse]] = Future()
        future.set_result(self.documents(texts))
        return future

    def query(self, text: str) -> Sparse:
        """Unit weight per distinct query term."""
        return _sparse({token_index(t): 1.0 for t in tokenize(text)})

    def close(self) -> None:
        """Nothing to release."""


def _sparse(weights: dict[int, float]) -> Sparse:
    indices = sorted(weights)
    return Sparse(indices=indices, values=[float(weights[i]) for i in indices])
