"""`coach review TRANSCRIPT.json [--json]` through the real entry point: output, JSON shape, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coach_transcripts import GOOD, POOR

from app.cli import main as cli_main
from app.core.coach import CHECK_IDS


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make sure `review` is registered (it is added to COMMAND_MODULES by the CLI's owner)."""
    if "app.cli.review_cmds" not in cli_main.COMMAND_MODULES:
        monkeypatch.setattr(cli_main, "COMMAND_MODULES", [*cli_main.COMMAND_MODULES, "app.cli.review_cmds"])


def _write(tmp_path: Path, turns, name: str = "t.json", **extra) -> Path:
    data = {
        "persona": extra.get("persona"),
        "scenario": extra.get("scenario"),
        "turns": [t.to_dict() for t in turns],
    }
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli_main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_shape(tmp_path, capsys, data_dir):
    path = _write(tmp_path, POOR, persona="busy-sceptic")
    code, out, err = _run(
        capsys, "--data-dir", str(data_dir), "review", str(path), "--json", "--no-citations"
    )
    assert code == 0, err
    data = json.loads(out)
    for key in ("checks", "score", "strengths", "improvements", "next_actions", "citations"):
        assert key in data
    assert [c["id"] for c in data["checks"]] == list(CHECK_IDS)
    assert all(set(c) == {"id", "passed", "evidence", "reason", "judge"} for c in data["checks"])
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100
    assert data["persona"] == "busy-sceptic"
    raw = path.read_text(encoding="utf-8")
    for c in data["checks"]:
        assert c["evidence"] is None or json.dumps(c["evidence"], ensure_ascii=False)[1:-1] in raw
    assert "[engine: offline" in err


def test_human_output_marks_checks_and_shows_evidence(tmp_path, capsys, data_dir):
    path = _write(tmp_path, GOOD)
    code, out, _ = _run(capsys, "--data-dir", str(data_dir), "review", str(path), "--no-citations")
    assert code == 0
    assert "Score: 100/100 (9 of 9 checks passed)" in out
    assert out.count("✓") == 9 and "✗" not in out
    assert '"What kind of clients do you usually look after?"' in out


def test_human_output_with_library_citations(tmp_path, capsys, shared_kb_dir, library_kb):
    path = _write(tmp_path, POOR)
    code, out, err = _run(capsys, "--data-dir", str(shared_kb_dir), "review", str(path))
    assert code == 0, err
    assert out.count("✗") >= 8
    assert "From the library" in out and ".md)" in out
    assert "Next time" in out and "Next actions" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not json", "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not UTF-8"),
        (b"[1, 2, 3]", "must be a JSON object"),
        (b'{"persona": null, "scenario": null, "turns": []}', "non-empty list"),
        (b'{"persona": 5, "turns": [{"speaker": "user", "text": "hi"}]}', "'persona' must be a string"),
        (b'{"turns": [{"speaker": "coach", "text": "hi"}]}', "'speaker' must be"),
        (b'{"turns": [{"speaker": "user", "text": 42}]}', "'text' must be a string"),
        (b'{"turns": ["hello"]}', "must be an object"),
        (
            b'{"turns": [{"speaker": "partner", "text": "Hello"}, {"speaker": "user", "text": "   "}]}',
            "no words from the user",
        ),
        (b'{"turns": [{"speaker": "user", "text": "\\ud83d\\ude42"}]}', "no words from you"),
    ],
)
def test_malformed_transcripts_exit_2_with_one_clear_line(tmp_path, capsys, data_dir, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    code, out, err = _run(capsys, "--data-dir", str(data_dir), "review", str(path), "--json")
    assert code == 2
    assert out == ""
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("coach: error:") and message in lines[0], err
    assert "Traceback" not in err


def test_missing_file_and_directory_exit_2(tmp_path, capsys, data_dir):
    for target in (tmp_path / "nope.json", tmp_path):
        code, _, err = _run(capsys, "--data-dir", str(data_dir), "review", str(target))
        assert code == 2 and "No transcript file" in err


def test_missing_argument_is_a_usage_error(capsys, data_dir):
    with pytest.raises(SystemExit) as exc:
        cli_main.main(["--data-dir", str(data_dir), "review"])
    assert exc.value.code == 2
    assert "TRANSCRIPT.json" in capsys.readouterr().err
