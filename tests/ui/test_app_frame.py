"""The frame around every page: navigation, sidebar engine label, demo-grade warning, lazy start-up."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from app.core.llm import FakeChatModel
from app.core.llm.base import EngineInfo
from app.core.services import Services

from .helpers import ENTRY, no_exception, open_app

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("home", "rehearse", "followups", "referkit", "knowledge", "history", "settings")


def test_every_page_is_registered(services):
    at = open_app(services)
    for name in PAGES:
        at.switch_page(f"ui/pages/{name}.py")  # raises if st.navigation does not know the page
    assert len(at.sidebar.markdown) >= 1


def test_demo_grade_model_gets_a_plain_warning(settings):
    model = FakeChatModel(default="hi")
    model.info = EngineInfo(engine="local", model="SmolLM2-135M-Instruct")
    at = open_app(Services(settings, model=model))
    no_exception(at)
    warning = " ".join(w.value for w in at.sidebar.warning)
    assert "demo-grade" in warning and "Settings" in warning
    assert "local · SmolLM2-135M-Instruct" in at.sidebar.markdown[0].value


def test_real_model_has_no_demo_warning(settings):
    model = FakeChatModel(default="hi")
    model.info = EngineInfo(engine="openai", model="gpt-4o-mini", endpoint="https://api.openai.com/v1")
    at = open_app(Services(settings, model=model))
    assert not at.sidebar.warning
    assert "openai · gpt-4o-mini @ https://api.openai.com/v1" in at.sidebar.markdown[0].value


def test_broken_engine_setting_is_explained_in_the_sidebar(monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_ENGINE", "local")
    monkeypatch.setenv("COACH_LOCAL_MODEL", str(tmp_path / "missing.gguf"))
    at = open_app()
    no_exception(at)
    assert any("missing.gguf" in e.value for e in at.sidebar.error)
    assert at.title[0].value == "1-2-1 Coach"  # the page itself still works


def test_first_page_loads_no_model_embeddings_or_index(tmp_path):
    """In a fresh interpreter: render Home, then check that nothing heavy was imported."""
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(ENTRY)!r}, default_timeout=60).run()\n"
        "assert not at.exception, at.exception\n"
        "assert at.title[0].value == '1-2-1 Coach'\n"
        "heavy = [m for m in ('chromadb', 'onnxruntime', 'llama_cpp', 'tokenizers', 'openai') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    env = {
        "COACH_DATA_DIR": str(tmp_path),
        "COACH_BLOCK_MODEL_CALLS": "1",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "HEAVY=\n" in out.stdout, out.stdout


def test_streamlit_config_and_secrets_example():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["headless"] is True and config["server"]["runOnSave"] is False
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"  # never a traceback in the browser
    example = (ROOT / ".streamlit" / "secrets.toml.example").read_text()
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "COACH_ENGINE",
        "COACH_MODEL",
        "COACH_LOCAL_MODEL",
        "COACH_DATA_DIR",
        "CHROMA_HOST",
        "CHROMA_PORT",
    ):
        assert name in example
    assert (
        not (ROOT / ".streamlit" / "secrets.toml").exists()
        or "secrets.toml" in (ROOT / ".gitignore").read_text()
    )
