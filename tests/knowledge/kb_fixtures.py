"""Fixture documents and a fake embedder shared by the knowledge tests."""

from __future__ import annotations

import hashlib
import re

import numpy as np

ARTICLE_COFFEE = """---
title: Planning a Coffee Meeting
summary: How to prepare a short coffee meeting with another member.
tags: [fixture, coffee]
sources:
  - "Fixture text written for tests"
---
# Planning a Coffee Meeting

A coffee meeting works best when both people know why they are there. Agree the purpose before you meet.
Bring a short list of questions about the other person's clients.

## Before the meeting

Send a calendar invitation with the place and the time. Add a one-line agenda so nobody is surprised.
Read the other member's website and note two things you want to ask about.

## During the meeting

Let the other person talk first. Ask who their best client was last year and why.
Write down the words they use when they describe a good introduction.

### Closing the meeting

Agree one next step each. Thank them and say when you will follow up.
"""

ARTICLE_GARDEN = """---
title: Looking After a Vegetable Garden
summary: Watering, soil and harvest basics.
tags: [fixture, garden]
---
# Looking After a Vegetable Garden

Tomatoes need deep watering twice a week in dry weather. Water the soil, not the leaves, to avoid mildew.

## Soil

Dig compost into the beds every autumn. Rotate crops so that the same family does not grow in one bed two years running.

## Harvest

Pick courgettes while they are small and tender. Beans keep producing if you pick them often.
"""


class FakeEmbedder:
    """A deterministic bag-of-words embedder with a configurable size, for model-switch tests."""

    def __init__(self, dim: int = 16, name: str | None = None):
        self.dim = dim
        self.name = name or f"fake-hash-{dim}"
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        """Hash each word into a bucket; rows are L2-normalised."""
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
            norm = float(np.linalg.norm(out[i]))
            if norm == 0.0:
                out[i, 0] = 1.0
            else:
                out[i] /= norm
        return out
