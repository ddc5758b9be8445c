"""End to end in a real headless Chromium: rehearse, report, follow-up, upload and search, reload, kit.

Starts `streamlit run` on loopback with its own data dir, drives it with Playwright, saves a
screenshot of each step (to COACH_SCREENSHOT_DIR as well when that is set, e.g. docs/screenshots).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .live import chromium, streamlit_server

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SLOW = 240_000  # ms: the first review indexes the whole library on two shared cores
NOTE = (
    "# Harbour Bakery referral notes\n\n"
    "Our best referral is a cafe owner opening a second site who needs sourdough delivered wholesale "
    "every morning before seven.\n"
)


class Shots:
    """Numbered full-page screenshots in the test's folder, mirrored to COACH_SCREENSHOT_DIR if set."""

    def __init__(self, page, folder: Path):
        self.page, self.folder, self.n = page, folder, 0
        self.mirror = (
            Path(os.environ["COACH_SCREENSHOT_DIR"]) if os.environ.get("COACH_SCREENSHOT_DIR") else None
        )

    def __call__(self, name: str) -> Path:
        self.n += 1
        path = self.folder / f"{self.n:02d}-{name}.png"
        self.page.wait_for_timeout(300)  # let charts and fonts settle
        # Streamlit scrolls inside its main area, so grow the window to the content for a whole-page picture.
        size = self.page.viewport_size
        height = self.page.evaluate(
            "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
            " return m ? m.scrollHeight : document.body.scrollHeight; }"
        )
        self.page.set_viewport_size(
            {"width": size["width"], "height": max(size["height"], min(int(height), 4000))}
        )
        self.page.wait_for_timeout(200)
        self.page.screenshot(path=str(path))
        self.page.set_viewport_size(size)
        if self.mirror is not None:
            self.mirror.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, self.mirror / f"{name}.png")
        return path


def _idle(page) -> None:
    """Wait until Streamlit has finished the current run (its status widget is gone)."""
    page.wait_for_timeout(200)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=SLOW)


def _say(page, text: str, messages_after: int) -> None:
    box = page.locator('[data-testid="stChatInputTextArea"]')
    box.fill(text)
    box.press("Enter")
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stChatMessage"]')).to_have_count(messages_after, timeout=SLOW)
    expect(page.locator('[data-testid="stChatMessage"]').last).to_contain_text("offline engine", timeout=SLOW)


