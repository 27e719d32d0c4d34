"""The pluggable sparse leg on the real models and the real index: SPLADE vectors and ranking,
BM25 unchanged, and an index built with one kind refused (or rebuilt) under the other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from qdrant_client import QdrantClient

from memsvc.app import create_app
from memsvc.config import Settings, SparseKind
from memsvc.encoder import Encoder, SentenceTransformerEncoder, Vectors
from memsvc.index.base import IndexMismatchError
from memsvc.index.edge import RECORD, EdgeIndex
from memsvc.index.qdrant_server import QdrantServerIndex
from memsvc.lexical import LexicalEncoder, Sparse
from memsvc.linguistics.anchors import Anchorer
from memsvc.reindex import reindex
from memsvc.runtime import Runtime, build_runtime
from memsvc.sparse import SpladeEncoder, SpladeModel, splade_model_path
from memsvc.turns.anchor_process import AnchorProcess
from tests.helpers import DIALOGUE, LATER, seed

VOCAB = 30522  # splade-tiny's BERT vocabulary: every index is a token id
TEXTS = [f"{speaker}: {text}" for speaker, text, _ in [*DIALOGUE, *LATER]]
# Paraphrases sharing no content word with the turn they ask about (BM25 finds none of them).
PARAPHRASES = {
    "Which dog did they bring home?": "u1-s2-0",  # "adopted a puppy"
    "Is anyone considering becoming a therapist?": "u1-s1-2",  # "a career in counseling"
    "Who went hiking and sleeping in tents?": "u1-s1-3",  # "went camping in the mountains"
}


def _settings(tmp_path: Path, kind: SparseKind, **extra: object) -> Settings:
    database = f"sqlite:///{tmp_path / 'memsvc.sqlite3'}"
    return Settings(data_dir=tmp_path / "data", database_url=database, sparse=kind, **extra)


class Runtimes:
    """Builds runtimes on the shared models; each is closed once (by the test or at the end)."""

    def __init__(
        self,
        encoder: SentenceTransformerEncoder,
        splade: SpladeModel,
        anchorer: Anchorer,
        anchor_process: AnchorProcess,
    ) -> None:
        self._encoder, self._splade = encoder, splade
        self._anchorer, self._anchor_process = anchorer, anchor_process
        self._open: list[Runtime] = []

    def runtime(self, settings: Settings, *, encoder: Encoder | None = None) -> Runtime:
        """A runtime on these settings and the shared models (or another dense encoder)."""
        runtime = build_runtime(
            settings,
            encoder=encoder or self._encoder,
            splade=self._splade,
            anchorer=self._anchorer,
            anchor_process=self._anchor_process,
        )
        self._open.append(runtime)
        return runtime

    def close(self, runtime: Runtime) -> None:
        """Close a runtime now (its data dir is then reopened by another)."""
        self._open.remove(runtime)
        runtime.close()

    def close_all(self) -> None:
        """Close what the test left open."""
        while self._open:
            self.close(self._open[-1])


@pytest.fixture
def build(
    encoder: SentenceTransformerEncoder,
    splade: SpladeModel,
    anchorer: Anchorer,
    anchor_process: AnchorProcess,
) -> Iterator[Runtimes]:
    """Runtimes on the shared models, closed after the test."""
    runtimes = Runtimes(encoder, splade, anchorer, anchor_process)
    yield runtimes
    runtimes.close_all()


def _top(client: TestClient, query: str, *, mode: str = "sparse") -> list[str]:
    response = client.post(
        "/v1/search", json={"user_id": "u1", "query": query, "k": 3, "mode": mode}
    )
    assert response.status_code == 200, response.text
    return [hit["turn_id"] for hit in response.json()["hits"]]


def test_splade_vectors_are_sparse_weighted_token_ids(splade: SpladeModel) -> None:
    documents = splade.encode(TEXTS)
    for vector in documents:
        assert 20 <= len(vector.indices) <= 300  # tens to hundreds of terms, of 30522
        assert vector.indices == sorted(set(vector.indices)) and vector.indices[-1] < VOCAB
        assert min(vector.values) > 0
    query = splade.encode(["Which dog did they bring home?"])[0]
    assert 5 <= len(query.indices) <= 100
    # Expansion: the puppy turn weighs "dog", which it never says.
    puppy = dict(zip(documents[4].indices, documents[4].values, strict=True))
    assert puppy.get(3899, 0.0) > 0.5  # 3899 = "dog" in BERT's vocabulary


def test_splade_matches_sentence_transformers_on_the_same_files(splade: SpladeModel) -> None:
    """The fast path (real tokens only, max before log1p, bfloat16 candidates recomputed in
    float32) gives sentence-transformers' SparseEncoder vectors, float32 or not."""
    import torch
    from sentence_transformers import SparseEncoder

    reference = SparseEncoder(str(splade_model_path()), device="cpu")
    expected = reference.encode_document(TEXTS, convert_to_tensor=True).to_dense()
    exact = SpladeModel(splade_model_path(), device="cpu", precision="float32")
    for model in (splade, exact):
        got = torch.zeros_like(expected)
        for row, vector in enumerate(model.encode(TEXTS)):
            got[row, vector.indices] = torch.tensor(vector.values)
        assert torch.equal(got > 0, expected > 0)
        assert (got - expected).abs().max().item() < 1e-4


