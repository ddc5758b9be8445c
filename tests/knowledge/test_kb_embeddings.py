"""The Embedder seam: cheap to import anywhere, a deterministic fake, and the real MiniLM behind it."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from app.core.knowledge.embeddings import Embedder
from app.core.knowledge.hash_embedder import HashEmbedder


def test_importing_the_seam_loads_no_model_runtime_or_vector_store() -> None:
    code = (
        "import sys, json\nimport app.core.knowledge.embeddings, app.core.knowledge.hash_embedder\n"
        "print(json.dumps([m for m in ('onnxruntime', 'tokenizers', 'chromadb', 'openai') if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(out.stdout) == []


def test_the_fake_is_an_embedder_with_unit_rows_and_repeatable_output() -> None:
    fake = HashEmbedder(64)
    assert isinstance(fake, Embedder) and fake.name == "hash-64" and fake.dim == 64
    texts = [
        "Ask for the ideal referral.",
        "ask for ideal referrals",
        "Water the tomatoes.",
        "",
        "the and of",
    ]
    vecs = fake.embed(texts)
    assert vecs.shape == (5, 64) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0)
    assert np.array_equal(vecs, HashEmbedder(64).embed(texts))  # same text, same vector, in any process
    sims = vecs @ vecs.T
    assert sims[0, 1] == pytest.approx(1.0)  # the same content words after stemming
    assert sims[0, 1] > sims[0, 2]
    assert np.array_equal(vecs[3], vecs[4])  # no content word: one fixed vector
    assert fake.embed([]).shape == (0, 64) and fake.calls == 2 and fake.texts == 5


@pytest.mark.minilm
def test_minilm_is_an_embedder_that_ranks_by_meaning() -> None:
    from app.core.knowledge.embeddings import MINILM_DIM, minilm

    model = minilm()
    assert isinstance(model, Embedder) and model.dim == MINILM_DIM
    vecs = model.embed(
        [
            "How do I ask a member for a one-to-one?",
            "Requesting a 1-2-1 meeting with a member",
            "Recipe for banana bread",
        ]
    )
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > 0.5 > 0.1 > vecs[0] @ vecs[2]
