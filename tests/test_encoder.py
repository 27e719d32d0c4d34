"""The encoder's precision: bfloat16 where the CPU multiplies it natively, float16 on a GPU,
and vectors that stay those of float32 (unit length, cosine ~1)."""

from __future__ import annotations

import numpy as np
import pytest

from memsvc.config import Settings
from memsvc.encoder import (
    SentenceTransformerEncoder,
    build_encoder,
    native_bfloat16,
    resolve_precision,
)

TEXTS = [
    "Caroline: I went to the LGBTQ support group yesterday and it was so powerful.",
    "Melanie: We camped at the beach with the kids last weekend!",
    "hello",
    "Caroline: Researching adoption agencies — it's been a dream to have a family. " * 6,
]


def test_auto_precision_follows_the_hardware() -> None:
    assert resolve_precision("auto", device="cuda") == "float16"
    expected = "bfloat16" if native_bfloat16() else "float32"
    assert resolve_precision("auto", device="cpu") == expected
    assert resolve_precision("float32", device="cpu") == "float32"
    assert resolve_precision("bfloat16", device="cpu") == "bfloat16"


@pytest.mark.parametrize("precision", ["bfloat16", "float16"])
def test_reduced_precision_vectors_match_float32(
    encoder: SentenceTransformerEncoder, precision: str
) -> None:
    """Every precision the settings offer gives unit vectors within cosine 0.999 of float32's
    (float16 is the GPU's; run here on the CPU, its code path is the same)."""
    reference = build_encoder(Settings(encoder_precision="float32", torch_threads=1))
    reduced = build_encoder(Settings(encoder_precision=precision, torch_threads=1))
    assert reduced.precision == precision
    expected, got = reference.encode(TEXTS), reduced.encode(TEXTS)
    assert got.dtype == np.float32 and got.shape == expected.shape
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert (got * expected).sum(axis=1).min() > 0.999
    # The nearest text stays the nearest.
    assert (got @ got.T).argsort(axis=1)[:, -2].tolist() == (
        (expected @ expected.T).argsort(axis=1)[:, -2].tolist()
    )
