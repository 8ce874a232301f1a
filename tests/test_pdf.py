"""What a reader of a PDF sees, read back from the file (the fixture's handouts)."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

from conftest import PRINT_DATE, flat, page_texts, render
from pypdf import PdfReader

from handouts.pipeline import Rendered


def test_every_page_carries_the_brand_and_document_line(english: Rendered) -> None:
    pages = page_texts(render(locale="en", large_print=True).pdf)
    assert len(pages) >= 2, "large print spreads the fixture over pages"
    for number, text in enumerate(pages, start=1):
        text = flat(text)
        assert "Riverside Test Clinic · 1 Example Road, Testville, ZZ 00000" in text
        assert "© 2020 Riverside Test Clinic. All rights reserved." in text
        assert "For non-commercial use only." in text
        assert "TST-001 · Version 2.1 · Clinical review: pending" in text
        assert "Printed: November 23, 2026" in text
        assert f"Page {number} of {len(pages)}" in text


def test_a_reviewed_handout_prints_its_review_date() -> None:
    text = flat(page_texts(render("beta", locale="en").pdf)[0])
    assert "TST-002 · Version 1.0 · Clinical review: January 15, 2026" in text
    assert "Pending clinical review" not in text


def test_disclaimer_and_ownership_print_once(english: Rendered) -> None:
    text = flat(" ".join(page_texts(english.pdf)))
    assert text.count("This handout gives general information.") == 1
    assert text.count("Riverside Test Clinic is run by Example Health Partners.") == 1


def test_content_and_pending_review_banner(english: Rendered) -> None:
    pages = [flat(t) for t in page_texts(english.pdf)]
    assert pages[0].startswith("TST-001") or "Resting after a test" in pages[0]
    assert "Pending clinical review: a clinician has not yet approved" in pages[0]
    whole = " ".join(pages)
    for text in ("How to rest", "Rest for two days after the test.", "Drink water.",
                 "1. Take off the bandage.", "2. Wash the skin.", "Call 911 if you have:",
                 "Chest pain.", "Your notes"):
        assert text in whole


def test_all_fonts_are_embedded_and_bold_is_real(english: Rendered) -> None:
    reader = PdfReader(io.BytesIO(english.pdf))
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts)
    assert any(name.endswith("NotoSans-Bold") for name in fonts), "headings must use the bold face"


def test_metadata_and_outline(english: Rendered) -> None:
    reader = PdfReader(io.BytesIO(english.pdf))
    info = reader.metadata
    assert info is not None
    assert info.title == "Resting after a test (TST-001)"
    assert info.author == "Riverside Test Clinic"
    assert info.subject == "What to do at home"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    titles = [item.title for item in reader.outline]  # type: ignore[union-attr]
    assert titles == ["How to rest", "Steps to follow", "Your notes"]
    assert len(titles) == len(list(english.document.sections()))


def test_same_inputs_and_date_give_identical_bytes(english: Rendered) -> None:
    again = render(locale="en")
    assert again.pdf == english.pdf
    later = render(locale="en", print_date=PRINT_DATE.replace(day=24))
    assert later.pdf != english.pdf


def test_letter_by_default_a4_and_legal_on_request(english: Rendered) -> None:
    box = PdfReader(io.BytesIO(english.pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    for paper, size in (("a4", (595, 842)), ("legal", (612, 1008))):
        box = PdfReader(io.BytesIO(render(locale="en", paper=paper).pdf)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == size


def test_concurrent_renders_in_threads_give_identical_pdfs() -> None:
    from handouts.pdf.pages import logo_image

    logo_image.cache_clear()  # make the threads race to decode the logo
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda code: render(locale=code).pdf,
                                ["en", "es", "en", "es", "en", "es"]))
    assert results[0] == results[2] == results[4]
    assert results[1] == results[3] == results[5]
