"""Fixture documents shared by the knowledge tests (the fake embedder is app.core.knowledge.hash_embedder)."""

from __future__ import annotations

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
