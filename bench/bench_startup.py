"""Benchmark start-up: the `coach` command, the first search and report, and the first rendered page.

Prints JSON with
  bare_interpreter_s: median wall time of `python -c pass`, measured in the same run; every timing
             below also appears as `x_bare`, its ratio to this, so runs on busier machines compare;
  cli:       `coach --help` (target 0.5 s); `coach search` cold (a new process, library already
             indexed; target 2.5 s) and first after install (a new process, empty data dir);
             `coach review` after install (empty data dir: the first coach report, from the CLI);
  in_app:    in one process as the app runs it: the first report after install (target 3 s) with
             the library warmed up in the background at app start (Services.prewarm_knowledge) and,
             for comparison, without (the index is opened from the shipped vectors on "End session");
             and the warm search latency of the Knowledge page (p50 over repeated searches; target 50 ms);
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
import shutil
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


TRANSCRIPT = {
    "persona": None,
    "scenario": None,
    "turns": [
        {"speaker": "partner", "text": "Thanks for making the time. I run a bakery on the high street."},
        {"speaker": "user", "text": "Great to meet you. So what do you do exactly?"},
        {"speaker": "partner", "text": "Wedding cakes mostly, and a cafe at the front."},
        {"speaker": "user", "text": "I sell business insurance. Would you like a quote for the cafe?"},
        {"speaker": "partner", "text": "Maybe later, thanks."},
    ],
}
# Run in a fresh interpreter: what the app does when "End session" is pressed for the first time
# after install (nothing loaded yet but the modules), then what a later Knowledge search costs.
IN_APP = """
import json, sys, time
from pathlib import Path
from app.core.config import load_settings
from app.core.services import Services
from app.core.coach import review
from app.core.transcript import load_transcript
turns = load_transcript(Path(sys.argv[2])).turns
svc = Services(load_settings(cli={"data_dir": sys.argv[1]}, env={}, secrets={}, saved={}))
if sys.argv[3] == "prewarmed":  # the app warmed the library up when it started; the user rehearsed meanwhile
    svc.prewarm_knowledge().join()
started = time.perf_counter()
kb = svc.knowledge
kb.ensure_library()
opened = time.perf_counter() - started
report = review(turns, knowledge=kb)
first_report = time.perf_counter() - started
kb.search("how do I ask for a referral without being pushy", k=4)
times = []
for q in ["how do I ask for a 1-2-1", "what is a trigger phrase", "follow up after an event",
          "the weekly 30-second presentation", "giving first", "recipe for banana bread"] * 4:
    t0 = time.perf_counter()
    kb.search(q, k=4)
    times.append(time.perf_counter() - t0)
