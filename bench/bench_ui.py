"""Benchmark the web app in a real headless Chromium and print JSON.

    python bench/bench_ui.py [--turns 3]

Measures (offline engine, fresh data dir):
  startup_s          `streamlit run` started -> the first page rendered in the browser
  healthy_s          `streamlit run` started -> the server answers its health check
  first_page_s       the browser asks for the page -> its heading is visible
  turn_s             per rehearsal turn: Enter pressed -> the partner's reply and its caption are shown
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from ui.live import chromium, streamlit_server  # noqa: E402

LINES = (
    "Hi! Thanks for meeting me. Tell me about your business - who are your best clients?",
    "What does a great referral look like for you?",
    "And what should I listen out for - what do people say when they need you?",
    "What are you working towards this year?",
    "Shall we meet again in three weeks, Thursday at 9?",
)


def main() -> int:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=3, help="rehearsal turns to time (1-5)")
    args = parser.parse_args()
    turns = max(1, min(len(LINES), args.turns))
    from playwright.sync_api import expect

    with tempfile.TemporaryDirectory() as tmp, chromium() as ctx:
        page = ctx.new_page()
        page.goto("about:blank")
        started = time.perf_counter()
        with streamlit_server(Path(tmp) / "data") as url:
            healthy = time.perf_counter()
            page.goto(url)
            expect(page.get_by_role("heading", name="1-2-1 Coach")).to_be_visible(timeout=120_000)
            rendered = time.perf_counter()

            page.get_by_role("link", name="Rehearse").first.click()
            page.get_by_role("button", name="Start the 1-2-1").click()
            messages = page.locator('[data-testid="stChatMessage"]')
            expect(messages).to_have_count(1, timeout=120_000)
            box = page.locator('[data-testid="stChatInputTextArea"]')
            times = []
            for i, line in enumerate(LINES[:turns]):
                box.fill(line)
                t0 = time.perf_counter()
                box.press("Enter")
                expect(messages).to_have_count(3 + 2 * i, timeout=120_000)
                expect(messages.last).to_contain_text("offline engine", timeout=120_000)
                times.append(round(time.perf_counter() - t0, 3))
    result = {
        "engine": "offline",
        "browser": "chromium (headless)",
        "startup_s": round(rendered - started, 3),
        "healthy_s": round(healthy - started, 3),
        "first_page_s": round(rendered - healthy, 3),
        "turn_s": times,
        "turn_first_s": times[0],
        "turn_median_s": round(statistics.median(times), 3),
        "turn_warm_median_s": round(statistics.median(times[1:]), 3) if len(times) > 1 else times[0],
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
