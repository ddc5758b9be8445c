"""Settings with one precedence rule: CLI flag > environment > secrets.toml > saved settings > defaults.

The API key is held in a `Secret` that never prints itself, and `save_settings` refuses to write it.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from app.core.errors import ConfigError

ENGINES = ("offline", "local", "openai")
EMBEDDINGS = ("minilm", "openai")
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
DEFAULT_OPENAI_EMBEDDING = "text-embedding-3-small"
SETTINGS_FILE = "settings.json"

# Setting name -> environment / secrets key. Secrets use the same names as the environment.
ENV_NAMES: dict[str, str] = {
    "engine": "COACH_ENGINE",
    "model": "COACH_MODEL",
    "data_dir": "COACH_DATA_DIR",
    "openai_api_key": "OPENAI_API_KEY",
    "openai_base_url": "OPENAI_BASE_URL",
    "local_model": "COACH_LOCAL_MODEL",
    "local_threads": "COACH_LOCAL_THREADS",
    "embedding": "COACH_EMBEDDING",
    "embedding_model": "COACH_EMBEDDING_MODEL",
    "chroma_host": "CHROMA_HOST",
    "chroma_port": "CHROMA_PORT",
    "max_upload_mb": "COACH_MAX_UPLOAD_MB",
    "max_uploads": "COACH_MAX_UPLOADS",
    "max_message_chars": "COACH_MAX_MESSAGE_CHARS",
    "request_timeout": "COACH_REQUEST_TIMEOUT",
    "total_timeout": "COACH_TOTAL_TIMEOUT",
    "max_retries": "COACH_MAX_RETRIES",
}
# Never read from nor written to the saved-settings file.
NOT_SAVED = {"openai_api_key", "data_dir"}


class Secret:
    """A string that masks itself everywhere it could be printed, logged or serialised."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def get(self) -> str:
        """Return the real value (only for handing to the SDK)."""
        return self._value

    def masked(self) -> str:
        """Return a display form that shows at most the last four characters."""
        if not self._value:
            return ""
        tail = self._value[-4:] if len(self._value) >= 12 else ""
        return f"••••{tail}"

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('••••')"

    __str__ = masked

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def default_data_dir() -> Path:
    """Return the per-user data folder (never inside the repository)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("one-two-one-coach", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Every setting of the product, already resolved by precedence."""

    engine: str = "offline"
    model: str = ""
    data_dir: Path = field(default_factory=default_data_dir)
    openai_api_key: Secret = field(default_factory=lambda: Secret(""))
    openai_base_url: str = ""
    local_model: str = ""
    local_threads: int = 0  # 0 = automatic (half the cores; see local_engine)
    embedding: str = "minilm"
    embedding_model: str = ""
    chroma_host: str = ""
    chroma_port: int = 8000
    max_upload_mb: float = 10.0
    max_uploads: int = 200
    max_message_chars: int = 4000
    request_timeout: float = 60.0
    total_timeout: float = 180.0
    max_retries: int = 3
    # Where each value came from: "cli", "env", "secrets", "saved" or "default".
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def effective_model(self) -> str:
        """The model name the active engine will use."""
        if self.model:
            return self.model
        if self.engine == "openai":
            return DEFAULT_OPENAI_MODEL
        if self.engine == "local":
            return Path(self.local_model).name if self.local_model else "SmolLM2-135M-Instruct"
        return "none"

    @property
    def effective_embedding_model(self) -> str:
        """The embedding model name recorded with the index."""
        if self.embedding == "openai":
            return self.embedding_model or DEFAULT_OPENAI_EMBEDDING
        return "all-MiniLM-L6-v2-int8"

    @property
    def chroma_server(self) -> bool:
        """True when a shared Chroma server is configured instead of the embedded store."""
        return bool(self.chroma_host)

    def with_overrides(self, **changes: Any) -> Settings:
        """Return a copy with some values replaced (used by the Settings page)."""
        return replace(self, **changes)


# Limits that must be positive; a zero or negative timeout would make every call fail obscurely.
_POSITIVE = {"max_upload_mb", "max_uploads", "max_message_chars", "request_timeout", "total_timeout"}


def _in_range(name: str, value: float) -> float:
    """Refuse nonsense limit values with a message naming the setting."""
    label = ENV_NAMES.get(name, name)
    if value != value or value in (float("inf"), float("-inf")):
        raise ConfigError(f"Setting {label} must be a finite number.")
    if name in _POSITIVE and value <= 0:
        raise ConfigError(f"Setting {label} must be greater than 0, got {value:g}.")
    if name in ("max_retries", "local_threads") and value < 0:
        raise ConfigError(f"Setting {label} must be 0 or more, got {value:g}.")
    if name == "chroma_port" and not 1 <= value <= 65535:
        raise ConfigError(f"Setting {label} must be a port number between 1 and 65535, got {value:g}.")
    return value