def test_rehearse_report_followup_upload_search_reload(tmp_path: Path):
    from playwright.sync_api import expect

    data_dir = tmp_path / "data"
    note = tmp_path / "harbour-bakery.md"
    note.write_text(NOTE, encoding="utf-8")
    log_path = tmp_path / "streamlit.log"
    with open(log_path, "w") as log, streamlit_server(data_dir, log=log) as url, chromium() as ctx:
        page = ctx.new_page()
        shot = Shots(page, tmp_path)

        # Home renders.
        page.goto(url)
        expect(page.get_by_role("heading", name="1-2-1 Coach")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("offline · no language model")).to_be_visible()
        shot("home")

        # Rehearse: choose, read the brief, start, two turns.
        page.get_by_role("link", name="Rehearse").first.click()
        expect(page.get_by_role("heading", name="Rehearse a 1-2-1")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("Your objective:")).to_be_visible()
        shot("rehearse-setup")
        page.get_by_role("button", name="Start the 1-2-1").click()
        expect(page.get_by_role("heading", name="1-2-1 with")).to_be_visible(timeout=60_000)
        expect(page.locator('[data-testid="stChatMessage"]')).to_have_count(1, timeout=60_000)
        session_url = page.url
        assert "session=s-" in session_url
        _say(page, "Hi! Thanks for meeting me. Tell me about your business - who are your best clients?", 3)
        _say(page, "What does a great referral look like for you, and what should I listen out for?", 5)
        _idle(page)
        shot("rehearse-chat")

        # A browser refresh reopens the same conversation from the store.
        page.reload()
        expect(page.locator('[data-testid="stChatMessage"]')).to_have_count(5, timeout=60_000)
        # The line is also quoted as evidence in the report; the conversation's copy is the last one.
        expect(page.get_by_text("What does a great referral look like for you").last).to_be_visible()

        # End the session: the report with the nine checks.
        page.get_by_role("button", name="End session and get my report").click()
        expect(page.get_by_role("heading", name="Your 1-2-1 with")).to_be_visible(timeout=SLOW)
        expect(page.get_by_text("Checks passed")).to_be_visible()
        expect(page.get_by_text("Asked about their business", exact=True)).to_be_visible()
        _idle(page)
        shot("report")

        # Hand-off: a follow-up to the same person, prefilled from the rehearsal.
        page.get_by_role("button", name="Draft a follow-up to").click()
        expect(page.get_by_role("heading", name="Follow-ups")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("Filled in from your rehearsal")).to_be_visible(timeout=60_000)
        page.get_by_role("textbox", name="Your name *").fill("Jane Smith")
        page.get_by_role("textbox", name="Business", exact=True).fill("Smith & Co Bookkeeping")
        page.get_by_role("textbox", name="What you do, in one plain sentence").fill(
            "I keep the books for small trades businesses so the owners can get back to the work they enjoy."
        )
        page.get_by_role("button", name="Save my profile").click()
        expect(page.get_by_text("Profile saved.").first).to_be_visible(timeout=60_000)
        page.get_by_role("button", name="Draft it", exact=True).click()
        expect(page.get_by_text("Variant 1").first).to_be_visible(timeout=SLOW)
        expect(page.get_by_text("Variant 2").first).to_be_visible()
        _idle(page)
        shot("followup")

        # Knowledge: upload a document, then find it by search.
        page.get_by_role("link", name="Knowledge").first.click()
        expect(page.get_by_role("heading", name="Knowledge")).to_be_visible(timeout=60_000)
        _idle(page)
        page.get_by_role("radio", name="Add documents").click()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(note))
        expect(page.get_by_text("harbour-bakery.md").first).to_be_visible(timeout=30_000)
        page.get_by_role("button", name="Add to the library").click()
        expect(page.get_by_text("1 of 1 file(s) added")).to_be_visible(timeout=SLOW)
        shot("knowledge-upload")
        page.get_by_role("radio", name="Search").click()
        page.get_by_role("textbox", name="Search the library").fill("sourdough delivered wholesale to a cafe")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page.get_by_text("Source: uploads/harbour-bakery.md")).to_be_visible(timeout=SLOW)
        shot("knowledge-search")

        # Reload the session's address: the rehearsal and its report are still there.
        page.goto(session_url)
        expect(page.get_by_role("heading", name="Your 1-2-1 with")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("Checks passed")).to_be_visible()
        page.get_by_text("The conversation", exact=True).click()
        # The line is also quoted as evidence in the report; the conversation's copy is the last one.
        expect(page.get_by_text("What does a great referral look like for you").last).to_be_visible()
        shot("session-after-reload")

        # Refer-me kit from the profile saved on the Follow-ups page.
        page.get_by_role("link", name="Refer-me kit").first.click()
        expect(page.get_by_role("heading", name="Refer-me kit")).to_be_visible(timeout=60_000)
        page.get_by_role("button", name="Build my kit").click()
        expect(page.get_by_text("How to refer Jane Smith").first).to_be_visible(timeout=SLOW)
        _idle(page)
        shot("referkit")

        # History lists it; a click on a row opens it. Settings shows the engine, the key field and data folder.
        page.get_by_role("link", name="History").first.click()
        expect(page.get_by_role("heading", name="History")).to_be_visible(timeout=60_000)
        _idle(page)
        grid = page.get_by_test_id("stDataFrame").first.bounding_box()
        page.mouse.click(grid["x"] + 60, grid["y"] + 35 + 17)  # the first data row
        expect(page.get_by_role("button", name="Open in Rehearse")).to_be_visible(timeout=60_000)
        _idle(page)
        shot("history")
        page.get_by_role("link", name="Settings").first.click()
        expect(page.get_by_role("heading", name="Settings")).to_be_visible(timeout=60_000)
        _idle(page)
        shot("settings")

        # Home now shows the follow-up that is due and the rehearsal with its score.
        page.get_by_role("link", name="Home").first.click()
        expect(page.get_by_text("1 reviewed rehearsal so far")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("due tomorrow").or_(page.get_by_text("due today")).first).to_be_visible()
        _idle(page)
        shot("home-after")

    log_text = log_path.read_text()
    assert "Traceback" not in log_text, log_text[-3000:]
    assert len(list(tmp_path.glob("*.png"))) == 12
