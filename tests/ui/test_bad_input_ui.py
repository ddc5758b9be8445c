"""Bad input through the pages: one clear message, nothing crashes, nothing saved changes, input kept."""

from __future__ import annotations

from .helpers import no_exception, open_app, texts


def test_over_long_chat_message_is_refused_and_shown_back(services):
    at = open_app(services, "ui/pages/rehearse.py")
    next(b for b in at.button if b.label == "Start the 1-2-1").click().run()
    sid = at.query_params["session"]
    limit = services.settings.max_message_chars
    text = "word " * (limit // 4)
    at.chat_input(key="rh_chat").set_value(text).run()
    no_exception(at)
    assert any("limit" in e.value for e in at.error)
    assert any(c.value == text for c in at.code), "the unsent message should be shown back to copy"
    assert len(services.store.get_session(sid)["turns"]) == 1  # only the opening line


def test_whitespace_chat_message_changes_nothing(services):
    at = open_app(services, "ui/pages/rehearse.py")
    next(b for b in at.button if b.label == "Start the 1-2-1").click().run()
    sid = at.query_params["session"]
    at.chat_input(key="rh_chat").set_value("   \n  ").run()
    no_exception(at)
    assert len(services.store.get_session(sid)["turns"]) == 1


def test_hostile_uploads_get_a_reason_each(kb_services):
    at = open_app(kb_services, "ui/pages/knowledge.py")
    at.segmented_control(key="kb_view").set_value("upload").run()
    note = b"# Notes\n\nA real paragraph about referrals from cafe owners.\n"
    at.file_uploader(key="kb_files").set_value(
        [
            ("../../escape.md", note, "text/markdown"),
            ("binary.txt", bytes(range(256)) * 4, "text/plain"),
            ("latin1.txt", "Café owners who need help".encode("latin-1"), "text/plain"),
        ]
    )
    next(b for b in at.button if b.label == "Add to the library").click().run()
    no_exception(at)
    table = at.dataframe[0].value
    results = dict(zip(table["file"], table["result"], strict=True))
    assert results["../../escape.md"] == "added"
    assert results["binary.txt"] == "skipped" and results["latin1.txt"] == "skipped"
    data = kb_services.settings.data_dir
    assert (data / "uploads" / "escape.md").is_file()
    assert not (data.parent / "escape.md").exists() and not (data.parent.parent / "escape.md").exists()

    # The same file again is recognised, not duplicated.
    at.file_uploader(key="kb_files").set_value([("escape.md", note, "text/markdown")])
    next(b for b in at.button if b.label == "Add to the library").click().run()
    table = at.dataframe[0].value
    assert list(table["result"]) == ["already there"]
    assert [d.source for d in kb_services.knowledge.list_documents() if d.origin == "user"] == [
        "uploads/escape.md"
    ]


def test_unknown_ids_in_the_address_bar_are_explained(services):
    at = open_app(services, "ui/pages/followups.py", query={"from_session": "s-nope"})
    no_exception(at)
    assert any("s-nope" in e.value for e in at.error)
    assert at.title[0].value == "Follow-ups"


def test_binary_csv_is_one_clear_message(services):
    services.store.save_profile({"name": "Jane Smith"})
    at = open_app(services, "ui/pages/followups.py")
    at.file_uploader(key="fu_csv").set_value(("contacts.csv", b"\x00\x01\x02\xff" * 100, "text/csv"))
    next(b for b in at.button if b.label == "Draft them all").click().run()
    no_exception(at)
    assert at.error, texts(at)
    assert services.store.list_drafts() == []
