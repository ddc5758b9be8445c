"""PDF text extraction with pypdf: one heading per page so citations can say where a passage is."""

from __future__ import annotations

import io
import logging
import re

from app.core.errors import InputError
from app.core.knowledge.types import Block, LoadedDocument


def _paragraphs(page_text: str) -> list[str]:
    """Rebuild paragraphs from extracted lines: blank lines split, wrapped lines are joined."""
    text = page_text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        joined = lines[0]
        for ln in lines[1:]:
            # A hyphen at a line end is usually a word broken by wrapping.
            joined = joined[:-1] + ln if joined.endswith("-") and ln[:1].islower() else f"{joined} {ln}"
        out.append(joined)
    return out


def parse_pdf(data: bytes, fallback_title: str) -> LoadedDocument:
    """Extract the text layer of a PDF; a scanned PDF without text gets a clear reason."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError("The file is not a PDF (it does not start with a PDF header).")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly about harmless quirks
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise InputError("The PDF is password-protected.") from None
        pages = [page.extract_text() or "" for page in reader.pages]
        info_title = ""
        try:
            info_title = str(reader.metadata.get("/Title") or "").strip() if reader.metadata else ""
        except Exception:  # broken metadata should not block the text
            info_title = ""
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"The PDF could not be read ({type(exc).__name__}).") from None
    if not pages:
        raise InputError("The PDF has no pages.")
    blocks: list[Block] = []
    readable: list[str] = []
    for number, page_text in enumerate(pages, start=1):
        paras = _paragraphs(page_text)
        if not paras:
            continue
        label = f"Page {number}" if len(pages) > 1 else ""
        if label:
            blocks.append(Block("heading", label, 2))
            readable.append(f"## {label}")
        blocks.extend(Block("para", p) for p in paras)
        readable.extend(paras)
    if not blocks:
        raise InputError(
            "The PDF has no text layer (it may be a scanned image): export it with text or OCR it first."
        )
    title = info_title or fallback_title
    return LoadedDocument(title=title, blocks=blocks, text="\n\n".join(readable) + "\n", kind="pdf", meta={})
