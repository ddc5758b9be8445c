"""Refer-me kit page: profile form (validation keeps input), build the kit, errors, download."""

from __future__ import annotations

from app.core.errors import ModelError
from app.core.llm import FakeChatModel

from .helpers import no_exception, open_app, texts

PAGE = "ui/pages/referkit.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _save_profile(at, **fields):
    for key, value in fields.items():
        widget = (
            at.text_area(key=f"pf_{key}")
            if key in ("what_i_do", "ideal_client", "story", "trigger_phrases")
            else at.text_input(key=f"pf_{key}")
        )
        widget.input(value)
    return _button(at, "Save my profile").click().run()


def test_without_profile_the_kit_waits(services):
    at = open_app(services, PAGE)
    no_exception(at)
    assert _button(at, "Build my kit").disabled
    assert "Save your profile" in texts(at)


def test_invalid_profile_keeps_input_and_saves_nothing(services):
    at = open_app(services, PAGE)
    _save_profile(at, name="Jane Smith", email="not-an-email")
    no_exception(at)
    assert any("not an email address" in e.value for e in at.error)
    assert at.text_input(key="pf_email").value == "not-an-email"
    assert services.store.get_profile() is None


def test_profile_then_kit_is_built_saved_and_downloadable(kb_services):
    at = open_app(kb_services, PAGE)
    _save_profile(
        at,
        name="Jane Smith",
        business="Smith & Co Bookkeeping",
        what_i_do="I keep the books for small trades businesses.",
        ideal_client="Owner-run building firms with 3 to 20 staff.",
        trigger_phrases="I'm drowning in paperwork\nI did my books on Sunday night again",
    )
    no_exception(at)
    assert kb_services.store.get_profile()["trigger_phrases"] == [
        "I'm drowning in paperwork",
        "I did my books on Sunday night again",
    ]
    _button(at, "Build my kit").click().run()
    no_exception(at)
    kits = kb_services.store.list_drafts(kind="referkit")
    assert len(kits) == 1
    titles = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert len(titles) == len(kits[0]["result"]["items"]) >= 4
    assert any("Jane" in t.value for t in at.text_area if t.key and t.key.startswith("kit_kb_"))
    assert any(b.label.startswith("Download the whole kit") for b in at.get("download_button"))


def test_model_error_while_building_is_shown_and_profile_kept(kb_services):
    kb_services.__dict__["model"] = FakeChatModel(
        default=ModelError("The model endpoint http://127.0.0.1:9/v1 failed: could not connect.")
    )
    kb_services.store.save_profile({"name": "Jane Smith", "what_i_do": "Bookkeeping for builders."})
    at = open_app(kb_services, PAGE)
    _button(at, "Build my kit").click().run()
    no_exception(at)
    assert any("could not connect" in e.value for e in at.error)
    assert kb_services.store.get_profile()["name"] == "Jane Smith"
    assert kb_services.store.list_drafts(kind="referkit") == []


def test_the_kit_is_built_from_the_profile_on_screen_not_an_older_one(kb_services):
    """Issue 14: the kit was built from the saved profile while the form showed new, unsaved text."""
    kb_services.store.save_profile({"name": "Jane Smith", "what_i_do": "I keep the books for builders."})
    at = open_app(kb_services, PAGE)
    at.text_area(key="pf_what_i_do").input("I fix leaking roofs for village churches.")  # no Save pressed
    _button(at, "Build my kit").click().run()
    no_exception(at)
    kit = kb_services.store.list_drafts(kind="referkit")[0]
    assert kit["inputs"]["profile"]["what_i_do"] == "I fix leaking roofs for village churches."
    assert "leaking roofs" in " ".join(i["body"] for i in kit["result"]["items"])
    assert kb_services.store.get_profile()["what_i_do"] == "I fix leaking roofs for village churches."


def test_an_invalid_edit_is_not_saved_and_the_last_good_profile_is_kept(services):
    services.store.save_profile({"name": "Jane Smith"})
    at = open_app(services, PAGE)
    at.text_input(key="pf_email").input("not-an-email").run()
    no_exception(at)
    assert any("not an email address" in e.value for e in at.error)
    assert at.text_input(key="pf_email").value == "not-an-email"
    assert not (services.store.get_profile() or {}).get("email"), "an invalid value must not be saved"