times.sort()
print(json.dumps({"library_open_s": opened, "first_report_s": first_report, "citations": len(report.citations),
                  "warm_search_p50_s": times[len(times) // 2], "warm_search_max_s": times[-1]}))
"""


def wall(cmd: list[str], runs: int, prepare: Any = None) -> float:
    """Median wall time of running `cmd` in a fresh process (after `prepare()` each time, untimed)."""
    times = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=_clean_env())
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "OPENAI_", "CHROMA_"))}
    env["COACH_BLOCK_MODEL_CALLS"] = "1"  # the offline engine: no model is ever asked
    return env


def with_ratio(seconds: float, bare: float, target: float | None = None) -> dict[str, Any]:
    """A timing, its ratio to a bare interpreter start, and whether it meets its target."""
    out: dict[str, Any] = {"s": round(seconds, 3), "x_bare": round(seconds / bare, 1)}
    if target is not None:
        out.update(target_s=target, target_met=seconds < target)
    return out


def cli_times(runs: int, bare: float, tmp: Path) -> dict[str, Any]:
    """`coach --help`, `coach search` cold and after install, `coach review` after install."""
    coach = [sys.executable, "-m", "app.cli.main"]
    query = ["search", "how do I ask for a 1-2-1"]
    built = tmp / "built"
    subprocess.run(
        [*coach, "--data-dir", str(built), *query],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env=_clean_env(),
    )
    fresh = tmp / "fresh"
    transcript = tmp / "transcript.json"
    transcript.write_text(json.dumps(TRANSCRIPT), encoding="utf-8")

    def wipe() -> None:
        shutil.rmtree(fresh, ignore_errors=True)

    return {
        "help": with_ratio(wall([*coach, "--help"], runs), bare, 0.5),
        "search_cold": with_ratio(wall([*coach, "--data-dir", str(built), *query], runs), bare, 2.5),
        "search_first_after_install": with_ratio(
            wall([*coach, "--data-dir", str(fresh), *query], runs, wipe), bare
        ),
        "review_first_after_install": with_ratio(
            wall([*coach, "--data-dir", str(fresh), "review", str(transcript)], max(1, runs // 2), wipe), bare
        ),
    }


def in_app_times(runs: int, bare: float, tmp: Path) -> dict[str, Any]:
    """The first report after install and warm searches, in a fresh interpreter like the app's."""
    transcript = tmp / "transcript.json"
    transcript.write_text(json.dumps(TRANSCRIPT), encoding="utf-8")

    def median_run(mode: str) -> dict[str, float]:
        rows = []
        for i in range(max(1, runs // 2)):
            out = subprocess.run(
                [sys.executable, "-c", IN_APP, str(tmp / f"app-{mode}-{i}"), str(transcript), mode],
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
                env=_clean_env(),
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        return {key: statistics.median(r[key] for r in rows) for key in rows[0]}

    cold, med = median_run("cold"), median_run("prewarmed")
    return {
        "first_report_after_install": with_ratio(med["first_report_s"], bare, 3.0),
        "first_report_after_install_without_prewarm": with_ratio(cold["first_report_s"], bare),
        "of_which_library_open_without_prewarm_s": round(cold["library_open_s"], 3),
        "citations_in_report": int(med["citations"]),
        "warm_search_p50": {
            "ms": round(med["warm_search_p50_s"] * 1000, 1),
            "target_ms": 50,
            "target_met": med["warm_search_p50_s"] < 0.05,
        },
        "warm_search_max_ms": round(med["warm_search_max_s"] * 1000, 1),
    }


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


def streamlit_times(runs: int, browser: bool, bare: float) -> dict[str, Any]:
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
            result["page_200_x_bare"] = round(result["page_200_s"] / bare, 1)
            if browser:
                render = render_times(f"{base}/", runs)
                result["first_render_after_navigation_s"] = render["first_visit_s"]
                result["first_visit_app_shell_s"] = render["first_visit_shell_s"]
                result["repeat_render_median_s"] = render["repeat_median_s"]
                result["repeat_app_shell_median_s"] = render["repeat_shell_median_s"]
                result["cold_start_to_render_s"] = round(result["health_200_s"] + render["first_visit_s"], 3)
                result["cold_start_to_render_x_bare"] = round(result["cold_start_to_render_s"] / bare, 1)
                result["target_2s_met"] = render["first_visit_s"] < 2.0
            return result


def main() -> int:
    """Run the start-up benchmarks and print JSON."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-browser", action="store_true", help="skip the headless Chromium measurement")
    args = ap.parse_args()

    report: dict[str, Any] = {"benchmark": "start-up", "loadavg_1m": round(os.getloadavg()[0], 2)}
    bare = wall([sys.executable, "-c", "pass"], args.runs)
    report["bare_interpreter_s"] = round(bare, 4)
    with tempfile.TemporaryDirectory() as tmp:
        report["cli"] = cli_times(args.runs, bare, Path(tmp))
        report["in_app"] = in_app_times(args.runs, bare, Path(tmp))
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
        report["streamlit"] = streamlit_times(args.runs, browser, bare)
    else:
        report["streamlit"] = "app/streamlit_app.py does not exist yet"
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
