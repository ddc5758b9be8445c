"""Where documents come from: expanding paths and folders, safe upload names, ids and content hashes."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from app.core.errors import InputError
from app.core.knowledge.loaders import KINDS

MAX_NAME_CHARS = 120


def content_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes (what 'unchanged' and 'duplicate' mean)."""
    return hashlib.sha256(data).hexdigest()


def doc_key(source: str) -> str:
    """A short readable id prefix for a source: 'running-a-1-2-1-3f9a0c12'."""
    stem = re.sub(r"[^a-z0-9]+", "-", Path(source).stem.lower()).strip("-")[:40] or "doc"
    return f"{stem}-{hashlib.sha1(source.encode('utf-8')).hexdigest()[:8]}"


def passage_id(source: str, position: int) -> str:
    """The stable id of one passage: it survives re-indexing as long as the source keeps its name."""
    return f"{doc_key(source)}#{position}"


def _visible(path: Path, root: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(root).parts)


def library_files(library_dir: Path) -> list[Path]:
    """Every supported, non-hidden file under the library folder, in a stable order."""
    if not library_dir.is_dir():
        return []
    return sorted(
        p
        for p in library_dir.rglob("*")
        if p.is_file() and p.suffix.lower() in KINDS and _visible(p, library_dir)
    )


def expand_paths(paths: list[str | Path]) -> list[tuple[str, Path | None, str | None]]:
    """Turn files and folders into (shown path, file, reason-if-unusable) rows, folders recursively.

    Hidden files and folders (".git", ".DS_Store") are ignored; every other file in a folder is listed,
    so that unsupported ones are reported rather than silently dropped.
    """
    rows: list[tuple[str, Path | None, str | None]] = []
    seen: set[str] = set()

    def add(shown: str, file: Path | None, reason: str | None) -> None:
        key = os.path.abspath(file) if file is not None else shown
        if key not in seen:
            seen.add(key)
            rows.append((shown, file, reason))

    for raw in paths:
        p = Path(raw).expanduser()
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and _visible(f, p))
            if not files:
                add(str(raw), None, "The folder has no files to index.")
            for f in files:
                add(os.path.abspath(f), f, None)
        elif p.is_file():
            add(os.path.abspath(p), p, None)
        elif p.exists():
            add(str(raw), None, "Not a regular file.")
        else:
            add(str(raw), None, "No such file or folder.")
    return rows


def safe_upload_name(name: str) -> str:
    """A file name safe to save in the uploads folder: no folders, no control characters, no leading dot."""
    base = (name or "").replace("\\", "/").split("/")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if ch.isprintable())
    base = re.sub(r"[^\w.\- ()&+,'\[\]]", "_", base).strip().lstrip(".").strip()
    if not base or base in (".", ".."):
        raise InputError("The upload has no usable file name.")
    if len(base) > MAX_NAME_CHARS:
        stem, ext = os.path.splitext(base)
        base = stem[: MAX_NAME_CHARS - len(ext)] + ext
    return base
