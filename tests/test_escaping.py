"""Text from content or data prints literally; no markup can embed a file or a link."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import flat, page_texts, render
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from handouts.document.model import Run
from handouts.errors import ContentError
from handouts.fonts import font_chain
from handouts.pdf.layout import to_markup
from handouts.pdf.styles import Palette, make_styles
from handouts.project import default_project_dir

CHAIN = font_chain(default_project_dir() / "fonts", ("NotoSans",))
STYLE = make_styles("NotoSans", 12, 1.4, Palette.from_hex("#000000", "#000000")).body
LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x24F,
                      blacklist_categories=("Cs", "Cc", "Zl", "Zp"))


@settings(max_examples=150, deadline=None)
@given(st.text(LATIN, min_size=1, max_size=60), st.booleans())
def test_any_text_survives_markup_literally(text: str, bold: bool) -> None:
    paragraph = Paragraph(to_markup((Run(text, bold),), CHAIN), STYLE)
    rendered = "".join(frag.text for frag in paragraph.frags)
    assert " ".join(rendered.split()) == " ".join(text.split())


def _set_brand_name(project: Path, name: str) -> None:
    brand = project / "brand/brand.toml"
    text = brand.read_text(encoding="utf-8")
    brand.write_text(text.replace('name = "The George Washington University Hospital"',
                                  f"name = '{name}'"), encoding="utf-8")


def test_brand_text_with_markup_characters_prints_literally(project_copy: Path) -> None:
    name = 'AT&T <b>Clinic</b> & "Sons" <img src="/etc/passwd"/>'
    _set_brand_name(project_copy, name)
    result = render(locale="en", project_dir=project_copy)
    for text in page_texts(result.pdf):
        assert name in flat(text)
    raw = result.pdf
    baseline = render(locale="en").pdf
    assert raw.count(b"/Subtype /Image") == baseline.count(b"/Subtype /Image"), \
        "the logo (and its transparency mask) is the only image"
    assert b"/URI" not in raw and b"/Link" not in raw


def test_markup_in_a_template_cannot_embed_an_image(project_copy: Path) -> None:
    path = project_copy / "templates/handouts/vertebroplasty.xml.j2"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("<p>{% trans %}It takes about an hour.",
                                 '<p><img src="/etc/passwd"/>{% trans %}It takes about an hour.'),
                    encoding="utf-8")
    with pytest.raises(ContentError, match="<img> is not allowed"):
        render(locale="en", project_dir=project_copy)


def test_personal_fields_print_literally() -> None:
    from handouts.options import Personal
    personal = Personal(patient_name="<b>Ana</b> & Co", note='Take "2" <a href="x">pills</a>')
    result = render(locale="en", personal=personal)
    text = flat(page_texts(result.pdf)[0])
    assert "<b>Ana</b> & Co" in text
    assert 'Take "2" <a href="x">pills</a>' in text
    reader = PdfReader(io.BytesIO(result.pdf))
    assert all("/Annots" not in page for page in reader.pages)


def test_a_name_in_another_script_prints_on_any_handout() -> None:
    from pdfcheck import find_notdef

    from handouts.options import Personal
    personal = Personal(patient_name="王小明 · 김민준 · ሰላም Ruiz")
    result = render(locale="en", personal=personal)
    assert "王小明 · 김민준 · ሰላም Ruiz" in flat(page_texts(result.pdf)[0])
    assert find_notdef(result.pdf) == []
