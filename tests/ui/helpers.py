"""AppTest helpers: run the real entrypoint with services built on the test's own data dir."""

from __future__ import annotations

import functools
from pathlib import Path

from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from app.core.services import Services
from app.ui.services import SERVICES_KEY

ENTRY = Path(__file__).resolve().parents[2] / "app" / "streamlit_app.py"
TIMEOUT = 60  # generous: the two CI cores are shared with other suites


# Every new AppTest scans all installed packages for Streamlit v2 components (about 0.2 s, most of a
# page test's own time). The packages cannot change during a test run and the app uses no such
# component, so the scan runs once per test process: its result is the same.
if not hasattr(manifest_scanner.scan_component_manifests, "cache_info"):
    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)


def open_app(services: Services | None = None, page: str | None = None, query: dict | None = None) -> AppTest:
    """Run the app (optionally with injected services, on a page, with URL query params)."""
    at = AppTest.from_file(str(ENTRY), default_timeout=TIMEOUT)
    if services is not None:
        at.session_state[SERVICES_KEY] = services
    if query:
        at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page)
        if query:
            at.query_params.update(query)
        at.run()
    return at


def texts(at: AppTest) -> str:
    """Every markdown, caption, title, header and alert text on the page, joined, for assertions."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "error",
        "warning",
        "info",
        "success",
        "code",
    ):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)


def no_exception(at: AppTest) -> None:
    """Fail with the exception's message when the script raised."""
    assert not at.exception, [e.value for e in at.exception]
