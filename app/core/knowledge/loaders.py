"""Turn a file's bytes into a LoadedDocument (Markdown, plain text, HTML, PDF), or one clear reason why not.

Every rejection is an InputError whose message is the reason shown next to the file name.
Text must be UTF-8 (a BOM is fine, UTF-16 with a BOM is accepted too). Other encodings are refused
rather than guessed: a wrong guess would index garbled text that nobody notices until a citation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.core.errors import InputError
from app.core.knowledge.types import Block, LoadedDocument

KINDS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
SUPPORTED_LABEL = ".md, .txt, .html or .pdf"
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


def kind_of(name: str) -> str:
    """The loader kind for a file name, or an InputError naming the supported types."""
    ext = Path(name).suffix.lower()
    if ext not in KINDS:
        shown = f"'{ext}'" if ext else "without an extension"
        raise InputError(f"Unsupported file type {shown}: use {SUPPORTED_LABEL}.")
    return KINDS[ext]


def check_size(size: int, limit_mb: float) -> None:
    """Refuse files that are empty or larger than the upload limit."""
    if size == 0:
        raise InputError("The file is empty.")
    if size > limit_mb * 1024 * 1024:
        raise InputError(f"The file is {size / 1024 / 1024:.1f} MB, over the {limit_mb:g} MB limit.")


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (or BOM-marked UTF-16) text; refuse binary content and other encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("The file claims to be UTF-16 text but cannot be decoded.") from None
    head = data[:8192]
    if b"\x00" in head or _control_ratio(head) > 0.1:
        raise InputError("The file looks like binary data, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The file is not UTF-8 text (invalid byte at position {exc.start}): save it as UTF-8 and try again."
        ) from None


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(data)


def load_bytes(name: str, data: bytes) -> LoadedDocument:
    """Parse a file's content by its extension; raise InputError with the reason if it cannot be used."""
    kind = kind_of(name)
    if not data:
        raise InputError("The file is empty.")
    fallback = title_from_name(name)
    if kind == "pdf":
        from app.core.knowledge.pdf_loader import parse_pdf

        doc = parse_pdf(data, fallback)
    else:
        text = decode_text(data)
        if not text.strip():
            raise InputError("The file is empty.")
        if kind == "markdown":
            doc = parse_markdown(text, fallback)
        elif kind == "html":
            from app.core.knowledge.html_loader import parse_html

            doc = parse_html(text, fallback)
        else:
            doc = parse_text(text, fallback)
    if not any(b.kind == "para" and b.text.strip() for b in doc.blocks):
        raise InputError("The file has no text to index.")
    return doc


def title_from_name(name: str) -> str:
    """A readable title from a file name: 'asking-for-a-1-2-1.md' -> 'Asking for a 1-2-1'."""
    stem = Path(name).stem.replace("_", " ").strip()
    stem = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])|(?<=[A-Za-z])-(?=\d)|(?<=\d)-(?=[A-Za-z])", " ", stem)
    return (stem[:1].upper() + stem[1:]) if stem else "Untitled"


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter ('---' ... '---') from a Markdown body; invalid YAML is a clear error."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            import yaml

            raw = "\n".join(lines[1:i])
            try:
                data = yaml.safe_load(raw) if raw.strip() else {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" (line {mark.line + 2})" if mark is not None else ""
                raise InputError(f"The front matter is not valid YAML{where}.") from None
            body = "\n".join(lines[i + 1 :])
            return (data if isinstance(data, dict) else {}), body
    return {}, text  # no closing line: treat the dashes as ordinary text


def parse_markdown(text: str, fallback_title: str) -> LoadedDocument:
    """Markdown with optional front matter: '#' headings become structure, blank lines split paragraphs."""
    meta, body = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[Block] = []
    para: list[str] = []
    in_fence = False

    def flush() -> None:
        joined = "\n".join(para).strip()
        if joined:
            blocks.append(Block("para", joined))
        para.clear()

    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            para.append(line)
            continue
        if in_fence:
            para.append(line)
            continue
        m = _HEADING.match(line)
        if m:
            flush()
            blocks.append(Block("heading", m.group(2).strip(), len(m.group(1))))
        elif not line.strip() or _RULE.match(line):
            flush()
        else:
            para.append(line.rstrip())
    flush()
    title = str(meta.get("title") or "").strip()
    if not title:
        first_h1 = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
        title = first_h1.text if first_h1 else fallback_title
    meta = {k: v for k, v in meta.items() if isinstance(k, str)}
    return LoadedDocument(title=title, blocks=blocks, text=body.strip() + "\n", kind="markdown", meta=meta)


def parse_text(text: str, fallback_title: str) -> LoadedDocument:
    """Plain text: blank lines split paragraphs; a short first line without a full stop is the title."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    title = fallback_title
    if paras:
        first = paras[0]
        if "\n" not in first and len(first) <= 100 and not first.endswith((".", "!", "?", ":", ";", ",")):
            title = first
            paras = paras[1:] or paras  # a one-line file keeps its line as text too
    blocks = [Block("para", p) for p in paras]
    return LoadedDocument(title=title, blocks=blocks, text=text.strip() + "\n", kind="text", meta={})