def _coerce(name: str, raw: Any) -> Any:
    """Turn a raw value from any source into the field's type, or raise a clear ConfigError."""
    if raw is None:
        return None
    typ = {f.name: f.type for f in fields(Settings)}[name]
    text = str(raw).strip()
    try:
        if name == "data_dir":
            return Path(text).expanduser()
        if name == "openai_api_key":
            return Secret(text)
        if typ in ("int", int):
            return _in_range(name, int(text))
        if typ in ("float", float):
            return _in_range(name, float(text))
    except ValueError:
        raise ConfigError(f"Setting {ENV_NAMES.get(name, name)} must be a number, got {text!r}.") from None
    if name == "engine" and text not in ENGINES:
        raise ConfigError(f"Unknown engine {text!r}: choose one of {', '.join(ENGINES)}.")
    if name == "embedding" and text not in EMBEDDINGS:
        raise ConfigError(f"Unknown embedding {text!r}: choose one of {', '.join(EMBEDDINGS)}.")
    return text


def read_secrets(paths: list[Path] | None = None) -> dict[str, Any]:
    """Read Streamlit-style secrets.toml files (user-wide first, then the project's)."""
    if paths is None:
        paths = [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]
    merged: dict[str, Any] = {}
    for path in paths:
        if path.is_file():
            try:
                merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"Could not read {path.name}: {exc}") from None
    return merged


def read_saved(data_dir: Path) -> dict[str, Any]:
    """Read settings the user saved from the Settings page (never includes the API key)."""
    path = data_dir / SETTINGS_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}  # a damaged settings file must not stop the app; defaults apply
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if k in ENV_NAMES and k not in NOT_SAVED}


def save_settings(data_dir: Path, values: Mapping[str, Any]) -> Path:
    """Persist user choices to the data dir; the API key and unknown names are refused."""
    bad = set(values) - (set(ENV_NAMES) - NOT_SAVED)
    if bad:
        raise ConfigError(f"These settings cannot be saved: {', '.join(sorted(bad))}.")
    data_dir.mkdir(parents=True, exist_ok=True)
    current = read_saved(data_dir)
    current.update({k: v for k, v in values.items() if v not in (None, "")})
    for k, v in values.items():
        if v in (None, ""):
            current.pop(k, None)
    path = data_dir / SETTINGS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(current, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_settings(
    cli: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    secrets: Mapping[str, Any] | None = None,
    saved: Mapping[str, Any] | None = None,
) -> Settings:
    """Resolve settings by precedence: cli > env > secrets > saved > defaults.

    `saved` defaults to the settings file inside the resolved data dir.
    """
    cli = {k: v for k, v in (cli or {}).items() if v not in (None, "")}
    env = os.environ if env is None else env
    secrets = read_secrets() if secrets is None else secrets

    layers: list[tuple[str, dict[str, Any]]] = [
        ("cli", dict(cli)),
        ("env", {n: env[e] for n, e in ENV_NAMES.items() if env.get(e, "").strip()}),
        ("secrets", {n: secrets[e] for n, e in ENV_NAMES.items() if str(secrets.get(e, "")).strip()}),
    ]

    def pick(name: str, extra: list[tuple[str, dict[str, Any]]]) -> tuple[Any, str] | None:
        for source, layer in layers + extra:
            if name in layer:
                try:
                    return _coerce(name, layer[name]), source
                except ConfigError:
                    if source != "saved":
                        raise
                    # a bad value in the saved file falls back to the default
        return None

    found = pick("data_dir", [])
    data_dir = found[0] if found else default_data_dir()
    saved_layer = dict(read_saved(data_dir) if saved is None else saved)
    values: dict[str, Any] = {"data_dir": data_dir}
    sources: dict[str, str] = {"data_dir": found[1] if found else "default"}
    for name in ENV_NAMES:
        if name == "data_dir":
            continue
        extra = [] if name in NOT_SAVED else [("saved", saved_layer)]
        hit = pick(name, extra)
        if hit is not None:
            values[name], sources[name] = hit

    if "engine" not in values:
        # No explicit engine: a configured endpoint or GGUF file wins, otherwise run without a model.
        if values.get("openai_base_url") or values.get("openai_api_key"):
            values["engine"] = "openai"
        elif values.get("local_model"):
            values["engine"] = "local"
        else:
            values["engine"] = "offline"
        sources["engine"] = "default"
    for name in ENV_NAMES:
        sources.setdefault(name, "default")
    return Settings(**values, sources=sources)
