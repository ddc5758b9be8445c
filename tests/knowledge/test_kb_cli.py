"""`coach ingest`, `coach search` and `coach knowledge` through the real entry point, on the fakes.

The same commands in a fresh process on the real MiniLM and Chroma: test_kb_real.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.knowledge.index import KnowledgeBase
from app.core.services import Services


@pytest.fixture
def cli(kb: KnowledgeBase, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """Run `coach --data-dir DIR ...` with the fake-backed fixture library; returns (exit code, stdout, stderr).

    Every run shares one knowledge base, as every run of the real command shares one index.
    """
    monkeypatch.setattr(Services, "knowledge", property(lambda self: kb))

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_ingest_json_and_exit_codes(cli, tmp_path: Path) -> None:
    good = tmp_path / "club.md"
    good.write_text(
        "# Club Rules\n\nMembers arrive ten minutes early to network before the meeting.\n", encoding="utf-8"
    )
    bad = tmp_path / "photo.png"
    bad.write_bytes(b"\x89PNG\r\n")

    code, out, _ = cli("ingest", str(good), str(bad), "--json")
    assert code == 1
    data = json.loads(out)
    assert data == {
        "indexed": [str(good)],
        "unchanged": [],
        "skipped": [
            {"path": str(bad), "reason": "Unsupported file type '.png': use .md, .txt, .html or .pdf."}
        ],
    }
    code, out, _ = cli("ingest", str(good), "--json")
    assert code == 0 and json.loads(out)["unchanged"] == [str(good)]
    code, out, _ = cli("ingest", str(good))
    assert code == 0 and "0 indexed, 1 unchanged, 0 skipped." in out

    code, _, err = cli("ingest", str(tmp_path / "nope.md"))
    assert code == 2 and "No such file or folder" in err
    with pytest.raises(SystemExit) as exc:
        cli("ingest")
    assert exc.value.code == 2


def test_search_list_show_remove(cli, tmp_path: Path) -> None:
    doc = tmp_path / "breakfast.txt"
    doc.write_text(
        "Breakfast Meetings\n\nThe chapter breakfast costs twelve pounds including coffee.\n",
        encoding="utf-8",
    )
    assert cli("ingest", str(doc))[0] == 0

    code, out, _ = cli("search", "how much does breakfast cost", "--k", "2", "--json")
    assert code == 0
    results = json.loads(out)["results"]
    assert 1 <= len(results) <= 2
    assert set(results[0]) == {"source", "title", "heading", "text", "score", "relevance"}
    assert results[0]["source"] == str(doc) and "twelve pounds" in results[0]["text"]
    code, out, _ = cli("search", "coffee", "--origin", "library", "--json")
    assert code == 0 and all(r["source"].startswith("lib/articles/") for r in json.loads(out)["results"])
    assert cli("search", "coffee", "--k", "0")[0] == 2
    code, out, _ = cli("search", "watering tomatoes")
    assert code == 0 and "[1]" in out
    code, out, _ = cli("search", "cost", "--source", str(doc), "--json")
    assert code == 0 and {r["source"] for r in json.loads(out)["results"]} == {str(doc)}
    code, out, err = cli("search", "cost", "--source", "no-such-file.md")
    assert code == 2 and "No document 'no-such-file.md'" in err and out == ""

    code, out, _ = cli("search", "asdfgh qwerty zxcvb")  # shares no word with anything indexed
    assert (
        code == 0
        and out.startswith("Nothing in the library matches \u201casdfgh qwerty zxcvb\u201d")
        and "[1]" not in out
    )
    code, out, _ = cli("search", "asdfgh qwerty zxcvb", "--json")
    assert (
        code == 0
        and json.loads(out)["results"] == []
        and "Nothing in the library" in json.loads(out)["message"]
    )

    code, out, _ = cli("knowledge", "list", "--json")
    docs = {d["source"]: d for d in json.loads(out)["documents"]}
    assert (
        code == 0
        and docs[str(doc)]["origin"] == "user"
        and docs["lib/articles/coffee-meeting.md"]["origin"] == "library"
    )
    code, out, _ = cli("knowledge", "show", str(doc))
    assert code == 0 and "twelve pounds" in out

    code, _, err = cli("knowledge", "remove", "lib/articles/coffee-meeting.md")
    assert code == 2 and "built-in library" in err
    assert cli("knowledge", "remove", str(doc))[0] == 0
    code, _, err = cli("knowledge", "remove", str(doc))
    assert code == 2 and "No document" in err
    assert cli("knowledge", "remove")[0] == 2
