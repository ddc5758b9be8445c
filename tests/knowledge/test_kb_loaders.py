"""Loaders on real files: Markdown, text, HTML and PDF, and one clear reason for each bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from kb_fixtures import ARTICLE_COFFEE
from kb_pdfmaker import make_pdf

from app.core.errors import InputError
from app.core.knowledge.loaders import check_size, decode_text, load_bytes, title_from_name

HTML = """<!doctype html><html><head><title>Referral Basics</title>
<style>body { color: red; }</style><script>alert("ignore me")</script></head>
<body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<h1>Referral Basics</h1><p>Referrals come from people who <b>trust</b> you.</p>
<h2>Listening</h2><p>Listen for the words your partner's clients use.</p>
<ul><li>Ask about their best client</li><li>Ask what a good introduction sounds like</li></ul>
<h3>Follow up</h3><p>Send a note within two days.</p>
<footer>Copyright notice</footer></body></html>"""


def test_markdown_front_matter_and_headings(tmp_path: Path) -> None:
    path = tmp_path / "coffee.md"
    path.write_text(ARTICLE_COFFEE, encoding="utf-8")
    doc = load_bytes(path.name, path.read_bytes())
    assert doc.kind == "markdown"
    assert doc.title == "Planning a Coffee Meeting"
    assert doc.meta["tags"] == ["fixture", "coffee"]
    assert doc.meta["summary"].startswith("How to prepare")
    assert [b.text for b in doc.blocks if b.kind == "heading"][:2] == [
        "Planning a Coffee Meeting",
        "Before the meeting",
    ]
    assert "title:" not in doc.text  # front matter is not part of the readable text


def test_markdown_without_front_matter_takes_its_title_from_the_first_h1() -> None:
    doc = load_bytes("notes.md", b"Intro line.\n\n# Real Title\n\nBody text here.\n")
    assert doc.title == "Real Title"
    assert load_bytes("my_notes-file.md", b"Only a paragraph.").title == "My notes file"


def test_markdown_headings_inside_code_fences_are_text() -> None:
    doc = load_bytes("code.md", b"# T\n\n```\n# not a heading\n```\n\nAfter.\n")
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["T"]
    assert any("# not a heading" in b.text for b in doc.blocks if b.kind == "para")


def test_invalid_front_matter_gets_a_clear_reason() -> None:
    with pytest.raises(InputError, match="front matter is not valid YAML"):
        load_bytes("bad.md", b"---\ntitle: [unclosed\n---\nBody.\n")


def test_plain_text_title_and_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "tips.txt"
    path.write_text(
        "Networking Tips\n\nGive first.\nThen ask.\n\nFollow up within two days.\n", encoding="utf-8"
    )
    doc = load_bytes(path.name, path.read_bytes())
    assert doc.title == "Networking Tips"
    assert [b.text for b in doc.blocks] == ["Give first.\nThen ask.", "Follow up within two days."]


def test_html_keeps_h1_to_h3_and_drops_script_style_nav(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    doc = load_bytes(path.name, path.read_bytes())
    assert doc.title == "Referral Basics"
    headings = [(b.level, b.text) for b in doc.blocks if b.kind == "heading"]
    assert headings == [(1, "Referral Basics"), (2, "Listening"), (3, "Follow up")]
    text = " ".join(b.text for b in doc.blocks)
    for dropped in ("alert", "color: red", "Home", "About", "Copyright"):
        assert dropped not in text
    assert "Referrals come from people who trust you." in text
    assert "- Ask about their best client" in text


def test_pdf_with_a_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "guide.pdf"
    path.write_bytes(
        make_pdf(
            [["Referral partners meet every month.", "They share client stories."], ["Second page words."]],
            title="Partner Guide",
        )
    )
    doc = load_bytes(path.name, path.read_bytes())
    assert doc.kind == "pdf" and doc.title == "Partner Guide"
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Page 1", "Page 2"]
    assert "Referral partners meet every month. They share client stories." in doc.text


def test_pdf_without_text_layer_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text layer"):
        load_bytes("scan.pdf", make_pdf([[]]))
    with pytest.raises(InputError, match="not a PDF"):
        load_bytes("fake.pdf", b"hello, I am text")
    with pytest.raises(InputError, match="could not be read"):
        load_bytes("broken.pdf", b"%PDF-1.4\n1 0 obj garbage")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.md", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.md", bytes(range(256)) * 4, "binary"),
        ("latin1.txt", "Café crème, naïve façade.".encode("cp1252"), "not UTF-8"),
        ("tool.exe", b"MZ\x90\x00", "Unsupported file type '.exe'"),
        ("noext", b"text", "without an extension"),
        ("only-front-matter.md", b"---\ntitle: Nothing\n---\n", "no text"),
    ],
)
def test_bad_input_reasons(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        load_bytes(name, data)


def test_utf8_bom_and_utf16_are_accepted() -> None:
    assert decode_text("\ufeffHello".encode()) == "Hello"
    assert decode_text("Grüße".encode("utf-16")) == "Grüße"


def test_size_limit() -> None:
    check_size(1024, 1.0)
    with pytest.raises(InputError, match="over the 1 MB limit"):
        check_size(2 * 1024 * 1024, 1.0)


def test_title_from_name_keeps_1_2_1() -> None:
    assert title_from_name("asking-for-a-1-2-1.md") == "Asking for a 1-2-1"