def test_a_paraphrase_ranks_the_right_turn_through_sparse_search(
    tmp_path: Path, build: Runtimes
) -> None:
    runtime = build.runtime(_settings(tmp_path, "splade"))
    assert isinstance(runtime.lexical, SpladeEncoder)
    with TestClient(create_app(runtime=runtime)) as client:
        seed(client)
        for query, turn in PARAPHRASES.items():
            assert _top(client, query)[0] == turn, query
            assert _top(client, query, mode="hybrid")[0] == turn, query


def test_bm25_finds_none_of_the_paraphrases(tmp_path: Path, build: Runtimes) -> None:
    """The contrast the SPLADE leg is for: BM25 shares no term with these questions."""
    runtime = build.runtime(_settings(tmp_path, "bm25"))
    with TestClient(create_app(runtime=runtime)) as client:
        seed(client)
        for query, turn in PARAPHRASES.items():
            assert turn not in _top(client, query)[:1], query


def test_ingest_encodes_splade_documents_in_batches(
    tmp_path: Path, build: Runtimes, splade: SpladeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of turns is one SPLADE pass (or a few), never one per turn."""
    passes: list[int] = []
    encode = splade.encode

    def recording(texts: list[str]) -> list[Sparse]:
        passes.append(len(texts))
        return encode(texts)

    monkeypatch.setattr(splade, "encode", recording)
    runtime = build.runtime(_settings(tmp_path, "splade"))
    with TestClient(create_app(runtime=runtime)) as client:
        seed(client)  # two requests: four turns, then two
    assert sum(passes) == 6 and len(passes) == 2


def test_splade_is_the_default_and_bm25_unchanged(tmp_path: Path, build: Runtimes) -> None:
    assert Settings().sparse == "splade"
    runtime = build.runtime(_settings(tmp_path, "bm25"))
    assert isinstance(runtime.lexical, LexicalEncoder)
    vector = runtime.lexical.document("Caroline: We adopted a puppy named Oscar from the shelter.")
    # Pinned from before the sparse leg became pluggable: crc32 token ids, BM25 saturation.
    assert vector.indices == [750135164, 822517570, 996088028, 1843956090, 1896900359, 1928165435]
    assert vector.values == pytest.approx([1.2571428571428573] * 6)
    assert runtime.lexical.query("What pet did Caroline adopt?").indices == [
        996088028,
        1683135365,
        1843956090,
    ]
    assert runtime.lexical.documents(["dog park", "cat"]) == [
        runtime.lexical.document("dog park"),
        runtime.lexical.document("cat"),
    ]
    with TestClient(create_app(runtime=runtime)) as client:
        seed(client)
        assert _top(client, "pottery classes")[0] == "u1-s2-1"


def test_a_data_dir_of_the_other_kind_is_refused_until_reindexed(
    tmp_path: Path, build: Runtimes
) -> None:
    """Beyond the repair budget, a BM25 data dir opened with MEMSVC_SPARSE=splade answers
    503s that say to run `memsvc reindex` (never mixed vectors); the rebuild then serves."""
    runtime = build.runtime(_settings(tmp_path, "bm25"))
    with TestClient(create_app(runtime=runtime)) as client:
        seed(client)
    build.close(runtime)
    refused = build.runtime(_settings(tmp_path, "splade", index_repair_max_points=0))
    assert not refused.index_status.ok
    assert "holds bm25 sparse vectors but MEMSVC_SPARSE=splade" in refused.index_status.reason
    assert "memsvc reindex" in refused.index_status.reason
    with TestClient(create_app(runtime=refused)) as client:
        for path, body in (
            ("/v1/search", {"user_id": "u1", "query": "dog", "mode": "sparse"}),
            ("/readyz", None),
        ):
            response = client.post(path, json=body) if body else client.get(path)
            assert response.status_code == 503, response.text
            assert "memsvc reindex" in response.json()["error"]["message"]
        assert reindex(refused).turns == 6
        assert _top(client, "Which dog did they bring home?")[0] == "u1-s2-0"
    build.close(refused)
    reopened = build.runtime(_settings(tmp_path, "splade", index_repair_max_points=0))
    assert reopened.index_status.ok and reopened.index.count() == 6


def test_a_small_data_dir_of_the_other_kind_is_rebuilt_at_start(
    tmp_path: Path, build: Runtimes
) -> None:
    runtime = build.runtime(_settings(tmp_path, "splade"))
    with TestClient(create_app(runtime=runtime)) as client:
        seed(client)
    build.close(runtime)
    rebuilt = build.runtime(_settings(tmp_path, "bm25"))  # 6 rows: within the repair budget
    assert rebuilt.index_status.ok and rebuilt.index_status.repaired == 6
    with TestClient(create_app(runtime=rebuilt)) as client:
        assert _top(client, "pottery classes")[0] == "u1-s2-1"


def test_an_edge_shard_records_its_kind_and_one_without_a_record_is_bm25(
    tmp_path: Path,
) -> None:
    path = tmp_path / "index"
    EdgeIndex(path, dimension=4, sparse="splade").close()
    assert '"splade"' in (path / RECORD).read_text()
    with pytest.raises(IndexMismatchError, match="holds splade"):
        EdgeIndex(path, dimension=4, sparse="bm25").count()
    fresh = EdgeIndex(tmp_path / "other", dimension=4)
    fresh.close()
    (tmp_path / "other" / RECORD).unlink()  # a shard from before the record existed
    assert EdgeIndex(tmp_path / "other", dimension=4).count() == 0
    with pytest.raises(IndexMismatchError, match="holds bm25"):
        EdgeIndex(tmp_path / "other", dimension=4, sparse="splade").count()


def test_a_qdrant_collection_follows_the_kind_idf_for_bm25_only(tmp_path: Path) -> None:
    """The qdrant-client adapter (local mode on disk): IDF modifier and metadata per kind; a
    collection of the other kind refuses every call until reset()."""
    where = str(tmp_path / "qdrant")
    bm25 = QdrantServerIndex(QdrantClient(path=where), collection="m", dimension=4)
    config = bm25.client.get_collection("m").config
    assert config.params.sparse_vectors["sparse"].modifier == "idf"
    bm25.close()
    splade = QdrantServerIndex(
        QdrantClient(path=where), collection="m", dimension=4, sparse="splade"
    )
    with pytest.raises(IndexMismatchError, match="holds bm25 sparse vectors"):
        splade.count()
    splade.reset()
    config = splade.client.get_collection("m").config
    assert config.params.sparse_vectors["sparse"].modifier is None
    assert config.metadata == {"memsvc_sparse": "splade"} and splade.count() == 0
    splade.close()


class HalfMiniLM:
    """One half of MiniLM's vectors, renormalised: a real encoder of another size, as
    switching MEMSVC_ENCODER_MODEL gives (MiniLM makes 384, mpnet 768); the two halves are
    two encoders of one size."""

    def __init__(self, inner: SentenceTransformerEncoder, *, second: bool = False) -> None:
        self.inner = inner
        self.dimension = inner.dimension // 2
        self.name = f"{inner.name}-{'second' if second else 'first'}-half"
        self._start = self.dimension if second else 0

    def encode(self, texts: list[str]) -> Vectors:
        cut = self.inner.encode(texts)[:, self._start : self._start + self.dimension]
        norms: Vectors = np.linalg.norm(cut, axis=1, keepdims=True)
        return cut / np.maximum(norms, 1e-12)


def test_an_index_of_another_encoders_size_is_refused_or_rebuilt(
    tmp_path: Path, build: Runtimes, encoder: SentenceTransformerEncoder
) -> None:
    """A data dir built with one encoder, opened with an encoder of another size: beyond the
    repair budget every call is a 503 naming the sizes and `memsvc reindex`; within it the
    index is rebuilt at start with the new encoder, and searches find the turns again."""
    runtime = build.runtime(_settings(tmp_path, "splade"))
    with TestClient(create_app(runtime=runtime)) as client:
        seed(client)
    build.close(runtime)
    half = HalfMiniLM(encoder)
    settings = _settings(tmp_path, "splade", index_repair_max_points=0)
    refused = build.runtime(settings, encoder=half)
    assert not refused.index_status.ok
    assert "holds 384-dimension dense vectors" in refused.index_status.reason
    assert "makes 192" in refused.index_status.reason
    with TestClient(create_app(runtime=refused)) as client:
        body = {"user_id": "u1", "query": "dog", "mode": "dense"}
        response = client.post("/v1/search", json=body)
        assert response.status_code == 503 and "memsvc reindex" in response.text
    build.close(refused)
    rebuilt = build.runtime(_settings(tmp_path, "splade"), encoder=half)
    assert rebuilt.index_status.ok and rebuilt.index_status.repaired == 6
    with TestClient(create_app(runtime=rebuilt)) as client:
        assert _top(client, "adopted a puppy", mode="dense")[0] == "u1-s2-0"


def test_index_engines_record_their_dense_size(tmp_path: Path) -> None:
    path = tmp_path / "index"
    EdgeIndex(path, dimension=4).close()
    assert '"memsvc_dense_size": 4' in (path / RECORD).read_text()
    with pytest.raises(IndexMismatchError, match="holds 4-dimension dense vectors"):
        EdgeIndex(path, dimension=8).count()
    grown = EdgeIndex(path, dimension=8)
    grown.reset()
    assert grown.count() == 0 and '"memsvc_dense_size": 8' in (path / RECORD).read_text()
    grown.close()
    where = str(tmp_path / "qdrant")
    QdrantServerIndex(QdrantClient(path=where), collection="m", dimension=4).close()
    wider = QdrantServerIndex(QdrantClient(path=where), collection="m", dimension=8)
    with pytest.raises(IndexMismatchError, match="makes 8"):
        wider.count()
    wider.reset()
    assert wider.count() == 0
    wider.close()
    # One size, two encoders: the probe vectors recorded at creation tell them apart.
    probe, other = [0.6, 0.8, 0.0, 0.0], [0.0, 0.0, 0.8, 0.6]
    for make in (
        lambda p: EdgeIndex(tmp_path / "probed", dimension=4, probe=p),
        lambda p: QdrantServerIndex(QdrantClient(path=where), collection="p", dimension=4, probe=p),
    ):
        make(probe).close()
        mismatched = make(other)
        with pytest.raises(IndexMismatchError, match="built by another encoder"):
            mismatched.count()
        mismatched.close()
        for same in ([0.6001, 0.7999, 0.0, 0.0], None):  # another precision; nothing to compare
            index = make(same)
            assert index.count() == 0
            index.close()


def test_an_index_of_another_encoder_of_the_same_size_is_refused(
    tmp_path: Path, build: Runtimes, encoder: SentenceTransformerEncoder
) -> None:
    """Two encoders of one size: the recorded probe vector tells them apart, so the second
    never searches the first one's vectors (a 503 until `memsvc reindex`), while the same
    encoder reopens the store as it was."""
    first = build.runtime(_settings(tmp_path, "splade"), encoder=HalfMiniLM(encoder))
    with TestClient(create_app(runtime=first)) as client:
        seed(client)
    build.close(first)
    settings = _settings(tmp_path, "splade", index_repair_max_points=0)
    other = build.runtime(settings, encoder=HalfMiniLM(encoder, second=True))
    assert not other.index_status.ok and "built by another encoder" in other.index_status.reason
    with TestClient(create_app(runtime=other)) as client:
        body = {"user_id": "u1", "query": "dog", "mode": "dense"}
        response = client.post("/v1/search", json=body)
        assert response.status_code == 503 and "memsvc reindex" in response.text
        assert reindex(other).turns == 6
        assert client.post("/v1/search", json=body).status_code == 200
    build.close(other)
    again = build.runtime(settings, encoder=HalfMiniLM(encoder, second=True))
    assert again.index_status.ok and again.index.count() == 6
