"""HTML to blocks with the standard library parser: h1-h3 stay headings, page furniture is dropped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from app.core.errors import InputError
from app.core.knowledge.types import Block, LoadedDocument

# Content of these elements never reaches the index: code, styling and site navigation are not knowledge.
_DROP = {"script", "style", "nav", "noscript", "template", "svg", "footer", "form", "iframe", "button"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
# Elements that end a paragraph.
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "blockquote",
    "pre",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "figcaption",
    "header",
    "aside",
    "hr",
    "br",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class _Collector(HTMLParser):
    """Walks the tag stream and gathers headings and paragraphs in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.page_title = ""
        self._buf: list[str] = []
        self._drop_depth = 0
        self._drop_stack: list[str] = []
        self._heading: int = 0
        self._in_title = False
        self._in_pre = 0

    def _flush(self) -> None:
        raw = "".join(self._buf)
        text = raw.strip("\n") if self._in_pre else re.sub(r"[ \t\r\f\v]+", " ", raw)
        text = "\n".join(line.strip() for line in text.split("\n")).strip()
        if text:
            if self._heading:
                self.blocks.append(Block("heading", " ".join(text.split()), self._heading))
            else:
                self.blocks.append(Block("para", text))
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a heading, paragraph or dropped element."""
        if tag in _DROP and tag not in _VOID:
            self._drop_stack.append(tag)
            return
        if self._drop_stack:
            return
        if tag == "title":
            self._in_title = True
        elif tag in _HEADINGS:
            self._flush()
            self._heading = _HEADINGS[tag]
        elif tag == "li":
            self._flush()
            self._buf.append("- ")
        elif tag == "br":
            self._buf.append("\n")
        elif tag in _BLOCK:
            self._flush()
            if tag == "pre":
                self._in_pre += 1

    def handle_endtag(self, tag: str) -> None:
        """Close whatever the start tag opened."""
        if self._drop_stack:
            if tag == self._drop_stack[-1]:
                self._drop_stack.pop()
            return
        if tag == "title":
            self._in_title = False
        elif tag in _HEADINGS:
            self._flush()
            self._heading = 0
        elif tag in _BLOCK:
            self._flush()
            if tag == "pre" and self._in_pre:
                self._in_pre -= 1

    def handle_data(self, data: str) -> None:
        """Collect text unless inside a dropped element."""
        if self._drop_stack:
            return
        if self._in_title:
            self.page_title += data
        else:
            self._buf.append(data)


def parse_html(text: str, fallback_title: str) -> LoadedDocument:
    """Parse an HTML page: the <title> (or first h1) is the title; h1-h3 headings give the structure."""
    collector = _Collector()
    try:
        collector.feed(text)
        collector.close()
    except Exception:  # html.parser is lenient; anything it still rejects is not a usable page
        raise InputError("The HTML could not be parsed.") from None
    collector._flush()
    blocks = collector.blocks
    title = " ".join(collector.page_title.split())
    if not title:
        h1 = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
        title = h1.text if h1 else fallback_title
    lines = []
    for b in blocks:
        lines.append(f"{'#' * b.level} {b.text}" if b.kind == "heading" else b.text)
    return LoadedDocument(title=title, blocks=blocks, text="\n\n".join(lines) + "\n", kind="html", meta={})
