"""Prompts are versioned YAML files in `prompts/`, loaded into langchain-core ChatPromptTemplates.

A file `prompts/<name>.v<N>.yaml` holds::

    name: partner_reply
    version: 1
    description: one line
    input_variables: [persona, context]
    messages:
      - {role: system, content: "You are {persona} ..."}
      - {role: placeholder, name: history}     # a list of messages, e.g. the conversation
      - {role: human, content: "..."}

Declared variables must match the template exactly (checked at load time), and formatting with a
missing or unexpected variable is a PromptError - never a silent blank in a prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from langchain_core.messages import BaseMessage
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

from app.core.datafile import parse_yaml
from app.core.errors import PromptError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_FILE = re.compile(r"^(?P<name>[a-z0-9_]+)\.v(?P<version>\d+)\.yaml$")
_ROLES = {"system": "system", "human": "human", "user": "human", "ai": "ai", "assistant": "ai"}


@dataclass(frozen=True)
class Prompt:
    """A loaded prompt: its identity (recorded with everything it produces) and its template."""

    name: str
    version: int
    description: str
    variables: frozenset[str]
    template: ChatPromptTemplate

    @property
    def ref(self) -> str:
        """The identity saved with results, e.g. 'partner_reply@v1'."""
        return f"{self.name}@v{self.version}"

    def format(self, **values: Any) -> list[BaseMessage]:
        """Fill the template; a missing or unexpected variable is a PromptError."""
        given = set(values)
        missing = self.variables - given
        extra = given - self.variables
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(sorted(missing))}")
            if extra:
                parts.append(f"unexpected {', '.join(sorted(extra))}")
            raise PromptError(f"Prompt {self.ref}: {'; '.join(parts)}.")
        return self.template.format_messages(**values)


def available(directory: Path = PROMPTS_DIR) -> dict[str, list[int]]:
    """Map each prompt name to its available versions, ascending."""
    found: dict[str, list[int]] = {}
    for path in directory.glob("*.yaml"):
        m = _FILE.match(path.name)
        if m:
            found.setdefault(m["name"], []).append(int(m["version"]))
    return {k: sorted(v) for k, v in found.items()}


@lru_cache(maxsize=64)
def load_prompt(name: str, version: int | None = None, directory: Path = PROMPTS_DIR) -> Prompt:
    """Load a prompt by name (latest version unless one is given); problems are PromptErrors."""
    versions = available(directory).get(name)
    if not versions:
        raise PromptError(f"No prompt file named {name!r} in prompts/.")
    version = versions[-1] if version is None else version
    if version not in versions:
        raise PromptError(f"Prompt {name!r} has no version {version} (have {versions}).")
    path = directory / f"{name}.v{version}.yaml"
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PromptError(f"Prompt file {path.name} could not be read: {exc}") from None
    if not isinstance(data, dict) or data.get("name") != name or data.get("version") != version:
        raise PromptError(f"Prompt file {path.name} must declare name: {name} and version: {version}.")
    declared = frozenset(data.get("input_variables") or [])
    parts: list[Any] = []
    for i, msg in enumerate(data.get("messages") or []):
        role = msg.get("role")
        if role == "placeholder":
            parts.append(MessagesPlaceholder(msg["name"]))
        elif role in _ROLES and isinstance(msg.get("content"), str):
            parts.append((_ROLES[role], msg["content"]))
        else:
            raise PromptError(f"Prompt file {path.name}: message {i + 1} has an unknown role or no content.")
    if not parts:
        raise PromptError(f"Prompt file {path.name} has no messages.")
    try:
        template = ChatPromptTemplate.from_messages(parts)
    except (ValueError, KeyError) as exc:
        raise PromptError(f"Prompt file {path.name} is not a valid template: {exc}") from None
    actual = frozenset(template.input_variables) | frozenset(template.optional_variables)
    if actual != declared:
        raise PromptError(
            f"Prompt file {path.name}: declared variables {sorted(declared)} do not match the template's {sorted(actual)}."
        )
    return Prompt(name, version, str(data.get("description", "")), declared, template)
