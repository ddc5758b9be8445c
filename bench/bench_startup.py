"""Benchmark start-up: import cost of the app's core, and time to the first rendered Streamlit page.

Prints JSON with
  imports:   median wall time of fresh interpreters importing the CLI and the UI's core dependencies,
             the biggest self-import times (python -X importtime), and which heavy libraries (model
             runtimes, vector store, embeddings) got imported although nothing needed them yet;
  streamlit: (if app/streamlit_app.py exists) seconds from launching `streamlit run` to the first
             200 from /_stcore/health and from the page, and - with a headless Chromium - to the first
             rendered page (the sidebar and the page body), cold and warm. Target: under 2 s.

    python bench/bench_startup.py [--runs 5] [--no-browser]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.servers import free_port, serve, wait_http  # noqa: E402
from ui.live import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

APP = ROOT / "app" / "streamlit_app.py"
# Imported only when a feature needs them; none should load just to show the first page.
HEAVY = ["llama_cpp", "chromadb", "onnxruntime", "tokenizers", "torch", "openai", "pypdf", "numpy"]
IMPORT_TARGETS = {
    "cli": "import app.cli.main",
    "core_for_ui": "import app.core.services, app.core.config, app.core.llm",
}
SHELL = '[data-testid="stApp"]'
RENDERED = '[data-testid="stSidebar"] [data-testid="stMarkdownContainer"]'
BODY = '[data-testid="stMain"] [data-testid="stMarkdownContainer"]'


def time_import(code: str, runs: int) -> dict[str, Any]:
    """Median wall time of `python -c CODE` in fresh processes, minus a bare interpreter's start."""

    def once(snippet: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", snippet], cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - started

    bare = statistics.median(once("pass") for _ in range(runs))
    full = statistics.median(once(code) for _ in range(runs))
    return {"wall_s": round(full, 3), "minus_bare_interpreter_s": round(full - bare, 3)}


def import_profile(code: str, top: int = 8) -> dict[str, Any]:
    """Total and heaviest self-import times from `python -X importtime`, and heavy modules loaded."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|")
        rows.append((int(self_us), int(cumulative_us), name.rstrip()))
    # Nesting shows as indentation of the name column: the least indented rows are top-level imports.
    indent = min(len(r[2]) - len(r[2].lstrip()) for r in rows)
    top_level = [r for r in rows if len(r[2]) - len(r[2].lstrip()) == indent]
    return {
        "total_cumulative_s": round(sum(r[1] for r in top_level) / 1e6, 3),
        "heaviest_self_s": {r[2].strip(): round(r[0] / 1e6, 3) for r in sorted(rows, reverse=True)[:top]},
        "heavy_modules_loaded": json.loads(out.stdout.strip().splitlines()[-1]),
    }


def render_times(url: str, runs: int) -> dict[str, Any]:
    """Seconds from navigation to the rendered page in a headless Chromium (first visit and repeats)."""
    from playwright.sync_api import sync_playwright

    times, shells = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                page = browser.new_page()  # a new session each time: the script runs again
                started = time.perf_counter()
                page.goto(url, wait_until="commit")
                page.wait_for_selector(SHELL, timeout=60_000)  # the front end is up, before our script
                shells.append(time.perf_counter() - started)
                page.wait_for_selector(RENDERED, timeout=60_000)
                page.wait_for_selector(BODY, timeout=60_000)
                times.append(time.perf_counter() - started)
                page.close()
        finally:
            browser.close()
    return {
        "first_visit_s": round(times[0], 3),
        "first_visit_shell_s": round(shells[0], 3),
        "repeat_median_s": round(statistics.median(times[1:] or times), 3),
        "repeat_shell_median_s": round(statistics.median(shells[1:] or shells), 3),
    }


def streamlit_times(runs: int, browser: bool) -> dict[str, Any]:
    """Launch `streamlit run` in a clean data dir and time health, page and first render."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "OPENAI_"))}
        env.update(COACH_DATA_DIR=str(Path(tmp) / "data"), HOME=tmp)
        cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true"]
        cmd += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        health = f"{base}/_stcore/health"
        with serve(cmd, health, env=env, cwd=ROOT, timeout=60, interval=0.02, stop_timeout=10) as proc:
            result: dict[str, Any] = {"health_200_s": round(time.perf_counter() - started, 3)}
            # The same 60 s budget, counted from the launch.
            wait_http(f"{base}/", 60 - (time.perf_counter() - started), proc, interval=0.02)
            result["page_200_s"] = round(time.perf_counter() - started, 3)
            if browser:
                render = render_times(f"{base}/", runs)
                result["first_render_after_navigation_s"] = render["first_visit_s"]
                result["first_visit_app_shell_s"] = render["first_visit_shell_s"]
                result["repeat_render_median_s"] = render["repeat_median_s"]
                result["repeat_app_shell_median_s"] = render["repeat_shell_median_s"]
                result["cold_start_to_render_s"] = round(result["health_200_s"] + render["first_visit_s"], 3)
                result["target_2s_met"] = render["first_visit_s"] < 2.0
            return result


def main() -> int:
    """Run the start-up benchmarks and print JSON."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-browser", action="store_true", help="skip the headless Chromium measurement")
    args = ap.parse_args()

    report: dict[str, Any] = {"benchmark": "start-up", "loadavg_1m": round(os.getloadavg()[0], 2)}
    report["imports"] = {
        name: {**time_import(code, args.runs), **import_profile(code)}
        for name, code in IMPORT_TARGETS.items()
    }
    if APP.is_file():
        report["imports"]["streamlit_app_deps"] = {
            **time_import("import streamlit, app.ui.services, app.core.services", args.runs),
            **import_profile("import streamlit, app.ui.services, app.core.services"),
        }
        browser = not args.no_browser and Path(CHROMIUM).exists()
        report["streamlit"] = streamlit_times(args.runs, browser)
    else:
        report["streamlit"] = "app/streamlit_app.py does not exist yet"
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
