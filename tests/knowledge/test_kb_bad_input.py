"""A folder of bad files: each gets exactly one clear reason, the good ones are indexed, the index stays consistent."""

from __future__ import annotations

from pathlib import Path

from kb_pdfmaker import make_pdf

from app.core.knowledge.index import KnowledgeBase

GOOD_MD = "# Host Team\n\nThe host team greets visitors at the door and introduces them to two members.\n"


def _corpus(root: Path) -> dict[str, str]:
    """Write the corpus; return {file name: expected reason fragment} for the bad ones."""
    root.mkdir()
    (root / "good.md").write_text(GOOD_MD, encoding="utf-8")
    (root / "good.pdf").write_bytes(make_pdf([["Visitors pay a small fee for breakfast."]]))
    (root / "empty.md").write_bytes(b"")
    (root / "binary.md").write_bytes(bytes(range(256)) * 8)
    (root / "setup.exe").write_bytes(b"MZ\x90\x00\x03\x00")
    (root / "latin1.txt").write_bytes("Réunion du café: ordre du jour.".encode("cp1252"))
    (root / "oversize.txt").write_text("referral " * 2000, encoding="utf-8")  # ~18 KB, over the 0.01 MB limit
    (root / "second-copy.md").write_text(GOOD_MD, encoding="utf-8")
    (root / "scan.pdf").write_bytes(make_pdf([[]]))
    (root / ".hidden.md").write_text("ignored", encoding="utf-8")
    return {
        "empty.md": "The file is empty.",
        "binary.md": "binary data",
        "setup.exe": "Unsupported file type '.exe'",
        "latin1.txt": "not UTF-8",
        "oversize.txt": "over the 0.01 MB limit",
        "second-copy.md": "Same content as",
        "scan.pdf": "no text layer",
    }


def test_bad_files_get_one_reason_each_and_the_batch_continues(
    settings, fixture_library: Path, tmp_path: Path, embedder, store
) -> None:
    kb = KnowledgeBase(
        settings.with_overrides(max_upload_mb=0.01), embedder, library_dir=fixture_library, store=store
    )
    folder = tmp_path / "corpus"
    expected = _corpus(folder)
    report = kb.ingest([folder, tmp_path / "missing.md"])
    assert sorted(Path(p).name for p in report.indexed) == ["good.md", "good.pdf"]
    reasons = {Path(p).name: r for p, r in report.skipped}
    assert len(report.skipped) == len(expected) + 1  # one entry per bad file, plus the missing path
    for name, fragment in expected.items():
        assert fragment in reasons[name], (name, reasons[name])
    assert reasons["missing.md"] == "No such file or folder."
    assert all(r.endswith(".") and "\n" not in r for r in reasons.values())

    # The index holds exactly the library plus the two good files, and they are searchable.
    docs = {Path(d.source).name for d in kb.list_documents() if d.origin == "user"}
    assert docs == {"good.md", "good.pdf"}
    assert kb.search("who greets visitors at the door", k=1, filters={"origin": "user"})[0].source.endswith(
        "good.md"
    )

    # Running again: good files unchanged, bad files give the same reasons, nothing else moves.
    again = kb.ingest([folder])
    assert sorted(Path(p).name for p in again.unchanged) == ["good.md", "good.pdf"]
    assert {Path(p).name: r for p, r in again.skipped} == {
        k: v for k, v in reasons.items() if k != "missing.md"
    }


def test_a_good_file_that_turns_bad_keeps_its_indexed_version(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "agenda.md"
    path.write_text("# Agenda\n\nOpen networking starts at seven sharp.\n", encoding="utf-8")
    kb.ingest([path])
    path.write_bytes(b"")
    report = kb.ingest([path])
    assert report.skipped == [(str(path), "The file is empty. The previously indexed version is kept.")]
    assert (
        "seven sharp"
        in kb.search("when does open networking start", k=1, filters={"source": str(path)})[0].text
    )


def test_bad_upload_is_not_saved(kb: KnowledgeBase) -> None:
    report = kb.ingest_upload("../evil/run.exe", b"MZ\x90")
    assert report.skipped == [
        ("uploads/run.exe", "Unsupported file type '.exe': use .md, .txt, .html or .pdf.")
    ]
    assert not (kb.uploads_dir / "run.exe").exists()
    binary = kb.ingest_upload("notes.md", b"\x00\x01\x02" * 50)
    assert "binary" in binary.skipped[0][1] and not (kb.uploads_dir / "notes.md").exists()
