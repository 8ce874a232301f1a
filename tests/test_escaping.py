"""Text from content or data prints literally; no markup can embed a file or a link."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURE, flat, page_texts, render, with_shipped_fonts
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfcheck import find_notdef
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from handouts.document.model import Run
from handouts.errors import ContentError, GlyphError
from handouts.fonts import font_chain
from handouts.options import Personal
from handouts.pdf.layout import to_markup
from handouts.pdf.styles import Palette, make_styles

CHAIN = font_chain(FIXTURE / "fonts", ("NotoSans",))
STYLE = make_styles("NotoSans", 12, 1.4, Palette.from_hex("#000000", "#000000")).body
LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x24F,
                      blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
NAME = "王小明 · 김민준 · ሰላም Ruiz"  # Chinese, Korean and Ethiopic, then Latin


@settings(max_examples=150, deadline=None)
@given(st.text(LATIN, min_size=1, max_size=60), st.booleans())
def test_any_text_survives_markup_literally(text: str, bold: bool) -> None:
    paragraph = Paragraph(to_markup((Run(text, bold),), CHAIN), STYLE)
    rendered = "".join(frag.text for frag in paragraph.frags)
    assert " ".join(rendered.split()) == " ".join(text.split())


def test_brand_text_with_markup_characters_prints_literally(project: Path) -> None:
    name = 'AT&T <b>Clinic</b> & "Sons" <img src="/etc/passwd"/>'
    brand = project / "brand/brand.toml"
    text = brand.read_text(encoding="utf-8")
    assert 'name = "Riverside Test Clinic"' in text
    brand.write_text(text.replace('name = "Riverside Test Clinic"', f"name = '{name}'"),
                     encoding="utf-8")
    result = render(locale="en", project_dir=project)
    for page in page_texts(result.pdf):
        assert name in flat(page)
    baseline = render(locale="en").pdf
    assert images_and_links(result.pdf) == images_and_links(baseline), \
        "the logo (and its transparency mask) is the only image, and there is no link"
    assert images_and_links(baseline)[1] == 0


def images_and_links(pdf: bytes) -> tuple[int, int]:
    """Image objects in the file, and annotations (links) on its pages, read with pikepdf
    (object streams hide dictionaries from a search of the bytes)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        images = sum(1 for obj in document.objects
                     if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image")
        links = sum(len(page.obj.get("/Annots", ())) for page in document.pages)
    return images, links


def test_markup_in_a_template_cannot_embed_an_image(project: Path) -> None:
    path = project / "templates/handouts/alpha.xml.j2"
    text = path.read_text(encoding="utf-8")
    old = "<p>{% trans %}Rest for"
    assert old in text
    path.write_text(text.replace(old, '<p><img src="/etc/passwd"/>{% trans %}Rest for'),
                    encoding="utf-8")
    with pytest.raises(ContentError, match="<img> is not allowed"):
        render(locale="en", project_dir=project)


def test_personal_fields_print_literally() -> None:
    personal = Personal(patient_name="<b>Ana</b> & Co", note='Take "2" <a href="x">pills</a>')
    result = render(locale="en", personal=personal)
    text = flat(page_texts(result.pdf)[0])
    assert "<b>Ana</b> & Co" in text
    assert 'Take "2" <a href="x">pills</a>' in text
    reader = PdfReader(io.BytesIO(result.pdf))
    assert all("/Annots" not in page for page in reader.pages)


@pytest.mark.parametrize("handout", ["alpha", "beta"])
def test_a_name_in_another_script_prints_on_any_handout(project: Path, handout: str) -> None:
    # The locale's own chain is Noto Sans only; the project's other fonts draw the name.
    with_shipped_fonts(project, "WenQuanYiMicroHei", "NanumGothic", "NotoSansEthiopic")
    result = render(handout, locale="en", personal=Personal(patient_name=NAME),
                    project_dir=project)
    assert NAME in flat(page_texts(result.pdf)[0])
    assert find_notdef(result.pdf) == []


@pytest.mark.parametrize("handout", ["alpha", "beta"])
def test_a_name_no_font_can_draw_is_refused_not_printed_blank(handout: str) -> None:
    # The fixture has one Latin font: printing would leave blank boxes where the name is.
    with pytest.raises(GlyphError) as info:
        render(handout, locale="en", personal=Personal(patient_name=NAME))
    assert info.value.exit_code == 9
    assert info.value.char == "王" and "NotoSans" in info.value.message
