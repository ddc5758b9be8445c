"""Knowledge page: browse and read, search with sources, upload with per-file results, remove."""

from __future__ import annotations

from .helpers import no_exception, open_app, texts

PAGE = "ui/pages/knowledge.py"
NOTE = b"# Harbour Bakery referral notes\n\nOur best referral is a cafe owner opening a second site who needs sourdough wholesale.\n"


def _submit(at, label: str):
    next(b for b in at.button if b.label == label).click()
    return at.run()


def _view(at, name: str):
    at.segmented_control(key="kb_view").set_value(name).run()
    no_exception(at)
    return at


def test_browse_lists_library_and_reads_an_article(kb_services):
    at = open_app(kb_services, PAGE)
    no_exception(at)
    box = at.selectbox(key="kb_doc")
    assert len(box.options) == 2
    assert any("1-2-1" in o for o in box.options)
    box.select("knowledge/articles/giving-first.md").run()
    assert "Givers Gain" in texts(at)


def test_search_shows_passages_with_sources(library_services):
    at = _view(open_app(library_services, PAGE), "search")
    at.text_input(key="kb_query").input("how do I ask for a 1-2-1 meeting")
    _submit(at, "Search")
    no_exception(at)
    assert at.expander, "no passages shown"
    assert "Source: knowledge/articles/" in texts(at)


def test_empty_search_is_a_clear_message(kb_services):
    at = _view(open_app(kb_services, PAGE), "search")
    _submit(at, "Search")
    no_exception(at)
    assert any("Type a question" in e.value for e in at.error)


def test_upload_then_find_then_remove_after_confirming(kb_services):
    at = _view(open_app(kb_services, PAGE), "upload")
    at.file_uploader(key="kb_files").set_value(
        [
            ("harbour-bakery.md", NOTE, "text/markdown"),
            ("empty.txt", b"", "text/plain"),
        ]
    )
    _submit(at, "Add to the library")
    no_exception(at)
    table = at.dataframe[0].value
    results = dict(zip(table["file"], table["result"], strict=True))
    assert results == {"harbour-bakery.md": "added", "empty.txt": "skipped"}
    assert "1 of 2 file(s) added" in texts(at)
    assert (kb_services.settings.data_dir / "uploads" / "harbour-bakery.md").is_file()

    _view(at, "search")
    at.text_input(key="kb_query").input("sourdough wholesale for a cafe")
    _submit(at, "Search")
    assert "Source: uploads/harbour-bakery.md" in texts(at)
    assert at.segmented_control(key="kb_view").value == "search", "a search must not jump back to Browse"

    _view(at, "browse")
    assert any("Harbour Bakery" in o and "yours" in o for o in at.selectbox(key="kb_doc").options)
    at.selectbox(key="kb_doc").select("uploads/harbour-bakery.md").run()
    next(b for b in at.button if b.label == "Remove this document").click().run()
    no_exception(at)
    # Nothing is removed until the user confirms.
    assert any("Remove “Harbour Bakery" in w.value for w in at.warning)
    assert (kb_services.settings.data_dir / "uploads" / "harbour-bakery.md").is_file()
    next(b for b in at.button if b.label == "Keep it").click().run()
    assert (kb_services.settings.data_dir / "uploads" / "harbour-bakery.md").is_file()
    next(b for b in at.button if b.label == "Remove this document").click().run()
    next(b for b in at.button if b.label == "Yes, remove it").click().run()
    no_exception(at)
    assert not any("Harbour" in o for o in at.selectbox(key="kb_doc").options)
    assert [d.source for d in kb_services.knowledge.list_documents() if d.origin == "user"] == []
    assert not (kb_services.settings.data_dir / "uploads" / "harbour-bakery.md").exists()


def test_a_new_upload_is_in_browse_at_once(kb_services):
    at = _view(open_app(kb_services, PAGE), "upload")
    at.file_uploader(key="kb_files").set_value([("harbour-bakery.md", NOTE, "text/markdown")])
    _submit(at, "Add to the library")
    next(b for b in at.button if b.label.startswith("Read harbour-bakery.md")).click().run()
    no_exception(at)
    assert at.segmented_control(key="kb_view").value == "browse"
    assert at.selectbox(key="kb_doc").value == "uploads/harbour-bakery.md"
    assert "sourdough wholesale" in texts(at)


def test_index_failure_is_shown_plainly(services, monkeypatch):
    from app.core.errors import KnowledgeError

    class Broken:
        def ensure_library(self, progress=None):
            raise KnowledgeError("The knowledge index could not be opened (disk full).")

    services.__dict__["knowledge"] = Broken()
    at = open_app(services, PAGE)
    no_exception(at)
    assert any("disk full" in e.value for e in at.error)
