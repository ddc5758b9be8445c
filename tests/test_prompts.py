"""Prompt files: versioned, checked at load time, and strict about variables at format time."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.prompts import MessagesPlaceholder

from app.core.errors import PromptError
from app.core.prompts import PROMPTS_DIR, available, load_prompt


def write(directory: Path, filename: str, body: str) -> Path:
    path = directory / filename
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


GREETING_V1 = """
    name: greeting
    version: 1
    description: Say hello.
    input_variables: [name]
    messages:
      - {role: system, content: "You greet people."}
      - {role: human, content: "Greet {name}."}
"""
GREETING_V2 = """
    name: greeting
    version: 2
    description: Say hello with history.
    input_variables: [name, history]
    messages:
      - {role: system, content: "You greet {name} warmly."}
      - {role: placeholder, name: history}
      - {role: user, content: "Now greet {name} again."}
"""


@pytest.fixture
def prompts_dir(tmp_path: Path) -> Path:
    d = tmp_path / "prompts"
    d.mkdir()
    write(d, "greeting.v1.yaml", GREETING_V1)
    write(d, "greeting.v2.yaml", GREETING_V2)
    return d


def test_latest_version_by_default(prompts_dir):
    p = load_prompt("greeting", directory=prompts_dir)
    assert (p.version, p.ref) == (2, "greeting@v2")
    assert p.variables == {"name", "history"}


def test_explicit_version_and_format(prompts_dir):
    p = load_prompt("greeting", 1, directory=prompts_dir)
    assert p.ref == "greeting@v1"
    assert p.description == "Say hello."
    msgs = p.format(name="Priya")
    assert isinstance(msgs[0], SystemMessage) and isinstance(msgs[1], HumanMessage)
    assert msgs[1].content == "Greet Priya."


def test_placeholder_takes_a_list_of_messages(prompts_dir):
    history = [HumanMessage("hi"), AIMessage("hello")]
    msgs = load_prompt("greeting", directory=prompts_dir).format(name="Sam", history=history)
    assert [m.content for m in msgs] == ["You greet Sam warmly.", "hi", "hello", "Now greet Sam again."]
    assert isinstance(msgs[-1], HumanMessage)  # "user" is accepted as an alias of "human"


def test_available_lists_versions_ascending_and_ignores_other_files(prompts_dir):
    write(prompts_dir, "greeting.v10.yaml", GREETING_V1.replace("version: 1", "version: 10"))
    write(prompts_dir, "notes.txt", "not a prompt")
    write(prompts_dir, "Bad-Name.v1.yaml", GREETING_V1)
    assert available(prompts_dir) == {"greeting": [1, 2, 10]}
    assert load_prompt("greeting", directory=prompts_dir).version == 10  # numeric, not text, order


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({}, "missing name"),
        ({"name": "A", "tone": "warm"}, "unexpected tone"),
        ({"nme": "A"}, "missing name; unexpected nme"),
    ],
)
def test_wrong_variables_at_format_time(prompts_dir, kwargs, words):
    p = load_prompt("greeting", 1, directory=prompts_dir)
    with pytest.raises(PromptError, match=re.escape(words)):
        p.format(**kwargs)


def test_missing_name_or_version_is_a_prompt_error(prompts_dir):
    with pytest.raises(PromptError, match="No prompt file named 'farewell'"):
        load_prompt("farewell", directory=prompts_dir)
    with pytest.raises(PromptError, match="no version 7"):
        load_prompt("greeting", 7, directory=prompts_dir)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        # a template variable that is not declared
        (GREETING_V1.replace("Greet {name}.", "Greet {name} from {company}."), "do not match"),
        # a declared variable the template never uses
        (GREETING_V1.replace("[name]", "[name, company]"), "do not match"),
        # a declared placeholder that is not in the template
        (GREETING_V1.replace("[name]", "[name, history]"), "do not match"),
        (GREETING_V1.replace("name: greeting", "name: other"), "must declare name: greeting"),
        (GREETING_V1.replace("version: 1", "version: 3"), "version: 1"),
        (GREETING_V1.replace("role: system", "role: narrator"), "unknown role"),
        (GREETING_V1.split("messages:")[0] + "messages: []\n", "no messages"),
        ("name: greeting\nversion: 1\nmessages: [unclosed\n", "could not be read"),
        ("- just\n- a list\n", "must declare"),
    ],
)
def test_malformed_files_fail_at_load_time(tmp_path, body, words):
    write(tmp_path, "greeting.v1.yaml", body)
    with pytest.raises(PromptError, match=words):
        load_prompt("greeting", directory=tmp_path)


def test_literal_braces_are_allowed_when_escaped(tmp_path):
    body = """
        name: greeting
        version: 1
        description: JSON example in the prompt.
        input_variables: [name]
        messages:
          - role: human
            content: 'Greet {name}. Reply as JSON: {{"greeting": "..."}}'
    """
    write(tmp_path, "greeting.v1.yaml", body)
    msgs = load_prompt("greeting", directory=tmp_path).format(name="Lee")
    assert msgs[0].content == 'Greet Lee. Reply as JSON: {"greeting": "..."}'


# -- the real prompt files ----------------------------------------------------------------------
REAL = [(name, v) for name, versions in sorted(available(PROMPTS_DIR).items()) for v in versions]


def test_prompt_folder_has_files():
    assert REAL, "prompts/ holds no <name>.v<N>.yaml files"
    assert all(re.fullmatch(r"[a-z0-9_]+\.v\d+\.yaml", p.name) for p in PROMPTS_DIR.glob("*.yaml"))


@pytest.mark.parametrize(("name", "version"), REAL, ids=[f"{n}@v{v}" for n, v in REAL])
def test_every_real_prompt_loads_and_formats(name, version):
    p = load_prompt(name, version)
    assert p.ref == f"{name}@v{version}"
    assert p.description.strip(), f"{p.ref} needs a one-line description"
    placeholders = {m.variable_name for m in p.template.messages if isinstance(m, MessagesPlaceholder)}
    values = {
        v: ([HumanMessage("earlier turn")] if v in placeholders else f"<{v}-value>") for v in p.variables
    }
    msgs = p.format(**values)
    assert msgs, f"{p.ref} produced no messages"
    text = "\n".join(str(m.content) for m in msgs)
    for v in p.variables - placeholders:
        assert f"<{v}-value>" in text  # every declared variable really lands in the prompt
        assert "{" + v + "}" not in text
    with pytest.raises(PromptError):
        p.format(**values, surprise_variable="x")
