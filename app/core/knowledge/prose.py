"""Which pieces of a passage may be quoted as a citation: whole prose sentences, never structure.

A passage is a verbatim slice of its document, so it can hold a Markdown table ("| Business | What
the prospect might say |"), a heading, a list label or a dangling fragment. Quoted alone, those say
nothing. `quotable_sentences(text)` lists the sentences worth quoting, each a verbatim substring
of the text, so a quote picked from them passes `citations.quote_in` unchanged.
"""

from __future__ import annotations

import re

MIN_WORDS = 6
MAX_WORDS = 45
MAX_CHARS = 240

_LIST_MARK = re.compile(r"^(?:[-*+\u2022]|\d+[.)])\s+")
_LABEL = re.compile(r"^\*\*[^*]{1,40}\*\*:?\s*")  # "**Instead:** describe ..." -> "describe ..."
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'\u201d\u2019)]*|$)")
_ENDS_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
_STARTS_SENTENCE = re.compile(r"^[\"'\u201c\u2018(]?[A-Z0-9]")
_MARKUP = ("|", "](", "**", "__", "`", "<", ">", "#", "[", "]")


def is_structure(fragment: str) -> bool:
    """True for document structure rather than wording: a table row or rule, a heading, markup, a bare label."""
    text = fragment.strip()
    if not text:
        return True
    if text.count("|") >= 2 or re.fullmatch(r"[-|:=*_\s]+", text):
        return True  # a table row, a table's separator line, or a horizontal rule
    if text.startswith("#") or text.endswith(":"):
        return True  # a heading, or the label that introduces a list
    return len(text.split()) < 3  # a word or two is a label, not a statement


def is_prose(fragment: str) -> bool:
    """True for one whole, plain sentence of quotable length (no table, heading, link or emphasis markup)."""
    text = fragment.strip()
    words = len(text.split())
    if is_structure(text) or not MIN_WORDS <= words <= MAX_WORDS or len(text) > MAX_CHARS:
        return False
    if any(mark in text for mark in _MARKUP):
        return False
    if text.count('"') % 2 or text.count("\u201c") != text.count("\u201d"):
        return False  # half of a quotation
    return bool(_STARTS_SENTENCE.match(text) and _ENDS_SENTENCE.search(text))


def quotable_sentences(text: str) -> list[str]:
    """The prose sentences of a passage, in order, each a verbatim substring of `text`."""
    out: list[str] = []
    for line in text.splitlines():
        body = _LABEL.sub("", _LIST_MARK.sub("", line.strip()))
        if is_structure(body):
            continue
        for match in _SENTENCE.finditer(body):
            sentence = match.group(0).strip()
            if sentence and sentence in text and is_prose(sentence):
                out.append(sentence)
    return out
