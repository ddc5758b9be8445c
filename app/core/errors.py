"""Domain errors. Every failure a user can cause or meet is one of these, with a message fit to show.

CoachError                 base: ``str(err)`` is one clear sentence for the user
├── ConfigError            a setting is missing or invalid
├── InputError             bad user input (form field, file, CLI argument, CSV row)
├── NotFoundError          an unknown id (persona, scenario, session, draft, document)
├── PromptError            a prompt file is missing, malformed or given the wrong variables
├── ModelError             a language model call failed after retries (names endpoint and cause)
│   └── ModelCallBlocked   a real model call was attempted while calls are forbidden (tests)
├── KnowledgeError         ingestion, embedding or index problems
└── StoreError             the database could not be read or written
"""

from __future__ import annotations


class CoachError(Exception):
    """Base class: the message is meant for the user and never contains secrets."""


class ConfigError(CoachError):
    """A setting is missing or has an invalid value."""


class InputError(CoachError):
    """The user gave input we cannot use; the message says what to change."""


class NotFoundError(CoachError):
    """Something was asked for by an id that does not exist."""


class PromptError(CoachError):
    """A prompt file is missing, malformed, or used with the wrong variables."""


class ModelError(CoachError):
    """A model call failed for good: carries the endpoint, the cause and the attempt count."""

    def __init__(self, message: str, *, endpoint: str = "", cause: str = "", attempts: int = 0):
        super().__init__(message)
        self.endpoint = endpoint
        self.cause = cause
        self.attempts = attempts


class ModelCallBlocked(ModelError):
    """A real model call was attempted while real calls are switched off (the default test run)."""


class KnowledgeError(CoachError):
    """Ingestion, embedding or vector-index failure."""


class StoreError(CoachError):
    """The local database could not be read or written."""
